import type { CanonicalRecord } from '../src/core/canonical.js';
import type { RawRecord } from '../src/sources/source-events.js';
import { finicityDailyBalances, normalizeFinicityAccount } from './finicity-account.js';
import { normalizePlaidAccount } from './plaid-account.js';
import { normalizeStatementAccount } from './statement-account.js';

/** Normalizes a non-transaction record (accounts and what comes with them); throws FieldError. */
export function normalizeRecord(record: RawRecord): CanonicalRecord[] {
  switch (record.type) {
    case 'plaid-account':
      return normalizePlaidAccount(record.raw, record.context);
    case 'statement-account':
      return normalizeStatementAccount(record.raw, record.statementId);
    case 'finicity-account':
      return normalizeFinicityAccount(record.raw, record.context);
    case 'finicity-daily-balances':
      return finicityDailyBalances(record.sourceAccountId, record.raw, '');
    case 'plaid-institution':
      return [{ kind: 'institution', bankName: record.bankName, institutionId: record.institutionId }];
    case 'anchor-date':
      return [{ kind: 'anchor-date', date: record.date }];
    case 'warning':
      return [{ kind: 'warning', message: record.message }];
  }
}
