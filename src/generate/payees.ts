/**
 * How each kind of counterparty shows up on a statement: Plaid's name, merchant, description and
 * categories, Finicity's type and category. Descriptions put only digits where they vary ({n}): a random
 * letter run could spell a lender's alias (TAFS, CBSG) and make a row a lender's by accident.
 * test/generate.test.ts checks every description here against the shipped rules.
 */
export interface Payee {
  /** Plaid `name`. */
  readonly name: string;
  readonly merchant: string | null;
  /** The bank's description; `{n}` becomes a number. */
  readonly description: string;
  /** Plaid's legacy category path: never a `nsf_categories` one except on NSF fees. */
  readonly category: readonly string[];
  readonly categoryId: string;
  /** Plaid personal_finance_category primary and detailed. */
  readonly pfc: readonly [string, string];
  readonly channel: 'in store' | 'online' | 'other';
  readonly finicityType: string;
  readonly finicityCategory: string;
  /** Magnitude range in cents. */
  readonly minCents: number;
  readonly maxCents: number;
  /** Whole dollars only (ATM, deposits of checks). */
  readonly whole?: boolean;
}

type PayeeFields = Omit<Payee, 'pfc'> & { readonly pfc: string };

/** `pfc` given as "PRIMARY DETAILED_REST" keeps the tables below one line per payee. */
function payees(rows: readonly PayeeFields[]): Payee[] {
  return rows.map((row) => {
    const [primary = '', detailed = ''] = row.pfc.split(' ');
    return { ...row, pfc: [primary, `${primary}_${detailed}`] as const };
  });
}

/** Card and debit-card spending (money out). */
export const SPEND = payees([
  { name: 'Starbucks', merchant: 'Starbucks', description: 'STARBUCKS STORE {n} SEATTLE WA', category: ['Food and Drink', 'Restaurants', 'Coffee Shop'], categoryId: '13005043', pfc: 'FOOD_AND_DRINK COFFEE', channel: 'in store', finicityType: 'pointOfSale', finicityCategory: 'Coffee Shops', minCents: 325, maxCents: 1_850 },
  { name: 'Shell', merchant: 'Shell', description: 'SHELL OIL {n} AUSTIN TX', category: ['Travel', 'Gas Stations'], categoryId: '22009000', pfc: 'TRANSPORTATION GAS', channel: 'in store', finicityType: 'pointOfSale', finicityCategory: 'Gas & Fuel', minCents: 1_500, maxCents: 9_800 },
  { name: 'Home Depot', merchant: 'The Home Depot', description: 'THE HOME DEPOT {n} AUSTIN TX', category: ['Shops', 'Hardware Store'], categoryId: '19030000', pfc: 'GENERAL_MERCHANDISE OTHER_GENERAL_MERCHANDISE', channel: 'in store', finicityType: 'pointOfSale', finicityCategory: 'Home Improvement', minCents: 1_200, maxCents: 85_000 },
  { name: 'Amazon', merchant: 'Amazon', description: 'AMZN MKTP US {n} AMZN COM BILL WA', category: ['Shops', 'Digital Purchase'], categoryId: '19013000', pfc: 'GENERAL_MERCHANDISE ONLINE_MARKETPLACES', channel: 'online', finicityType: 'debit', finicityCategory: 'Shopping', minCents: 899, maxCents: 25_999 },
  { name: 'Uber', merchant: 'Uber', description: 'UBER TRIP {n} HELP UBER COM', category: ['Travel', 'Taxi'], categoryId: '22016000', pfc: 'TRANSPORTATION TAXIS_AND_RIDE_SHARES', channel: 'online', finicityType: 'debit', finicityCategory: 'Rental Car & Taxi', minCents: 780, maxCents: 6_450 },
  { name: 'Whole Foods', merchant: 'Whole Foods Market', description: 'WHOLEFDS MKT {n} AUSTIN TX', category: ['Shops', 'Supermarkets and Groceries'], categoryId: '19047000', pfc: 'FOOD_AND_DRINK GROCERIES', channel: 'in store', finicityType: 'pointOfSale', finicityCategory: 'Groceries', minCents: 1_200, maxCents: 28_500 },
  { name: 'Austin Taco Co', merchant: 'Austin Taco Co', description: 'SQ AUSTIN TACO CO {n}', category: ['Food and Drink', 'Restaurants'], categoryId: '13005000', pfc: 'FOOD_AND_DRINK RESTAURANT', channel: 'in store', finicityType: 'pointOfSale', finicityCategory: 'Restaurants', minCents: 1_100, maxCents: 7_200 },
  { name: 'Grainger', merchant: 'Grainger', description: 'ACH DEBIT GRAINGER INDUSTRIAL {n}', category: ['Shops', 'Industrial Supplies'], categoryId: '19038000', pfc: 'GENERAL_MERCHANDISE OTHER_GENERAL_MERCHANDISE', channel: 'other', finicityType: 'directDebit', finicityCategory: 'Business Services', minCents: 9_000, maxCents: 240_000 },
  { name: 'ATM Withdrawal', merchant: null, description: 'ATM WITHDRAWAL {n} E 6TH ST AUSTIN TX', category: ['Transfer', 'Withdrawal', 'ATM'], categoryId: '21012002', pfc: 'TRANSFER_OUT WITHDRAWAL', channel: 'in store', finicityType: 'atm', finicityCategory: 'Cash & ATM', minCents: 2_000, maxCents: 40_000, whole: true },
]);

