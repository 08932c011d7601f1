/** The JSON pieces Plaid's responses share: ids, amounts (positive = money out), rows, owners. */
import type { LedgerAccount, LedgerRow } from './ledger.js';
import { randomId, uniqueId, type Random } from './random.js';
import { amountText, isoDay } from './values.js';

export const NULL_PAYMENT_META =
  '{"by_order_of":null,"payee":null,"payer":null,"payment_method":null,"payment_processor":null,"ppd_id":null,"reason":null,"reference_number":null}';
export const NULL_LOCATION =
  '{"address":null,"city":null,"country":null,"lat":null,"lon":null,"postal_code":null,"region":null,"store_number":null}';

/** Plaid's sign: positive = money out of the account. */
export function plaidAmount(row: LedgerRow): string {
  return amountText(-row.cents);
}

/** Plaid's balance of an account: for credit (and loan) accounts `current` is the amount owed, −canonical. */
export function plaidBalance(account: LedgerAccount, canonicalCents: number): number {
  return account.kind.plaidType === 'credit' ? -canonicalCents : canonicalCents;
}

export function plaidAccountIds(accounts: readonly LedgerAccount[], random: Random): string[] {
  return accounts.map((account) => uniqueId(random, account.index));
}

function legacyType(row: LedgerRow): string {
  return row.payee.channel === 'in store' ? 'place' : row.payee.channel === 'online' ? 'online' : 'special';
}

/** An Asset Report transaction, compact, in Plaid's key order. */
export function assetTransactionJson(row: LedgerRow, accountId: string, transactionId: string): string {
  const { payee } = row;
  return (
    `{"account_id":"${accountId}","amount":${plaidAmount(row)},"category":${JSON.stringify(payee.category)},"category_id":"${payee.categoryId}",` +
    `"date":"${isoDay(row.day)}","iso_currency_code":"USD","location":${NULL_LOCATION},"merchant_name":${JSON.stringify(payee.merchant)},` +
    `"name":${JSON.stringify(payee.name)},"original_description":${JSON.stringify(row.description)},"payment_meta":${NULL_PAYMENT_META},` +
    `"pending":${row.pending},"transaction_id":"${transactionId}","transaction_type":"${legacyType(row)}","unofficial_currency_code":null}`
  );
}

/** A /transactions/get transaction, with the newer fields (personal_finance_category, payment_channel). */
export function pageTransactionJson(row: LedgerRow, accountId: string, transactionId: string): string {
  const { payee } = row;
  const date = isoDay(row.day);
  return (
    `{"account_id":"${accountId}","account_owner":null,"amount":${plaidAmount(row)},"iso_currency_code":"USD","unofficial_currency_code":null,` +
    `"category":${JSON.stringify(payee.category)},"category_id":"${payee.categoryId}","check_number":null,"counterparties":[],` +
    `"date":"${date}","datetime":null,"authorized_date":"${date}","authorized_datetime":null,"location":${NULL_LOCATION},` +
    `"name":${JSON.stringify(payee.name)},"original_description":${JSON.stringify(row.description)},"merchant_name":${JSON.stringify(payee.merchant)},` +
    `"merchant_entity_id":null,"logo_url":null,"website":null,"payment_meta":${NULL_PAYMENT_META},"payment_channel":"${payee.channel}",` +
    `"pending":${row.pending},"pending_transaction_id":null,` +
    `"personal_finance_category":{"primary":"${payee.pfc[0]}","detailed":"${payee.pfc[1]}","confidence_level":"HIGH"},` +
    `"transaction_id":"${transactionId}","transaction_code":null,"transaction_type":"${legacyType(row)}"}`
  );
}

/** `balances` of an account whose canonical balance is `canonicalCents`. */
export function balancesJson(account: LedgerAccount, canonicalCents: number): string {
  const current = plaidBalance(account, canonicalCents);
  const credit = account.kind.plaidType === 'credit';
  const available = credit ? 1_500_000 - current : current;
  return `{"available":${amountText(available)},"current":${amountText(current)},"iso_currency_code":"USD","limit":${credit ? '15000' : 'null'},"unofficial_currency_code":null}`;
}

export function ownerJson(business: string): string {
  return JSON.stringify({
    addresses: [{ data: { city: 'Austin', country: 'US', postal_code: '78702', region: 'TX', street: '1420 E Cesar Chavez St' }, primary: true }],
    emails: [{ data: 'books@example.com', primary: true, type: 'primary' }],
    names: [business],
    phone_numbers: [{ data: '+1 512-555-0182', primary: false, type: 'work' }],
  });
}

export function requestId(random: Random): string {
  return randomId(random, 15);
}
