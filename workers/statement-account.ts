import type { CanonicalAccount, CanonicalRecord } from '../src/core/canonical.js';
import { dayBefore } from '../src/core/dates.js';
import { holderFrom, inField } from './plaid-account.js';
import { asArray, asObject, optionalString, requiredDate, requiredMoney, requiredString, type SourceObject } from './fields.js';

/**
 * A bank-statement account (`bank_statements[].bank_accounts[]`): the account, its explicit statement
 * periods, and their balances as known points — `ending_balance` at the end of `end_date`, and
 * `starting_balance` as the end of the day before `start_date` (SPEC §4).
 */
export function normalizeStatementAccount(raw: unknown, statementId: string): CanonicalRecord[] {
  const record = asObject(raw, '');
  const sourceAccountId = requiredString(record, 'account_id');
  const owner = record['owner'] === undefined || record['owner'] === null ? null : asObject(record['owner'], 'owner');
  const account: CanonicalAccount = {
    sourceAccountId,
    name: optionalString(record, 'name'),
    officialName: null,
    accountType: optionalString(record, 'account_type'),
    accountSubtype: null,
    isDepository: true,
    accountNumber: optionalString(record, 'account_number'),
    bankName: optionalString(record, 'bank_name'),
    institutionId: null,
    currency: null,
    holder: owner === null ? null : holderFrom(inField('owner', () => optionalString(owner, 'name')), addressOf(owner)),
  };
  const records: CanonicalRecord[] = [{ kind: 'account', account }];
  const periods = record['periods'] === undefined || record['periods'] === null ? [] : asArray(record['periods'], 'periods');
  for (const [index, entry] of periods.entries()) {
    records.push(...inField(`periods[${index}]`, () => periodRecords(asObject(entry, ''), sourceAccountId, statementId)));
  }
  return records;
}

function periodRecords(period: SourceObject, sourceAccountId: string, statementId: string): CanonicalRecord[] {
  const beginDate = requiredDate(period, 'start_date');
  const endDate = requiredDate(period, 'end_date');
  const beginBalance = requiredMoney(period, 'starting_balance');
  const endBalance = requiredMoney(period, 'ending_balance');
  return [
    { kind: 'period', period: { sourceAccountId, statementId, beginDate, endDate, beginBalance, endBalance } },
    { kind: 'balance', point: { sourceAccountId, date: dayBefore(beginDate), kind: 'statement_start', balance: beginBalance } },
    { kind: 'balance', point: { sourceAccountId, date: endDate, kind: 'end_of_day', balance: endBalance } },
  ];
}

function addressOf(owner: SourceObject): SourceObject | null {
  const address = owner['address'];
  return typeof address === 'object' && address !== null ? (address as SourceObject) : null;
}
