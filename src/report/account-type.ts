import type { SourceName } from '../core/canonical.js';
import { FINICITY_REVERSED_TYPES } from '../sources/finicity/account-types.js';

/**
 * `account_type` as Ocrolus writes it ("Checking", "Money Market", "Credit Card"), from the aggregator's own
 * type (and Plaid's subtype), which the output keeps beside it. The README lists every value mapped.
 */
export function ocrolusAccountType(source: SourceName, type: string | null, subtype: string | null): string | null {
  if (type === null) return null;
  const family = source === 'PLAID' ? PLAID_FAMILIES.get(wordKey(type)) : undefined;
  if (family !== undefined) return (subtype === null ? undefined : family.subtypes.get(wordKey(subtype))) ?? family.label;
  // Finicity's `type`, and a Plaid bank statement's free-text `account_type` ("CHECKING", "MONEY MARKET").
  return TYPE_WORDS.get(wordKey(type)) ?? UNMAPPED_TYPE;
}

/** What a type that no table knows becomes: its own value stays beside it, in the aggregator's field. */
export const UNMAPPED_TYPE = 'Other';

/** One key for the spellings of a type: `moneyMarket`, `money market` and `MONEY_MARKET` are `moneymarket`. */
function wordKey(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function keyed(entries: Record<string, string>): ReadonlyMap<string, string> {
  return new Map(Object.entries(entries).map(([word, label]) => [wordKey(word), label]));
}

const INVESTMENT = 'Investment';
const STUDENT_LOAN = 'Student Loan';

/**
 * Finicity's account types (and the words bank statements use for theirs). The investment family is the one
 * SPEC §3 reverses the amounts of (credit cards aside), plus `529` and `457`, which Finicity also lists.
 */
const TYPE_WORDS: ReadonlyMap<string, string> = keyed({
  checking: 'Checking',
  savings: 'Savings',
  moneyMarket: 'Money Market',
  cd: 'Certificate of Deposit',
  certificateOfDeposit: 'Certificate of Deposit',
  creditCard: 'Credit Card',
  lineOfCredit: 'Line of Credit',
  loan: 'Loan',
  mortgage: 'Mortgage',
  studentLoan: STUDENT_LOAN,
  studentLoanGroup: STUDENT_LOAN,
  studentLoanAccount: STUDENT_LOAN,
  ...Object.fromEntries([...FINICITY_REVERSED_TYPES, '529', '457'].filter((type) => type !== 'creditCard').map((type) => [type, INVESTMENT])),
});

interface PlaidFamily {
  /** The label of the family itself: for a subtype missing or not listed. */
  readonly label: string;
  readonly subtypes: ReadonlyMap<string, string>;
}

/** Plaid's `type`, each with the labels of its `subtype`s (Plaid's account type schema). */
const PLAID_FAMILIES: ReadonlyMap<string, PlaidFamily> = new Map([
  [
    'depository',
    {
      label: 'Depository',
      subtypes: keyed({
        checking: 'Checking',
        savings: 'Savings',
        'money market': 'Money Market',
        cd: 'Certificate of Deposit',
        hsa: 'Health Savings Account',
        'cash management': 'Cash Management',
        paypal: 'PayPal',
        prepaid: 'Prepaid',
        ebt: 'EBT',
      }),
    },
  ],
  ['credit', { label: 'Credit', subtypes: keyed({ 'credit card': 'Credit Card', paypal: 'PayPal Credit' }) }],
  [
    'loan',
    {
      label: 'Loan',
      subtypes: keyed({
        auto: 'Auto Loan',
        business: 'Business Loan',
        commercial: 'Commercial Loan',
        construction: 'Construction Loan',
        consumer: 'Consumer Loan',
        'home equity': 'Home Equity',
        'line of credit': 'Line of Credit',
        loan: 'Loan',
        mortgage: 'Mortgage',
        overdraft: 'Overdraft',
        student: STUDENT_LOAN,
      }),
    },
  ],
  // Every investment subtype (401k, brokerage, ira, crypto exchange, …) is an investment account to an underwriter.
  ['investment', { label: INVESTMENT, subtypes: new Map() }],
  ['brokerage', { label: INVESTMENT, subtypes: new Map() }],
  ['other', { label: UNMAPPED_TYPE, subtypes: new Map() }],
]);
