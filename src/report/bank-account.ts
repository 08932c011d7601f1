import type { SourceName } from '../core/canonical.js';
import type { BankAccountRow } from '../store/schema.js';
import { ocrolusAccountType } from './account-type.js';

/**
 * A bank account in the Ocrolus shape (SPEC §5), with the aggregator's own ids and types beside it: `account_type`
 * is Ocrolus' label (account-type.ts), `aggregator_account_type` and `_subtype` what the aggregator wrote.
 */
export interface BankAccountObject {
  readonly pk: number;
  readonly book_pk: number;
  readonly name: string | null;
  readonly account_type: string | null;
  readonly account_number: string | null;
  readonly bank_name: string | null;
  readonly source: SourceName;
  readonly source_account_id: string;
  readonly aggregator_account_type: string | null;
  readonly aggregator_account_subtype: string | null;
  readonly is_depository: boolean;
  readonly account_holder: string | null;
  readonly holder_address_1: string | null;
  readonly holder_address_2: string | null;
  readonly holder_city: string | null;
  readonly holder_state: string | null;
  readonly holder_zip: string | null;
  readonly holder_country: string | null;
}

export function bankAccountObject(row: BankAccountRow): BankAccountObject {
  return {
    pk: row.pk,
    book_pk: row.book_pk,
    name: row.name,
    account_type: ocrolusAccountType(row.source, row.account_type, row.account_subtype),
    account_number: row.account_number,
    bank_name: row.bank_name,
    source: row.source,
    source_account_id: row.source_account_id,
    aggregator_account_type: row.account_type,
    aggregator_account_subtype: row.account_subtype,
    is_depository: row.is_depository === 1,
    account_holder: row.holder_name,
    holder_address_1: row.holder_address_1,
    holder_address_2: row.holder_address_2,
    holder_city: row.holder_city,
    holder_state: row.holder_state,
    holder_zip: row.holder_zip,
    holder_country: row.holder_country,
  };
}
