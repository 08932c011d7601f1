import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AccountSummary, Book, BookTransactionObject, ExtraField } from '../src/index.js';

/*
 * Type tests: `npm run typecheck` compiles this file, and each @ts-expect-error fails the check if the line
 * below it ever compiles. The function is never called; node:test only sees the one test at the end.
 */
export async function wrongCallsDoNotCompile(book: Book): Promise<void> {
  await book.summary({ extraFields: ['monthly_cash_flow', 'nsf_count'], rules: 'my-rules' });
  // @ts-expect-error an extra field that does not exist
  await book.summary({ extraFields: ['monthly_cashflow'] });
  // @ts-expect-error a rules folder is a path
  await book.summary({ rules: { lenders: [] } });
  await book.transactions({ rules: 'my-rules' });
  const row = {} as BookTransactionObject;
  // @ts-expect-error tags are the six of §4a
  row.tags.includes('loan');
  // @ts-expect-error a lender's kinds are the four of §4a
  row.lender?.kinds.includes('bank');
  const account = {} as AccountSummary;
  // @ts-expect-error an amount is a string of two decimals, never a number
  const revenue: number | undefined = account.estimated_revenue_by_month['01/2024'];
  void revenue;
}

test('the classification options and fields are typed (see npm run typecheck)', () => {
  const fields: ExtraField[] = ['monthly_cash_flow', 'estimated_revenue_by_month_calc_txns'];
  assert.equal(fields.length, 2);
});
