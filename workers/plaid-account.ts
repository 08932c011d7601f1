import type { AccountHolder, CanonicalAccount, CanonicalRecord } from '../src/core/canonical.js';
import type { PlaidAccountContext } from '../src/sources/source-events.js';
import { negateMoney, type Money } from '../src/core/money.js';
import { FieldError } from './field-error.js';
import { asArray, asObject, optionalMoney, optionalString, requiredDate, requiredMoney, requiredString, type SourceObject } from './fields.js';

/** Plaid reports what is owed on credit and loan accounts; canonically that is a negative balance. */
const OWED_BALANCE_TYPES = new Set(['credit', 'loan']);

/** An Asset Report or /transactions/get account: the account, its end-of-day history and its anchor. */
export function normalizePlaidAccount(raw: unknown, context: PlaidAccountContext): CanonicalRecord[] {
  const record = asObject(raw, '');
  const sourceAccountId = requiredString(record, 'account_id');
  const type = optionalString(record, 'type');
  const subtype = optionalString(record, 'subtype');
  const canonical = (money: Money): Money => (type !== null && OWED_BALANCE_TYPES.has(type) ? negateMoney(money) : money);
  const balances = record['balances'] === undefined ? {} : asObject(record['balances'], 'balances');
  const account: CanonicalAccount = {
    sourceAccountId,
    name: optionalString(record, 'name'),
    officialName: optionalString(record, 'official_name'),
    accountType: type,
    accountSubtype: subtype,
    isDepository: type === 'depository',
    accountNumber: optionalString(record, 'mask'),
    bankName: context.bankName,
    institutionId: context.institutionId,
    currency: inField('balances', () => optionalString(balances, 'iso_currency_code')),
    holder: holderOf(record),
  };
  const records: CanonicalRecord[] = [{ kind: 'account', account }];
  if (context.institutionFollows) records.push({ kind: 'institution-follows', sourceAccountId });
  for (const [index, entry] of historyOf(record).entries()) {
    const at = `historical_balances[${index}]`;
    const point = asObject(entry, at);
    records.push({
      kind: 'balance',
      point: {
        sourceAccountId,
        date: inField(at, () => requiredDate(point, 'date')),
        kind: 'end_of_day',
        balance: canonical(inField(at, () => requiredMoney(point, 'current'))),
      },
    });
  }
  const current = inField('balances', () => optionalMoney(balances, 'current'));
  if (current !== null) records.push(anchorRecord(sourceAccountId, canonical(current), context.balanceAsOf));
  return records;
}

function anchorRecord(sourceAccountId: string, balance: Money, asOf: PlaidAccountContext['balanceAsOf']): CanonicalRecord {
  if (asOf === 'deferred') return { kind: 'deferred-anchor', sourceAccountId, balance };
  if (asOf === null) {
    return { kind: 'warning', message: `account ${sourceAccountId}: balances.current has no as-of date and was not used` };
  }
  return { kind: 'balance', point: { sourceAccountId, date: asOf, kind: 'anchor', balance } };
}

function historyOf(record: SourceObject): readonly unknown[] {
  const history = record['historical_balances'];
  return history === undefined || history === null ? [] : asArray(history, 'historical_balances');
}

/** The first owner's first name and primary (else first) address; e-mails and phones are not kept. */
function holderOf(record: SourceObject): AccountHolder | null {
  const owners = record['owners'];
  if (owners === undefined || owners === null) return null;
  const [owner] = asArray(owners, 'owners');
  if (owner === undefined) return null;
  const ownerRecord = asObject(owner, 'owners[0]');
  const names = ownerRecord['names'];
  const name = Array.isArray(names) && typeof names[0] === 'string' ? names[0] : null;
  const addresses = Array.isArray(ownerRecord['addresses']) ? (ownerRecord['addresses'] as unknown[]) : [];
  const primary = addresses.find((entry) => (entry as SourceObject | null)?.['primary'] === true) ?? addresses[0];
  const data = (primary as SourceObject | undefined)?.['data'];
  return holderFrom(name, typeof data === 'object' && data !== null ? (data as SourceObject) : null);
}

/** Plaid writes addresses as {street, city, region, postal_code, country}; its newer address objects add `street2`. */
export function holderFrom(name: string | null, address: SourceObject | null): AccountHolder {
  const text = (field: string): string | null => {
    const value = address?.[field];
    return typeof value === 'string' ? value : null;
  };
  return {
    name,
    address1: text('street'),
    address2: text('street2'),
    city: text('city'),
    state: text('region'),
    zip: text('postal_code'),
    country: text('country'),
  };
}

/** Runs a field reader for a nested object, prefixing the nested field path on failure. */
export function inField<T>(prefix: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof FieldError) throw error.within(prefix);
    throw error;
  }
}
