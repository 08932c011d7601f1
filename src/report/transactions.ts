import { classificationColumns } from '../analytics/classification/classified-rows.js';
import { refreshClassification } from '../analytics/classification/refresh-classification.js';
import { accountFigures } from '../analytics/book-figures.js';
import { refreshFigures } from '../analytics/refresh.js';
import type { Rules } from '../rules/rules.js';
import { rowExplanation, type RowExplanation } from './row-explanation.js';
import { toOcrolusDate } from '../core/dates.js';
import { formatCents } from '../core/money.js';
import type { TransactionStatus } from '../core/canonical.js';
import { documentFromRow, type IngestedDocument } from '../ingest/ingested-document.js';
import type { StoreDatabase } from '../store/database.js';
import type { BankAccountRow, DocumentRow, ListedTransaction, TransactionRow } from '../store/schema.js';
import { accountTimeline, type AccountTimeline } from './account-timeline.js';
import { bankAccountObject, type BankAccountObject } from './bank-account.js';
import { collect, jsonArray, jsonObject, mapAsync } from './json-pieces.js';

/** Rows Kysely fetches per step of a stream. */
const STREAM_ROWS = 1_000;

/** A transaction in the Ocrolus `/transaction` shape, with the aggregator's id and our status. */
export interface TransactionObject {
  readonly pk: number;
  readonly bank_account_pk: number;
  readonly uploaded_doc_pk: number;
  readonly amount: string;
  readonly txn_date: string;
  readonly description: string;
  readonly source_txn_id: string;
  readonly status: TransactionStatus;
  readonly category: string | null;
}

/**
 * A row of the `/transaction` object: also says whether it belongs to a probable recurring group, and how
 * the rules classified it (`tags`, `lender`: see row-explanation.ts).
 */
export interface BookTransactionObject extends TransactionObject, RowExplanation {
  readonly is_recurring: boolean;
}

/** An account of the `/transaction` object: as Ocrolus' entries, with its periods, activity and transaction dates. */
export interface TransactionsAccountObject extends BankAccountObject, AccountTimeline {}

/** The Ocrolus `/transaction` object (SPEC §5): accounts and documents keyed by pk, as Ocrolus keys them. */
export interface TransactionsReport {
  readonly bank_accounts: Record<string, TransactionsAccountObject>;
  readonly txns: BookTransactionObject[];
  /** Each with its `name` and `pages` (the files it was read from), as Ocrolus' uploaded docs have, and the rest we know. */
  readonly uploaded_docs: Record<string, IngestedDocument>;
}

export async function transactionsReport(db: StoreDatabase, bookPk: number, rules: Rules): Promise<TransactionsReport> {
  await refreshDerived(db, bookPk, rules);
  const txns = await collect(mapAsync(transactionRows(db, bookPk), (row) => bookTransactionObject(row, rules)));
  return {
    bank_accounts: Object.fromEntries(await collect(transactionsAccountMembers(db, bookPk))),
    txns,
    uploaded_docs: Object.fromEntries(await collect(uploadedDocMembers(db, bookPk))),
  };
}

/**
 * The same object as JSON text, in pieces: accounts, rows and documents stream from SQLite, so a book of
 * millions of transactions or 200,000 accounts is written without holding them (or one giant string) in memory.
 */
export async function* transactionsReportJson(db: StoreDatabase, bookPk: number, rules: Rules): AsyncGenerator<string> {
  await refreshDerived(db, bookPk, rules);
  yield '{"bank_accounts":';
  yield* jsonObject(transactionsAccountMembers(db, bookPk));
  yield ',"txns":';
  yield* jsonArray(mapAsync(transactionRows(db, bookPk), (row) => bookTransactionObject(row, rules)));
  yield ',"uploaded_docs":';
  yield* jsonObject(uploadedDocMembers(db, bookPk));
  yield '}';
}

export function transactionObject(row: ListedTransaction): TransactionObject {
  return {
    pk: row.pk,
    bank_account_pk: row.bank_account_pk,
    uploaded_doc_pk: row.document_pk,
    amount: formatCents(row.amount_cents),
    txn_date: toOcrolusDate(row.txn_date),
    description: row.description,
    source_txn_id: row.source_txn_id,
    status: row.status,
    category: row.category,
  };
}

