/**
 * The rows a book is planted with, each for a figure to find: a biweekly payroll and monthly bills of one
 * amount (recurring), lender fundings each followed by daily debits, NSF fees, transfers between the
 * book's own accounts, and pending card rows on the last day. They are few (a handful a month), so the
 * plan is made once per book and kept.
 */
import type { Calendar } from './calendar.js';
import type { LedgerAccount, LedgerRow, RowKind } from './ledger.js';
import { describe, inClass } from './row-values.js';
import { CARD_PAYMENT_IN, INTERNET, LENDERS, NSF_FEES, PAYROLL, RENT, SOFTWARE, SPEND, TRANSFER_IN, TRANSFER_OUT, type Payee } from './payees.js';
import type { Random } from './random.js';
import { weekday } from './values.js';

/** Business days of debits after each funding: a short daily-debit MCA. */
const DEBITS_PER_FUNDING = 15;
/** A new funding every this many months (a renewal, or a second position). */
const MONTHS_PER_FUNDING = 6;
const MAX_TRANSFERS_PER_MONTH = 3;

interface Plan {
  readonly calendar: Calendar;
  readonly accounts: readonly LedgerAccount[];
  readonly random: Random;
  readonly rows: LedgerRow[];
}

export function plantRows(calendar: Calendar, accounts: readonly LedgerAccount[], random: Random): LedgerRow[] {
  const plan: Plan = { calendar, accounts, random, rows: [] };
  plantPayroll(plan);
  plantMonthlyBills(plan);
  plantLenders(plan);
  plantNsfFees(plan);
  plantTransfers(plan);
  plantPending(plan);
  return plan.rows;
}

function add(plan: Plan, account: number, day: number, cents: number, kind: RowKind, payee: Payee, description: string, pending = false): void {
  plan.rows.push({ account, day, cents, kind, payee, description, pending });
}

/** The first credit-card account, else the operating account (0). */
function cardAccount(plan: Plan): number {
  return plan.accounts.find((account) => account.kind.key === 'credit')?.index ?? 0;
}

/** Every other Friday, one amount and one description: a recurring withdrawal from the operating account. */
function plantPayroll(plan: Plan): void {
  const { calendar, random } = plan;
  const cents = -inClass(random.int(PAYROLL.minCents, PAYROLL.maxCents), 2);
  const description = describe(PAYROLL, random.int(1000, 9999));
  let friday = calendar.firstDay + ((5 - weekday(calendar.firstDay) + 7) % 7) + 7 * random.int(0, 1);
  for (; friday <= calendar.lastDay; friday += 14) {
    if (calendar.isBusinessDay(friday)) add(plan, 0, friday, cents, 'payroll', PAYROLL, description);
  }
}

/** Rent on the first business day, internet on the 15th (or the next business day), software on the 8th on the card. */
function plantMonthlyBills(plan: Plan): void {
  const { calendar, random } = plan;
  const rent = -inClass(random.int(RENT.minCents, RENT.maxCents), 2, true);
  const bills: Array<{ payee: Payee; account: number; dayOfMonth: number; cents: number; businessDay: boolean }> = [
    { payee: RENT, account: 0, dayOfMonth: 1, cents: rent, businessDay: true },
    { payee: INTERNET, account: 0, dayOfMonth: 15, cents: -inClass(INTERNET.minCents, 2), businessDay: true },
    { payee: SOFTWARE, account: cardAccount(plan), dayOfMonth: 8, cents: -inClass(SOFTWARE.minCents, 2), businessDay: false },
  ];
  for (const bill of bills) {
    const description = describe(bill.payee, random.int(100_000, 999_999));
    for (const [first, last] of calendar.monthSpans()) {
      const wanted = first + bill.dayOfMonth - 1;
      const day = bill.businessDay ? calendar.businessDayFrom(wanted) : calendar.isActive(wanted) ? wanted : null;
      if (day !== null && day <= last) add(plan, bill.account, day, bill.cents, 'bill', bill.payee, description);
    }
  }
}

