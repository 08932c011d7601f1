import { sql, type Kysely } from 'kysely';
import type { SourceName } from '../../core/canonical.js';
import { TERM_BIT, type DescriptionMatcher } from '../../rules/matcher.js';
import type { Database, TxnClassesTable } from '../../store/schema.js';
import { NSF_CANDIDATE, NSF_FEE } from './classes.js';
import { NsfCounter } from './nsf-fees.js';

/** Rows read per page of an account: pages keep memory flat and let the writes run between reads. */
const PAGE_ROWS = 20_000;
/** Rows per INSERT or UPDATE statement. */
const WRITE_ROWS = 1_000;

export interface AccountToClassify {
  readonly pk: number;
  readonly document_pk: number;
  readonly source: SourceName;
}

/**
 * Classifies every posted row of `accounts` under the rules of `matcher` (SPEC §4a), replacing what was
 * stored for them: the term lists and lenders each description matches, then which NSF candidates are
 * counted. Only rows that matched something are stored.
 */
export async function classifyAccounts(db: Kysely<Database>, accounts: readonly AccountToClassify[], matcher: DescriptionMatcher, fingerprint: string): Promise<void> {
  for (const account of accounts) {
    await db.deleteFrom('txn_classes').where('bank_account_pk', '=', account.pk).execute();
    await db.deleteFrom('account_classes').where('bank_account_pk', '=', account.pk).execute();
    await matchRows(db, account, matcher);
    await countNsfFees(db, account.pk);
    await db.insertInto('account_classes').values({ bank_account_pk: account.pk, document_pk: account.document_pk, rules_fingerprint: fingerprint }).execute();
  }
}

/** Pages through the account's posted rows along its unique key (no sort), storing what each matches. */
async function matchRows(db: Kysely<Database>, account: AccountToClassify, matcher: DescriptionMatcher): Promise<void> {
  const categories = account.source === 'PLAID'; // only Plaid rows have categories (SPEC §4a)
  for (let after: string | null = null; ; ) {
    const rows = await db
      .selectFrom('transactions')
      .select(['pk', 'txn_date', 'amount_cents', 'description', 'category', 'source_txn_id'])
      .where('bank_account_pk', '=', account.pk)
      .$if(after !== null, (query) => query.where('source_txn_id', '>', after!))
      .where('status', '=', 'posted')
      .orderBy('source_txn_id')
      .limit(PAGE_ROWS)
      .execute();
    if (rows.length === 0) return;
    after = rows.at(-1)!.source_txn_id;
    const matched: TxnClassesTable[] = [];
    for (const row of rows) {
      const match = matcher.match(row.description);
      let flags = match.terms;
      const nsfCategory = categories && matcher.isNsfCategory(row.category);
      if (row.amount_cents < 0 && ((flags & TERM_BIT.nsf) !== 0 || nsfCategory) && (flags & TERM_BIT.nsf_excluded) === 0) flags |= NSF_CANDIDATE;
      if (flags === 0 && match.lender < 0) continue;
      matched.push({
        bank_account_pk: account.pk,
        transaction_pk: row.pk,
        txn_date: row.txn_date,
        amount_cents: row.amount_cents,
        flags,
        lender_kinds: match.lenderKinds,
        lender_index: match.lender,
      });
    }
    for (let at = 0; at < matched.length; at += WRITE_ROWS) await db.insertInto('txn_classes').values(matched.slice(at, at + WRITE_ROWS)).execute();
  }
}

/**
 * Counts the account's NSF fees (nsf-fees.ts) over its candidates and possible refunds, in date order,
 * then source txn id: the order same-day fees are taken in (SPEC §4a is silent; the aggregator's id is
 * what another implementation sees too).
 */
async function countNsfFees(db: Kysely<Database>, accountPk: number): Promise<void> {
  const events = await db
    .selectFrom('txn_classes as c')
    .innerJoin('transactions as t', 't.pk', 'c.transaction_pk')
    .select(['c.transaction_pk as pk', 'c.txn_date as date', 'c.amount_cents as amountCents', 'c.flags'])
    .where('c.bank_account_pk', '=', accountPk)
    .where((eb) =>
      eb.or([
        eb(sql`c.flags & ${NSF_CANDIDATE}`, '<>', 0),
        eb.and([eb('c.amount_cents', '>', 0), eb(sql`c.flags & ${TERM_BIT.fee_reversal}`, '<>', 0)]),
      ]),
    )
    .orderBy('c.txn_date')
    .orderBy('t.source_txn_id')
    .execute();
  if (events.length === 0) return;
  const counter = new NsfCounter();
  for (const event of events) counter.add({ ...event, kind: (event.flags & NSF_CANDIDATE) !== 0 ? 'fee' : 'refund' });
  const counted = counter.finish();
  for (let at = 0; at < counted.length; at += WRITE_ROWS) {
    await sql`UPDATE txn_classes SET flags = flags | ${NSF_FEE}
      WHERE bank_account_pk = ${accountPk} AND transaction_pk IN (${sql.join(counted.slice(at, at + WRITE_ROWS))})`.execute(db);
  }
}
