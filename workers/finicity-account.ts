import type { CanonicalAccount, CanonicalRecord } from '../src/core/canonical.js';
import type { FinicityAccountContext } from '../src/sources/source-events.js';
import { FINICITY_DEPOSITORY_TYPES } from '../src/sources/finicity/account-types.js';
import { optionalEpochDate, optionalId, requiredEpochDate } from './finicity-fields.js';
import { asArray, asObject, optionalMoney, optionalString, requiredId, requiredMoney } from './fields.js';
import { inField } from './plaid-account.js';

/**
 * A Finicity account: the account, its anchor (`balance` as of `balanceDate`, taken as given: cards
 * and loans come negative) and any `dailyBalances[]` it carries. Holder and bank come from the
 * bundle's customer and institution files.
 */
export function normalizeFinicityAccount(raw: unknown, context: FinicityAccountContext): CanonicalRecord[] {
  const record = asObject(raw, '');
  const sourceAccountId = requiredId(record, 'id');
  const type = optionalString(record, 'type');
  const account: CanonicalAccount = {
    sourceAccountId,
    name: optionalString(record, 'name'),
    officialName: null,
    accountType: type,
    accountSubtype: null,
    isDepository: type !== null && FINICITY_DEPOSITORY_TYPES.has(type),
    // SPEC §5: `accountNumberDisplay` (masked), else `number`; numbers are sometimes sent as integers.
    accountNumber: optionalId(record, 'accountNumberDisplay') ?? optionalId(record, 'number'),
    bankName: context.bankName,
    institutionId: context.institutionId,
    currency: optionalString(record, 'currency'),
    holder: context.holderName === null ? null : { name: context.holderName, address1: null, address2: null, city: null, state: null, zip: null, country: null },
  };
  const records: CanonicalRecord[] = [{ kind: 'account', account }];
  const balance = optionalMoney(record, 'balance');
  const asOf = optionalEpochDate(record, 'balanceDate');
  if (balance !== null && asOf !== null) records.push({ kind: 'balance', point: { sourceAccountId, date: asOf, kind: 'anchor', balance } });
  if (balance !== null && asOf === null) records.push({ kind: 'warning', message: `account ${sourceAccountId}: balance has no balanceDate and was not used` });
  const daily = record['dailyBalances'];
  if (daily !== undefined && daily !== null) records.push(...finicityDailyBalances(sourceAccountId, daily, 'dailyBalances'));
  return records;
}

/** `dailyBalances[]` entries `{date, beginning, ending}`: `ending` is the balance at the end of `date`. */
export function finicityDailyBalances(sourceAccountId: string, raw: unknown, field: string): CanonicalRecord[] {
  return asArray(raw, field).map((entry, index) =>
    inField(`${field}[${index}]`, (): CanonicalRecord => {
      const point = asObject(entry, '');
      const balance = requiredMoney(point, 'ending');
      return { kind: 'balance', point: { sourceAccountId, date: requiredEpochDate(point, 'date'), kind: 'end_of_day', balance } };
    }),
  );
}
