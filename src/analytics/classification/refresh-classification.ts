import { sql } from 'kysely';
import { DescriptionMatcher } from '../../rules/matcher.js';
import type { Rules } from '../../rules/rules.js';
import type { StoreDatabase } from '../../store/database.js';
import { accountStep, ofBooks, refreshDerived, storeAllDerivedIfFree, type Derived } from '../refresh.js';
import { classifyAccounts, type AccountToClassify } from './classify-accounts.js';
import { pairInterbank } from './interbank-step.js';

/**
 * The accounts' stored classification: current while the account has not moved past the document it
 * was classified at and the rules have the same fingerprint. Changing the rules redoes this, and only this.
 */
function accountClasses(rules: Rules): Derived<AccountToClassify> {
  const matcher = matcherOf(rules);
  return {
    stale: (db, books, after, upTo) =>
      db
        .selectFrom('bank_accounts as a')
        .leftJoin('account_classes as c', 'c.bank_account_pk', 'a.pk')
        .select(['a.pk', 'a.document_pk', 'a.source'])
        .$call((query) => ofBooks(query, books))
        .where((eb) =>
          eb.or([eb('c.document_pk', 'is', null), eb('c.document_pk', '<>', eb.ref('a.document_pk')), eb('c.rules_fingerprint', '<>', rules.fingerprint)]),
        )
        .$call((query) => accountStep(query, after, upTo))
        .execute(),
    // Classification reads a page of rows at a time, however many accounts: a step takes every stale one
    // (firstStep, which sizes the figures' steps, counts every row of them first).
    step: async (_db, stale) => [...stale],
    recompute: (db, accounts) => classifyAccounts(db, accounts, matcher, rules.fingerprint),
  };
}

/** Rules objects are immutable (and loadRules hands back the same one for the same files): one matcher each. */
const matchers = new WeakMap<Rules, DescriptionMatcher>();

function matcherOf(rules: Rules): DescriptionMatcher {
  let matcher = matchers.get(rules);
  if (matcher === undefined) matchers.set(rules, (matcher = new DescriptionMatcher(rules)));
  return matcher;
}

/**
 * The book's interbank pairs, one item numbered by the book's pk: current while no account of the book
 * has moved past the newest document it had when they were made. They do not depend on the rules.
 */
const INTERBANK: Derived<{ pk: number; version: number }> = {
  async stale(db, books, after) {
    const rows = await db
      .selectFrom('books as b')
      .select([
        'b.pk',
        sql<number>`coalesce((SELECT max(document_pk) FROM bank_accounts WHERE book_pk = b.pk), 0)`.as('version'),
        sql<number | null>`(SELECT data_version FROM book_interbank WHERE book_pk = b.pk)`.as('stored'),
      ])
      .where('b.pk', 'in', typeof books === 'number' ? [books] : books)
      .where('b.pk', '>', after)
      .orderBy('b.pk')
      .execute();
    return rows.filter((row) => row.stored !== row.version).map(({ pk, version }) => ({ pk, version }));
  },
  step: async (_db, stale) => [...stale],
  async recompute(db, books) {
    for (const book of books) await pairInterbank(db, book.pk, book.version);
  },
};

/** Brings the book's classification up to date under `rules`: each changed account's rows, then the book's pairs. */
export async function refreshClassification(db: StoreDatabase, bookPk: number, rules: Rules): Promise<void> {
  await refreshDerived(db, bookPk, accountClasses(rules));
  await refreshDerived(db, bookPk, INTERBANK);
}

/** Stores the classification when the store is free to be written (see storeDerivedIfFree). */
export function storeClassificationIfFree(db: StoreDatabase, bookPk: number, rules: Rules): Promise<void> {
  return storeAllDerivedIfFree(db, bookPk, classificationKinds(rules));
}

/** What classification stores, in the order it is brought up to date: each account's rows, then the book's pairs. */
export function classificationKinds(rules: Rules): ReadonlyArray<Derived<{ pk: number }>> {
  return [accountClasses(rules), INTERBANK];
}
