/** Source account ids whose pks a writer keeps at hand; a document with more looks the others up again. */
const CAPACITY = 4_096;

/**
 * The pks of the accounts a writer used last, at most CAPACITY of them, the least recently used
 * forgotten first: a document of 200,000 accounts must not hold them all. Rows come account by
 * account, so the last answer is checked first (cheaper than hashing the id).
 */
export class AccountPkCache {
  private readonly pks = new Map<string, number>();
  private lastId: string | null = null;
  private lastPk = 0;

  get(sourceAccountId: string): number | undefined {
    if (sourceAccountId === this.lastId) return this.lastPk;
    const pk = this.pks.get(sourceAccountId);
    if (pk === undefined) return undefined;
    this.pks.delete(sourceAccountId); // re-inserted below, as the newest entry
    this.set(sourceAccountId, pk);
    return pk;
  }

  set(sourceAccountId: string, pk: number): void {
    this.pks.set(sourceAccountId, pk);
    if (this.pks.size > CAPACITY) this.pks.delete(this.pks.keys().next().value!);
    this.lastId = sourceAccountId;
    this.lastPk = pk;
  }
}
