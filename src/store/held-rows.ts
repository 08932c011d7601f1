import type { Database, Statement } from 'better-sqlite3';
import type { IsoDate } from '../core/dates.js';
import type { Money } from '../core/money.js';

/**
 * What a document's writer must keep until later in the document, kept in TEMP tables of the
 * connection rather than in JS memory, so that it does not grow with the number of accounts:
 * - anchors (`balances.current`) whose date comes later: an Asset Report's `date_generated` written
 *   after its items, or /transactions/get's newest transaction date, known at commit (SPEC §2);
 * - accounts whose item names its institution after them (Plaid writes `accounts` first).
 *
 * The tables are created by the first document that needs them, inside its transaction (a rollback
 * drops them again), and emptied whenever they are used; each document starts by emptying them, so
 * nothing one document held can reach another.
 */
export class HeldRows {
  private statements: HeldStatements | null = null;
  private anchorsHeld = false;

  constructor(
    private readonly sqlite: Database,
    private readonly documentPk: number,
  ) {}

  /** Holds an account's anchor until `dateAnchors`; a later one for the same account replaces it (the last file wins). */
  holdAnchor(accountPk: number, balance: Money): void {
    this.prepared().holdAnchor.run(accountPk, balance.cents, balance.text);
    this.anchorsHeld = true;
  }

  get hasAnchors(): boolean {
    return this.anchorsHeld;
  }

  /** Writes the held anchors as balance points of `date`, in one statement, and lets them go. */
  dateAnchors(date: IsoDate): void {
    if (!this.anchorsHeld) return;
    const statements = this.prepared();
    statements.writeAnchors.run({ document: this.documentPk, date });
    statements.dropAnchors.run();
    this.anchorsHeld = false;
  }

  /** Lets the held anchors go unwritten: how many there were, and the source ids of the first `limit` of them. */
  dropAnchors(limit: number): { count: number; firstAccounts: string[] } {
    if (!this.anchorsHeld) return { count: 0, firstAccounts: [] };
    const statements = this.prepared();
    const { count } = statements.countAnchors.get() as { count: number };
    const firstAccounts = statements.firstAnchorAccounts.pluck().all(limit) as string[];
    statements.dropAnchors.run();
    this.anchorsHeld = false;
    return { count, firstAccounts };
  }

  /** The account's bank name and institution id come with the next `applyInstitution`. */
  awaitInstitution(accountPk: number): void {
    this.prepared().awaitInstitution.run(accountPk);
  }

  /** Gives the waiting accounts their item's institution (a field it lacks keeps its older value) and lets them go. */
  applyInstitution(bankName: string | null, institutionId: string | null): void {
    const statements = this.prepared();
    statements.applyInstitution.run({ bankName, institutionId });
    statements.dropAwaiting.run();
  }

  private prepared(): HeldStatements {
    if (this.statements === null) {
      createAndEmpty(this.sqlite);
      this.statements = preparedOf(this.sqlite);
    }
    return this.statements;
  }
}

/**
 * Statements are prepared once per connection: a rollback that drops the tables again leaves them to be
 * recompiled by SQLite when the next document has created the tables anew.
 */
const preparedStatements = new WeakMap<Database, HeldStatements>();

function preparedOf(sqlite: Database): HeldStatements {
  let statements = preparedStatements.get(sqlite);
  if (statements === undefined) {
    statements = prepare(sqlite);
    preparedStatements.set(sqlite, statements);
  }
  return statements;
}

interface HeldStatements {
  readonly holdAnchor: Statement;
  readonly writeAnchors: Statement;
  readonly countAnchors: Statement;
  readonly firstAnchorAccounts: Statement;
  readonly dropAnchors: Statement;
  readonly awaitInstitution: Statement;
  readonly applyInstitution: Statement;
  readonly dropAwaiting: Statement;
}

function createAndEmpty(sqlite: Database): void {
  sqlite.exec(`
    CREATE TEMP TABLE IF NOT EXISTS held_anchors (
      account_pk INTEGER PRIMARY KEY, balance_cents INTEGER NOT NULL, balance_text TEXT NOT NULL);
    CREATE TEMP TABLE IF NOT EXISTS awaiting_institution (account_pk INTEGER PRIMARY KEY);
    DELETE FROM temp.held_anchors;
    DELETE FROM temp.awaiting_institution;`);
}

function prepare(sqlite: Database): HeldStatements {
  return {
    holdAnchor: sqlite.prepare(`
      INSERT INTO temp.held_anchors (account_pk, balance_cents, balance_text) VALUES (?, ?, ?)
      ON CONFLICT (account_pk) DO UPDATE SET balance_cents = excluded.balance_cents, balance_text = excluded.balance_text`),
    // `WHERE true` tells SQLite's parser that ON CONFLICT is the upsert's, not a join's.
    writeAnchors: sqlite.prepare(`
      INSERT INTO balance_points (bank_account_pk, document_pk, balance_date, kind, rank, balance_cents, balance_text)
      SELECT account_pk, @document, @date, 'anchor', 1, balance_cents, balance_text FROM temp.held_anchors WHERE true
      ON CONFLICT (bank_account_pk, balance_date, kind) DO UPDATE SET
        document_pk = excluded.document_pk, rank = excluded.rank, balance_cents = excluded.balance_cents,
        balance_text = excluded.balance_text`),
    countAnchors: sqlite.prepare('SELECT count(*) AS count FROM temp.held_anchors'),
    firstAnchorAccounts: sqlite.prepare(`
      SELECT a.source_account_id FROM temp.held_anchors AS h JOIN bank_accounts AS a ON a.pk = h.account_pk
      ORDER BY h.account_pk LIMIT ?`),
    dropAnchors: sqlite.prepare('DELETE FROM temp.held_anchors'),
    awaitInstitution: sqlite.prepare('INSERT OR IGNORE INTO temp.awaiting_institution (account_pk) VALUES (?)'),
    applyInstitution: sqlite.prepare(`
      UPDATE bank_accounts SET bank_name = COALESCE(@bankName, bank_name), institution_id = COALESCE(@institutionId, institution_id)
      WHERE pk IN (SELECT account_pk FROM temp.awaiting_institution)`),
    dropAwaiting: sqlite.prepare('DELETE FROM temp.awaiting_institution'),
  };
}
