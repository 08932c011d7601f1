/** Finicity account types that are depository in the sense of SPEC §3. */
export const FINICITY_DEPOSITORY_TYPES: ReadonlySet<string> = new Set(['checking', 'savings', 'cd', 'moneyMarket']);

/**
 * Types whose amounts Finicity signs from the holder's side of a card or a portfolio (SPEC §3):
 * turned around so that positive = money into the account. Loan types are not reversed.
 */
export const FINICITY_REVERSED_TYPES: ReadonlySet<string> = new Set([
  'creditCard',
  'investment',
  'investmentTaxDeferred',
  'ira',
  '401k',
  '401a',
  '403b',
  '457plan',
  '529plan',
  'roth',
  'roth401k',
  'rollover',
  'ugma',
  'utma',
  'keogh',
  'brokerageAccount',
  'educationSavings',
  'pension',
  'profitSharingPlan',
  'sepIRA',
  'simpleIRA',
  'thriftSavingsPlan',
  'variableAnnuity',
  'employeeStockPurchasePlan',
  'cryptocurrency',
]);
