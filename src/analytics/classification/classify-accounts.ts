import { sql, type Kysely } from 'kysely';
import type { SourceName } from '../../core/canonical.js';
import { TERM_BIT, type DescriptionMatcher } from '../../rules/matcher.js';
import type { Database, TransactionRow } from '../../store/schema.js';
import { dialect } from '../dialect.js';
import { NSF_CANDIDATE, NSF_FEE } from './classes.js';
import { NsfCounter } from './nsf-fees.js';
import { postedRowPages } from './row-pages.js';
import { createScratch, emptyScratch, insertIntegers } from '../scratch-tables.js';

/** The rows of the accounts being classified that matched something, before their listed columns are copied. */
const MATCHED = dialect.scratchTable('matched_rows');

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
  const pks = accounts.map((account) => account.pk);
  await db.deleteFrom('txn_classes').where('bank_account_pk', 'in', pks).execute();
  await db.deleteFrom('account_classes').where('bank_account_pk', 'in', pks).execute();
  await matchRows(db, accounts, matcher);
  await countNsfFees(db, pks);
  const classes = accounts.map((account) => ({ bank_account_pk: account.pk, document_pk: account.document_pk, rules_fingerprint: fingerprint }));
  for (let at = 0; at < classes.length; at += WRITE_ROWS) await db.insertInto('account_classes').values(classes.slice(at, at + WRITE_ROWS)).execute();
}

/**
 * Matches every posted row of the accounts, page by page, noting the rows that matched in a scratch table
 * as integers; then stores them in txn_classes with their listed columns, copied in one statement (see
 * migration 005). Only what matching needs is read: every column read costs on every row, and few rows
 * match. Categories are compared in SQL (SQLite's upper() maps a–z only, as §4a says).
 */
async function matchRows(db: Kysely<Database>, accounts: readonly AccountToClassify[], matcher: DescriptionMatcher): Promise<void> {
  await createScratch(db, MATCHED, sql`transaction_pk INTEGER PRIMARY KEY, flags INTEGER NOT NULL, lender_kinds INTEGER NOT NULL, lender_index INTEGER NOT NULL`);
  const plaid = new Set(accounts.filter((account) => account.source === 'PLAID').map((account) => account.pk));
  const categories = sql.join(matcher.nsfCategories.length > 0 ? matcher.nsfCategories : [null]);
  const nsfCategory = sql<number>`(upper(category) IN (${categories}) OR upper(pfc_detailed) IN (${categories}))`.as('nsf_category');
  const pages = postedRowPages(db, accounts.map((account) => account.pk), {
    select: (query) => query.select(['pk', 'bank_account_pk', 'amount_cents', 'description', nsfCategory]),
    names: ['pk', 'bank_account_pk', 'amount_cents', 'description', 'nsf_category'],
  });
  for await (const rows of pages) {
    const matched: number[] = [];
    for (const row of rows) {
      const classes = classified(row, matcher, plaid.has(row.bank_account_pk));
      if (classes !== null) matched.push(row.pk, classes.flags, classes.lenderKinds, classes.lender);
    }
    await insertIntegers(db, MATCHED, ['transaction_pk', 'flags', 'lender_kinds', 'lender_index'], matched);
  }
  await sql`
    INSERT INTO txn_classes (bank_account_pk, transaction_pk, txn_date, amount_cents, flags, lender_kinds, lender_index,
                             document_pk, source_txn_id, description, category)
    SELECT t.bank_account_pk, t.pk, t.txn_date, t.amount_cents, m.flags, m.lender_kinds, m.lender_index,
           t.document_pk, t.source_txn_id, t.description, t.category
    FROM ${MATCHED} AS m JOIN transactions AS t ON t.pk = m.transaction_pk`.execute(db);
  await emptyScratch(db, MATCHED);
}

type RowToClassify = Pick<TransactionRow, 'pk' | 'bank_account_pk' | 'amount_cents' | 'description'> & { readonly nsf_category: number };

/** What the row's description (and, for Plaid rows, its categories) matched; null when nothing. */
function classified(row: RowToClassify, matcher: DescriptionMatcher, hasCategories: boolean): { flags: number; lenderKinds: number; lender: number } | null {
  const match = matcher.match(row.description);
  let flags = match.terms;
  const nsfCategory = hasCategories && row.nsf_category === 1;
  if (row.amount_cents < 0 && ((flags & TERM_BIT.nsf) !== 0 || nsfCategory) && (flags & TERM_BIT.nsf_excluded) === 0) flags |= NSF_CANDIDATE;
  if (flags === 0 && match.lender < 0) return null;
  return { flags, lenderKinds: match.lenderKinds, lender: match.lender };
}

/**
 * Counts each account's NSF fees (nsf-fees.ts) over its candidates and possible refunds, in date order,
 * then source txn id: the order same-day fees are taken in (SPEC §4a is silent; the aggregator's id is
 * what another implementation sees too). One read for all the accounts, each counted on its own.
 */
async function countNsfFees(db: Kysely<Database>, accountPks: readonly number[]): Promise<void> {
  const events = await db
    .selectFrom('txn_classes as c')
    .select(['c.bank_account_pk as account', 'c.transaction_pk as pk', 'c.txn_date as date', 'c.amount_cents as amountCents', 'c.flags'])
    .where('c.bank_account_pk', 'in', accountPks)
    .where((eb) =>
      eb.or([
        eb(sql`c.flags & ${NSF_CANDIDATE}`, '<>', 0),
        eb.and([eb('c.amount_cents', '>', 0), eb(sql`c.flags & ${TERM_BIT.fee_reversal}`, '<>', 0)]),
      ]),
    )
    .orderBy('c.bank_account_pk')
    .orderBy('c.txn_date')
    .orderBy('c.source_txn_id')
    .execute();
  const counted: Array<readonly [number, number]> = [];
  for (let at = 0; at < events.length; ) {
    const account = events[at]!.account;
    const counter = new NsfCounter();
    for (; at < events.length && events[at]!.account === account; at += 1) {
      const event = events[at]!;
      counter.add({ pk: event.pk, date: event.date, amountCents: event.amountCents, kind: (event.flags & NSF_CANDIDATE) !== 0 ? 'fee' : 'refund' });
    }
    for (const pk of counter.finish()) counted.push([account, pk]);
  }
  for (let at = 0; at < counted.length; at += WRITE_ROWS) {
    const rows = counted.slice(at, at + WRITE_ROWS).map(([account, pk]) => sql`(${account}, ${pk})`);
    await sql`UPDATE txn_classes SET flags = flags | ${NSF_FEE} WHERE (bank_account_pk, transaction_pk) IN (VALUES ${sql.join(rows)})`.execute(db);
  }
}