/** Customer money coming into the operating account: the revenue. */
export const INCOME = payees([
  { name: 'Square', merchant: 'Square', description: 'SQUARE INC SETTLEMENT {n} CCD', category: ['Transfer', 'Credit'], categoryId: '21005000', pfc: 'INCOME OTHER_INCOME', channel: 'other', finicityType: 'directDeposit', finicityCategory: 'Income', minCents: 15_000, maxCents: 480_000 },
  { name: 'Stripe', merchant: 'Stripe', description: 'STRIPE PAYOUT ST {n} PPD', category: ['Transfer', 'Credit'], categoryId: '21005000', pfc: 'INCOME OTHER_INCOME', channel: 'other', finicityType: 'directDeposit', finicityCategory: 'Income', minCents: 25_000, maxCents: 950_000 },
  { name: 'Mobile Deposit', merchant: null, description: 'MOBILE DEPOSIT CHECK {n}', category: ['Transfer', 'Deposit', 'Check'], categoryId: '21007001', pfc: 'INCOME OTHER_INCOME', channel: 'other', finicityType: 'deposit', finicityCategory: 'Income', minCents: 5_000, maxCents: 300_000, whole: true },
  { name: 'Customer Payment', merchant: null, description: 'ACH CREDIT CUSTOMER {n} INVOICE', category: ['Transfer', 'Credit'], categoryId: '21005000', pfc: 'INCOME OTHER_INCOME', channel: 'other', finicityType: 'credit', finicityCategory: 'Income', minCents: 20_000, maxCents: 650_000 },
]);

/** A card's merchant credits (money in on a card). */
export const CARD_CREDIT = payees([
  { name: 'Merchandise Credit', merchant: 'Amazon', description: 'AMZN MKTP US MERCHANDISE CREDIT {n}', category: ['Shops', 'Digital Purchase'], categoryId: '19013000', pfc: 'GENERAL_MERCHANDISE ONLINE_MARKETPLACES', channel: 'online', finicityType: 'credit', finicityCategory: 'Shopping', minCents: 899, maxCents: 15_000 },
]);

/** What a savings or money-market account sees besides transfers. */
export const SAVINGS_IN = payees([
  { name: 'Interest', merchant: null, description: 'INTEREST CREDIT {n}', category: ['Interest', 'Interest Earned'], categoryId: '15001000', pfc: 'INCOME INTEREST_EARNED', channel: 'other', finicityType: 'credit', finicityCategory: 'Interest Income', minCents: 12, maxCents: 9_500 },
]);
export const SAVINGS_OUT = payees([
  { name: 'Teller Withdrawal', merchant: null, description: 'TELLER WITHDRAWAL BRANCH {n}', category: ['Transfer', 'Withdrawal'], categoryId: '21012000', pfc: 'TRANSFER_OUT WITHDRAWAL', channel: 'in store', finicityType: 'withdrawal', finicityCategory: 'Cash & ATM', minCents: 10_000, maxCents: 250_000, whole: true },
]);

/** The planted rows' payees: each is looked for by a figure (recurring, NSF, interbank, lenders). */
export const PAYROLL = payees([{ name: 'Gusto', merchant: 'Gusto', description: 'GUSTO NET PAY {n}', category: ['Transfer', 'Payroll'], categoryId: '21009000', pfc: 'TRANSFER_OUT ACCOUNT_TRANSFER', channel: 'other', finicityType: 'directDebit', finicityCategory: 'Paycheck', minCents: 180_000, maxCents: 900_000 }])[0]!;
export const RENT = payees([{ name: 'Greenpoint Properties', merchant: null, description: 'ACH DEBIT GREENPOINT PROPERTIES RENT {n}', category: ['Payment', 'Rent'], categoryId: '16002000', pfc: 'RENT_AND_UTILITIES RENT', channel: 'other', finicityType: 'directDebit', finicityCategory: 'Rent', minCents: 180_000, maxCents: 600_000, whole: true }])[0]!;
export const INTERNET = payees([{ name: 'Comcast', merchant: 'Comcast', description: 'COMCAST BUSINESS {n}', category: ['Service', 'Cable'], categoryId: '18009000', pfc: 'RENT_AND_UTILITIES INTERNET_AND_CABLE', channel: 'other', finicityType: 'directDebit', finicityCategory: 'Internet', minCents: 18_995, maxCents: 18_995 }])[0]!;
export const SOFTWARE = payees([{ name: 'Adobe', merchant: 'Adobe', description: 'ADOBE CREATIVE CLOUD {n} CA', category: ['Service', 'Subscription'], categoryId: '18061000', pfc: 'GENERAL_SERVICES OTHER_GENERAL_SERVICES', channel: 'online', finicityType: 'debit', finicityCategory: 'Software', minCents: 5_999, maxCents: 5_999 }])[0]!;