async function refreshDerived(db: StoreDatabase, bookPk: number, rules: Rules): Promise<void> {
  await refreshFigures(db, bookPk);
  await refreshClassification(db, bookPk, rules);
}

type ReportRow = TransactionRow & { is_recurring: number } & Parameters<typeof rowExplanation>[0];

function bookTransactionObject({ is_recurring, flags, lender_index, paired, bucket, ...row }: ReportRow, rules: Rules): BookTransactionObject {
  return { ...transactionObject(row), is_recurring: is_recurring === 1, ...rowExplanation({ ...row, flags, lender_index, paired, bucket }, rules) };
}

function transactionRows(db: StoreDatabase, bookPk: number): AsyncIterableIterator<ReportRow> {
  return db.kysely
    .selectFrom('transactions')
    .leftJoin('txn_classes as c', (join) => join.onRef('c.bank_account_pk', '=', 'transactions.bank_account_pk').onRef('c.transaction_pk', '=', 'transactions.pk'))
    .leftJoin('interbank_txns as i', (join) => join.onRef('i.bank_account_pk', '=', 'transactions.bank_account_pk').onRef('i.transaction_pk', '=', 'transactions.pk'))
    .selectAll('transactions')
    .select(classificationColumns('transactions'))
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('figure_txns')
            .select('figure_txns.transaction_pk')
            .whereRef('figure_txns.transaction_pk', '=', 'transactions.pk')
            .where('figure_txns.figure', '=', 'recurring'),
        )
        .$castTo<number>()
        .as('is_recurring'),
    )
    .where('transactions.book_pk', '=', bookPk)
    .orderBy('transactions.bank_account_pk')
    .orderBy('transactions.txn_date')
    .orderBy('transactions.pk')
    .stream(STREAM_ROWS) as AsyncIterableIterator<ReportRow>;
}

/** The book's accounts in pk order, as they are read. */
function bankAccounts(db: StoreDatabase, bookPk: number): AsyncGenerator<BankAccountObject> {
  const rows: AsyncIterable<BankAccountRow> = db.kysely.selectFrom('bank_accounts').selectAll().where('book_pk', '=', bookPk).orderBy('pk').stream(STREAM_ROWS);
  return mapAsync(rows, bankAccountObject);
}

/** `bank_accounts` keyed by pk, as `[key, account]` members. */
export function bankAccountMembers(db: StoreDatabase, bookPk: number): AsyncGenerator<readonly [string, BankAccountObject]> {
  return mapAsync(bankAccounts(db, bookPk), (account) => [String(account.pk), account] as const);
}

/**
 * The `/transaction` accounts keyed by pk, from their figures (refreshFigures first), read a chunk of accounts at
 * a time as the summary reads them.
 */
function transactionsAccountMembers(db: StoreDatabase, bookPk: number): AsyncGenerator<readonly [string, TransactionsAccountObject]> {
  return mapAsync(accountFigures(db, bookPk, { recurring: false }), (figures) => {
    const account: TransactionsAccountObject = { ...bankAccountObject(figures.account), ...accountTimeline(figures) };
    return [String(account.pk), account] as const;
  });
}

/** The book's documents in pk order, as they are read. */
export function uploadedDocs(db: StoreDatabase, bookPk: number): AsyncGenerator<IngestedDocument> {
  const rows: AsyncIterable<DocumentRow> = db.kysely.selectFrom('documents').selectAll().where('book_pk', '=', bookPk).orderBy('pk').stream(STREAM_ROWS);
  return mapAsync(rows, (row) => documentFromRow(row));
}

/** `uploaded_docs` keyed by pk, as `[key, document]` members (a stored document always has its pk). */
function uploadedDocMembers(db: StoreDatabase, bookPk: number): AsyncGenerator<readonly [string, IngestedDocument]> {
  return mapAsync(uploadedDocs(db, bookPk), (document) => [String(document.pk), document] as const);
}
