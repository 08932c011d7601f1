import { daysBetween } from '../../core/months.js';
import type { IsoDate } from '../../core/dates.js';

/** Days after a fee within which a refund of it cancels it (SPEC §4a: 0 to 10, inclusive). */
export const REFUND_DAYS = 10;

/** A posted row of one account that takes part in NSF counting: a candidate fee, or a refund that can cancel one. */
export interface NsfEvent {
  readonly pk: number;
  readonly date: IsoDate;
  readonly amountCents: number;
  readonly kind: 'fee' | 'refund';
}

/**
 * Counts NSF fees as SPEC §4a says, streaming: events come in date order (then source txn id, the order
 * same-day fees are taken in); each fee takes the earliest unused refund of exactly the opposite amount
 * dated 0 to 10 days after it, and a fee without one is counted. A fee is settled once the stream has
 * passed 10 days after it, so only the last 10 days of fees and refunds are held.
 *
 * Fees are settled in order, each taking the earliest eligible refund: refunds of one amount are used
 * up in date order, so a queue per amount is enough.
 */
export class NsfCounter {
  private readonly pendingFees: NsfEvent[] = [];
  private readonly refundsByAmount = new Map<number, NsfEvent[]>();
  private readonly counted: number[] = [];

  add(event: NsfEvent): void {
    this.settleBefore(event.date);
    if (this.pendingFees.length === 0) this.dropRefundsBefore(event.date);
    if (event.kind === 'fee') this.pendingFees.push(event);
    else {
      const queue = this.refundsByAmount.get(event.amountCents);
      if (queue === undefined) this.refundsByAmount.set(event.amountCents, [event]);
      else queue.push(event);
    }
  }

  /** The pks of the counted fees, in the order they were settled. */
  finish(): number[] {
    this.settleBefore(null);
    return this.counted;
  }

  /** Settles every pending fee more than 10 days before `date` (every one, for null). */
  private settleBefore(date: IsoDate | null): void {
    while (this.pendingFees.length > 0 && (date === null || daysBetween(this.pendingFees[0]!.date, date) > REFUND_DAYS)) {
      this.settle(this.pendingFees.shift()!);
    }
  }

  /** With no fee pending, a refund dated before `date` can serve no fee still to come. */
  private dropRefundsBefore(date: IsoDate): void {
    for (const [amount, queue] of this.refundsByAmount) {
      while (queue.length > 0 && queue[0]!.date < date) queue.shift();
      if (queue.length === 0) this.refundsByAmount.delete(amount);
    }
  }

  private settle(fee: NsfEvent): void {
    const queue = this.refundsByAmount.get(-fee.amountCents);
    // Refunds dated before this fee can serve no later fee either: they go.
    while (queue !== undefined && queue.length > 0 && queue[0]!.date < fee.date) queue.shift();
    if (queue !== undefined && queue.length > 0 && daysBetween(fee.date, queue[0]!.date) <= REFUND_DAYS) {
      queue.shift();
      if (queue.length === 0) this.refundsByAmount.delete(-fee.amountCents);
    } else this.counted.push(fee.pk);
  }
}