/** NSF and overdraft fees, in words from data/rules/terms.json `nsf` (never an `nsf_excluded` one). */
export const NSF_FEES = payees([
  { name: 'Insufficient Funds Fee', merchant: null, description: 'NSF FEE ITEM {n}', category: ['Bank Fees', 'Insufficient Funds'], categoryId: '10003000', pfc: 'BANK_FEES INSUFFICIENT_FUNDS', channel: 'other', finicityType: 'fee', finicityCategory: 'Bank Fee', minCents: 3_500, maxCents: 3_500, whole: true },
  { name: 'Overdraft Fee', merchant: null, description: 'OVERDRAFT ITEM FEE {n}', category: ['Bank Fees', 'Overdraft'], categoryId: '10007000', pfc: 'BANK_FEES OVERDRAFT_FEES', channel: 'other', finicityType: 'fee', finicityCategory: 'Bank Fee', minCents: 3_650, maxCents: 3_650 },
  { name: 'Returned Item Fee', merchant: null, description: 'RETURNED ITEM FEE CHECK {n}', category: ['Bank Fees', 'Insufficient Funds'], categoryId: '10003000', pfc: 'BANK_FEES INSUFFICIENT_FUNDS', channel: 'other', finicityType: 'fee', finicityCategory: 'Bank Fee', minCents: 2_900, maxCents: 2_900, whole: true },
]);

/** Lenders from data/rules/lenders.json, by an alias each: how their fundings and debits are described. */
export interface LenderPayees {
  readonly lender: string;
  readonly funding: Payee;
  readonly debit: Payee;
}

function lender(name: string, funding: string, debit: string): LenderPayees {
  const base = { name, merchant: null, categoryId: '16003000', channel: 'other' as const, minCents: 0, maxCents: 0 };
  return {
    lender: name,
    funding: { ...base, description: funding, category: ['Transfer', 'Deposit'], pfc: ['TRANSFER_IN', 'TRANSFER_IN_DEPOSIT'], finicityType: 'credit', finicityCategory: 'Loans' },
    debit: { ...base, description: debit, category: ['Payment', 'Loan'], pfc: ['LOAN_PAYMENTS', 'LOAN_PAYMENTS_OTHER_PAYMENT'], finicityType: 'directDebit', finicityCategory: 'Loan Payment' },
  };
}

/** An MCA funder first (the brief's example), then an alternative lender, then lenders of both kinds. */
export const LENDERS: readonly LenderPayees[] = [
  lender('Yellowstone Capital', 'YELLOWSTONE CAPITAL FUNDING CCD {n}', 'YELLOWSTONE CAPITAL ACH DEBIT {n}'),
  lender('OnDeck', 'ONDECK CAPITAL LOAN FUNDING {n}', 'ONDECK CAPITAL ACH PMT {n}'),
  lender('Kapitus', 'KAPITUS FUNDING CCD {n}', 'KAPITUS ACH DEBIT {n}'),
  lender('Forward Financing', 'FORWARD FINANCING FUNDING {n}', 'FORWARD FINANCING DAILY DEBIT {n}'),
];

/** Transfers between the book's own accounts; `{to}`/`{from}` are the other account's mask. */
export const TRANSFER_OUT = payees([{ name: 'Online Transfer', merchant: null, description: 'ONLINE TRANSFER TO {to} REF {n}', category: ['Transfer', 'Debit'], categoryId: '21006000', pfc: 'TRANSFER_OUT ACCOUNT_TRANSFER', channel: 'other', finicityType: 'transfer', finicityCategory: 'Transfer', minCents: 0, maxCents: 0 }])[0]!;
export const TRANSFER_IN = payees([{ name: 'Online Transfer', merchant: null, description: 'ONLINE TRANSFER FROM {from} REF {n}', category: ['Transfer', 'Credit'], categoryId: '21005000', pfc: 'TRANSFER_IN ACCOUNT_TRANSFER', channel: 'other', finicityType: 'transfer', finicityCategory: 'Transfer', minCents: 0, maxCents: 0 }])[0]!;
export const CARD_PAYMENT_IN = payees([{ name: 'Payment Received', merchant: null, description: 'PAYMENT RECEIVED THANK YOU {n}', category: ['Payment', 'Credit Card'], categoryId: '16001000', pfc: 'LOAN_PAYMENTS CREDIT_CARD_PAYMENT', channel: 'other', finicityType: 'payment', finicityCategory: 'Credit Card Payment', minCents: 0, maxCents: 0 }])[0]!;

/** Business names for the account holder (no lender's alias among their words). */
export const BUSINESSES = ['ACME PLUMBING LLC', 'BLUE HERON BAKERY INC', 'NORTHSIDE AUTO REPAIR', 'PRAIRIE LANDSCAPING CO', 'HARBOR DENTAL GROUP', 'SUMMIT HVAC SERVICES'];
