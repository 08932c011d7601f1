import { NSF_FEE } from '../analytics/classification/classes.js';
import { isOutsideSource, isRevenue } from '../analytics/classification/classified-figures.js';
import type { ClassifiedRow } from '../analytics/classification/classified-rows.js';
import { BUCKETS } from '../analytics/classification/classes.js';
import { TERM_BIT } from '../rules/matcher.js';
import type { LenderKind, Rules } from '../rules/rules.js';

/** Why a row is, or is not, in each classification figure (SPEC §4a), in this order. */
export const TAGS = ['nsf_fee', 'interbank', 'outside_source', 'wire', 'non_revenue', 'revenue'] as const;
export type Tag = (typeof TAGS)[number];

export interface RowExplanation {
  /**
   * `nsf_fee`: a counted NSF fee; `interbank`: paired with a row of another account; `outside_source`: a
   * transfer in with no such pair; `wire`: a deposit described as a wire; `non_revenue`: a deposit deducted
   * for a `non_revenue` term; `revenue`: a deposit counted as revenue. None for pending rows.
   */
  readonly tags: Tag[];
  /** The lender whose alias the description matches (the longest alias; then the first in the file), or null. */
  readonly lender: { readonly name: string; readonly kinds: readonly LenderKind[] } | null;
}

export function rowExplanation(row: Pick<ClassifiedRow, 'status' | 'amount_cents' | 'flags' | 'lender_index' | 'paired' | 'bucket'>, rules: Rules): RowExplanation {
  if (row.status !== 'posted') return { tags: [], lender: null };
  const deposit = row.amount_cents > 0;
  const has: Record<Tag, boolean> = {
    nsf_fee: (row.flags & NSF_FEE) !== 0,
    interbank: row.paired === 1,
    outside_source: isOutsideSource(row),
    wire: deposit && (row.flags & TERM_BIT.wire) !== 0,
    non_revenue: deposit && row.bucket === BUCKETS.specificTerms,
    revenue: deposit && isRevenue(row.bucket),
  };
  const lender = row.lender_index >= 0 ? rules.lenders[row.lender_index] : undefined;
  return { tags: TAGS.filter((tag) => has[tag]), lender: lender === undefined ? null : { name: lender.name, kinds: lender.kinds } };
}
