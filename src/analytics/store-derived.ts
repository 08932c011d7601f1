import type { Rules } from '../rules/rules.js';
import type { StoreDatabase } from '../store/database.js';
import { classificationKinds } from './classification/refresh-classification.js';
import { FIGURES, storeAllDerivedIfFree } from './refresh.js';

/**
 * Stores the book's figures and its classification under `rules` when the store is free to be written
 * (storeFiguresIfFree, then storeClassificationIfFree), in one write transaction when the book is small.
 */
export function storeBookDerivedIfFree(db: StoreDatabase, bookPk: number, rules: Rules): Promise<void> {
  return storeAllDerivedIfFree(db, bookPk, [FIGURES, ...classificationKinds(rules)]);
}
