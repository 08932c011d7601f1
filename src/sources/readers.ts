import type { FormatName } from '../core/canonical.js';
import { DocumentRejected } from '../core/errors.js';
import { AssetReportReader } from './plaid/asset-report-reader.js';
import { BankStatementsReader } from './plaid/bank-statements-reader.js';
import { PlaidTransactionsReader } from './plaid/transactions-reader.js';
import type { SourceReader } from './reader-base.js';

/** The streaming reader for a detected format. */
export function readerFor(format: FormatName, file: string): SourceReader {
  switch (format) {
    case 'PLAID_ASSET_REPORT':
      return new AssetReportReader(file);
    case 'PLAID_TRANSACTIONS':
      return new PlaidTransactionsReader(file);
    case 'PLAID_BANK_STATEMENTS':
      return new BankStatementsReader(file);
    case 'FINICITY_BUNDLE':
      throw new DocumentRejected({ file }, 'Finicity bundles are recognized but not ingested by this version');
  }
}
