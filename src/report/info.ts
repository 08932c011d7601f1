import { createdFields, type CreatedFields } from '../core/dates.js';
import type { IngestedDocument } from '../ingest/ingested-document.js';
import type { StoreDatabase } from '../store/database.js';
import type { BankAccountObject } from './bank-account.js';
import { collect, jsonArray, jsonObject } from './json-pieces.js';
import { bankAccountMembers, uploadedDocs } from './transactions.js';

/** The Ocrolus `book/info` object (SPEC §5): its accounts keyed by pk, as Ocrolus keys them, and its documents in pk order. */
export interface BookInfo extends CreatedFields {
  readonly pk: number;
  readonly name: string;
  readonly bank_accounts: Record<string, BankAccountObject>;
  readonly docs: IngestedDocument[];
}

/** One line of `books`. */
export interface BookListing extends CreatedFields {
  readonly pk: number;
  readonly name: string;
}

export async function bookInfo(db: StoreDatabase, bookPk: number): Promise<BookInfo> {
  return { ...(await bookFields(db, bookPk)), bank_accounts: Object.fromEntries(await collect(bankAccountMembers(db, bookPk))), docs: await collect(uploadedDocs(db, bookPk)) };
}

/** The same object as JSON text, in pieces: accounts and documents stream from SQLite, one at a time. */
export async function* bookInfoJson(db: StoreDatabase, bookPk: number): AsyncGenerator<string> {
  yield `${JSON.stringify(await bookFields(db, bookPk)).slice(0, -1)},"bank_accounts":`;
  yield* jsonObject(bankAccountMembers(db, bookPk));
  yield ',"docs":';
  yield* jsonArray(uploadedDocs(db, bookPk));
  yield '}';
}

async function bookFields(db: StoreDatabase, bookPk: number): Promise<BookListing> {
  const book = await db.kysely.selectFrom('books').select(['pk', 'name', 'created_at']).where('pk', '=', bookPk).executeTakeFirstOrThrow();
  return bookListing(book);
}

export async function bookListings(db: StoreDatabase): Promise<BookListing[]> {
  const rows = await db.kysely.selectFrom('books').select(['pk', 'name', 'created_at']).orderBy('pk').execute();
  return rows.map(bookListing);
}

function bookListing(row: { pk: number; name: string; created_at: string }): BookListing {
  return { pk: row.pk, name: row.name, ...createdFields(row.created_at) };
}