/** A funding into the operating account early in the first month (and every 6 months), then daily debits. */
function plantLenders(plan: Plan): void {
  const { calendar, random } = plan;
  const spans = calendar.monthSpans();
  for (let month = 0, n = 0; month < spans.length; month += MONTHS_PER_FUNDING, n++) {
    const [first, last] = spans[month]!;
    const fundingDay = calendar.businessDayFrom(first + random.int(2, 9));
    if (fundingDay === null || fundingDay > last) continue; // the gap month: no funding this time
    const lender = LENDERS[n % LENDERS.length]!;
    const funding = inClass(random.int(15, 80) * 1_000_00, 1, true);
    add(plan, 0, fundingDay, funding, 'lenderFunding', lender.funding, describe(lender.funding, random.int(100_000, 999_999)));
    // Paying back 1.35 times the funding over 60 business days, as an MCA's factor rate and term would.
    const debit = -inClass(Math.round((funding * 135) / 100 / 60), 2);
    const debitRef = random.int(100_000, 999_999);
    for (let day = fundingDay + 1, count = 0; day <= calendar.lastDay && count < DEBITS_PER_FUNDING; day++) {
      if (!calendar.isBusinessDay(day)) continue;
      add(plan, 0, day, debit, 'lenderDebit', lender.debit, describe(lender.debit, debitRef));
      count++;
    }
  }
}

/** One NSF fee every two months of activity (at least one), on business days of the operating account. */
function plantNsfFees(plan: Plan): void {
  const { calendar, random } = plan;
  const active = activeMonthSpans(calendar);
  const count = Math.max(1, Math.floor(active.length / 2));
  for (let i = 0; i < count; i++) {
    const [first, last] = active[Math.floor((i * active.length) / count)]!;
    const day = calendar.businessDayFrom(random.int(first, last));
    if (day === null) continue;
    const payee = NSF_FEES[i % NSF_FEES.length]!;
    add(plan, 0, day, -payee.minCents, 'nsfFee', payee, describe(payee, random.int(1000, 9999)));
  }
}

function activeMonthSpans(calendar: Calendar): Array<readonly [number, number]> {
  return calendar.monthSpans().filter(([first]) => calendar.isActive(first));
}

/**
 * Each active month, up to three transfers between the operating account and the others in turn: a card
 * payment to a credit card, a sweep to savings or a draw from it. The deposit lands 0-3 days after the
 * withdrawal, on a business day; every transfer amount is used once in the book.
 */
function plantTransfers(plan: Plan): void {
  const { calendar, accounts, random } = plan;
  if (accounts.length < 2) return;
  const used = new Set<number>();
  let other = 1;
  for (const [first, last] of activeMonthSpans(calendar)) {
    for (let t = 0; t < Math.min(MAX_TRANSFERS_PER_MONTH, accounts.length - 1); t++) {
      const withdrawalDay = calendar.businessDayFrom(random.int(first, last - 3));
      if (withdrawalDay === null || withdrawalDay > last) continue;
      const target = accounts[other]!;
      other = other + 1 < accounts.length ? other + 1 : 1;
      const toOther = target.kind.key === 'credit' || random.chance(0.5);
      const [from, to] = toOther ? [accounts[0]!, target] : [target, accounts[0]!];
      plantTransfer(plan, from, to, withdrawalDay, uniqueTransferCents(random, used));
    }
  }
}

function plantTransfer(plan: Plan, from: LedgerAccount, to: LedgerAccount, withdrawalDay: number, cents: number): void {
  const { calendar, random } = plan;
  let depositDay = withdrawalDay + random.int(0, 3);
  while (!calendar.isBusinessDay(depositDay)) depositDay--; // back to the withdrawal's day at worst
  const ref = random.int(1_000_000, 9_999_999);
  add(plan, from.index, withdrawalDay, -cents, 'transferOut', TRANSFER_OUT, describe(TRANSFER_OUT, ref, to.mask));
  const inPayee = to.kind.key === 'credit' ? CARD_PAYMENT_IN : TRANSFER_IN;
  add(plan, to.index, depositDay, cents, 'transferIn', inPayee, describe(inPayee, ref, from.mask));
}

/** Whole dollars, a multiple of $3 (so ≡ 0 mod 3 in cents), not used before in the book. */
function uniqueTransferCents(random: Random, used: Set<number>): number {
  for (;;) {
    const cents = random.int(17, 2_666) * 300;
    if (!used.has(cents)) {
      used.add(cents);
      return cents;
    }
  }
}

/** Card swipes not yet posted on the last day: one on the operating account, one on the card. */
function plantPending(plan: Plan): void {
  const { calendar, random } = plan;
  const accounts = [...new Set([0, cardAccount(plan)])];
  for (const account of accounts) {
    const payee = random.pick(SPEND.slice(0, 7));
    const cents = -inClass(random.int(payee.minCents, payee.maxCents), 2);
    add(plan, account, calendar.lastDay, cents, 'spend', payee, describe(payee, random.int(1000, 9999)), true);
  }
}
