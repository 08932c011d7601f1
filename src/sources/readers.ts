import type { FormatName } from '../core/canonical.js';
import { DocumentScope } from './document-scope.js';
import { FinicityBundleReader } from './finicity/bundle-reader.js';
import { AssetReportReader } from './plaid/asset-report-reader.js';
import { BankStatementsReader } from './plaid/bank-statements-reader.js';
import { PlaidTransactionsReader } from './plaid/transactions-reader.js';
import type { SourceReader } from './reader-base.js';

/** The streaming reader for a detected format; `scope` is shared by the readers of one document's files. */
export function readerFor(format: FormatName, file: string, scope: DocumentScope = new DocumentScope()): SourceReader {
  switch (format) {
    case 'PLAID_ASSET_REPORT':
      return new AssetReportReader(file);
    case 'PLAID_TRANSACTIONS':
      return new PlaidTransactionsReader(file);
    case 'PLAID_BANK_STATEMENTS':
      return new BankStatementsReader(file);
    case 'FINICITY_BUNDLE':
      return new FinicityBundleReader(file, scope);
  }
}
