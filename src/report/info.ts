import type { IngestedDocument } from '../ingest/ingested-document.js';
import type { StoreDatabase } from '../store/database.js';
import type { BankAccountObject } from './bank-account.js';
import { bankAccounts, uploadedDocs } from './transactions.js';

/** The Ocrolus `book/info` object (SPEC §5). */
export interface BookInfo {
  readonly pk: number;
  readonly name: string;
  readonly created: string;
  readonly bank_accounts: BankAccountObject[];
  readonly docs: IngestedDocument[];
}

/** One line of `books`. */
export interface BookListing {
  readonly pk: number;
  readonly name: string;
  readonly created: string;
}

export async function bookInfo(db: StoreDatabase, bookPk: number): Promise<BookInfo> {
  const book = await db.kysely.selectFrom('books').selectAll().where('pk', '=', bookPk).executeTakeFirstOrThrow();
  return {
    pk: book.pk,
    name: book.name,
    created: book.created_at,
    bank_accounts: await bankAccounts(db, bookPk),
    docs: await uploadedDocs(db, bookPk),
  };
}

export async function bookListings(db: StoreDatabase): Promise<BookListing[]> {
  const rows = await db.kysely.selectFrom('books').select(['pk', 'name', 'created_at']).orderBy('pk').execute();
  return rows.map((row) => ({ pk: row.pk, name: row.name, created: row.created_at }));
}
