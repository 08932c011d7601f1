// Ocrolus' account_type labels (issue 15), from the types the aggregators document: Plaid's type/subtype pairs
// (Plaid's account type schema), Finicity's account type enumeration, and the free-text account_type of Plaid
// bank statements. Each expected label is the one README.md lists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ocrolusAccountType } from '../src/report/account-type.js';

const plaid = (type: string | null, subtype: string | null) => ocrolusAccountType('PLAID', type, subtype);
const finicity = (type: string | null) => ocrolusAccountType('FINICITY', type, null);

test('Plaid depository subtypes', () => {
  const labels = {
    checking: 'Checking', savings: 'Savings', 'money market': 'Money Market', cd: 'Certificate of Deposit',
    hsa: 'Health Savings Account', 'cash management': 'Cash Management', paypal: 'PayPal', prepaid: 'Prepaid', ebt: 'EBT',
  };
  for (const [subtype, label] of Object.entries(labels)) assert.equal(plaid('depository', subtype), label, subtype);
  // A subtype Plaid may add later, or none: the family's own label.
  assert.equal(plaid('depository', 'crypto savings'), 'Depository');
  assert.equal(plaid('depository', null), 'Depository');
});

test('Plaid credit, loan, investment and other', () => {
  assert.equal(plaid('credit', 'credit card'), 'Credit Card');
  assert.equal(plaid('credit', 'paypal'), 'PayPal Credit');
  assert.equal(plaid('credit', null), 'Credit');
  const loans = {
    auto: 'Auto Loan', business: 'Business Loan', commercial: 'Commercial Loan', construction: 'Construction Loan',
    consumer: 'Consumer Loan', 'home equity': 'Home Equity', 'line of credit': 'Line of Credit', loan: 'Loan',
    mortgage: 'Mortgage', overdraft: 'Overdraft', student: 'Student Loan', other: 'Loan',
  };
  for (const [subtype, label] of Object.entries(loans)) assert.equal(plaid('loan', subtype), label, subtype);
  for (const subtype of ['401k', 'brokerage', 'ira', 'roth', 'crypto exchange', 'hsa', null]) assert.equal(plaid('investment', subtype), 'Investment');
  assert.equal(plaid('brokerage', 'ira'), 'Investment', "investment's name before 2021");
  assert.equal(plaid('other', 'other'), 'Other');
});

test('Finicity types', () => {
  const labels = {
    checking: 'Checking', savings: 'Savings', cd: 'Certificate of Deposit', moneyMarket: 'Money Market',
    creditCard: 'Credit Card', lineOfCredit: 'Line of Credit', mortgage: 'Mortgage', loan: 'Loan',
    studentLoan: 'Student Loan', studentLoanGroup: 'Student Loan', studentLoanAccount: 'Student Loan',
  };
  for (const [type, label] of Object.entries(labels)) assert.equal(finicity(type), label, type);
  const investments = [
    'investment', 'investmentTaxDeferred', 'ira', '401k', '401a', '403b', '457plan', '457', '529plan', '529', 'roth', 'roth401k',
    'rollover', 'ugma', 'utma', 'keogh', 'brokerageAccount', 'educationSavings', 'pension', 'profitSharingPlan', 'sepIRA',
    'simpleIRA', 'thriftSavingsPlan', 'variableAnnuity', 'employeeStockPurchasePlan', 'cryptocurrency',
  ];
  for (const type of investments) assert.equal(finicity(type), 'Investment', type);
});

test('bank-statement words, in any case and spacing', () => {
  assert.equal(plaid('CHECKING', null), 'Checking');
  assert.equal(plaid('MONEY MARKET', null), 'Money Market');
  assert.equal(plaid('money_market', null), 'Money Market');
  assert.equal(plaid('CREDIT CARD', null), 'Credit Card');
  assert.equal(plaid('Certificate of Deposit', null), 'Certificate of Deposit');
  assert.equal(plaid('LOAN', null), 'Loan', 'the same word as Plaid loan type');
});

test('unknown types are Other, and no type stays null', () => {
  assert.equal(finicity('unknown'), 'Other');
  assert.equal(finicity('prepaidCard'), 'Other');
  assert.equal(plaid('BUSINESS PREMIUM', null), 'Other');
  assert.equal(plaid('annuity', 'fixed'), 'Other', 'a Plaid type no table knows');
  assert.equal(finicity(null), null);
  assert.equal(plaid(null, 'checking'), null);
});
