import type { FinicityBundleState } from './finicity/bundle-state.js';

/**
 * What the readers of one document share across its files, on the thread that reads them: a
 * Finicity bundle's accounts, customers and institutions, read before its transactions (whose sign
 * and references depend on them). One scope per document; files are read one after another.
 */
export class DocumentScope {
  finicity: FinicityBundleState | null = null;
}
