import { sql, type RawBuilder } from 'kysely';
import { TERM_BIT } from '../../rules/matcher.js';
import { kindBit } from '../../rules/rules.js';

/**
 * The `flags` of a stored classification (txn_classes): the term lists the description matched
 * (rules/matcher.ts TERM_BIT, bits 0–6), whether the row is an NSF candidate, and whether it is a counted NSF fee.
 */
export const NSF_FEE = 1 << 7;
/** A posted withdrawal that matched an `nsf` term or category and no `nsf_excluded` term: counted unless refunded. */
export const NSF_CANDIDATE = 1 << 8;

const FACTORING = kindBit('factoring');
const LOAN_PROCEEDS = kindBit('alternative_lender') | kindBit('merchant_cash_advance');

/** The revenue buckets of SPEC §4a, in the order they are tried: every posted deposit falls in the first that applies. */
export const BUCKETS = {
  interbank: 1,
  factoring: 2,
  lender: 3,
  outsideSource: 4,
  specificTerms: 5,
  revenue: 6,
} as const;

/** Buckets whose deposits are revenue: factoring is added, the rest are the deposits nothing deducted. */
export const REVENUE_BUCKETS = [BUCKETS.factoring, BUCKETS.revenue] as const;

/**
 * A posted deposit's bucket, as SQL over its classification row `c` (txn_classes, or nulls when the row
 * matched nothing) and whether it is paired as interbank: the one definition every figure and every
 * row's tags use.
 */
export function revenueBucket(classes: string, paired: RawBuilder<unknown>): RawBuilder<number> {
  const flags = sql.ref(`${classes}.flags`);
  const kinds = sql.ref(`${classes}.lender_kinds`);
  return sql<number>`CASE
    WHEN ${paired} THEN ${BUCKETS.interbank}
    WHEN coalesce(${kinds}, 0) & ${FACTORING} <> 0 THEN ${BUCKETS.factoring}
    WHEN coalesce(${kinds}, 0) & ${LOAN_PROCEEDS} <> 0 THEN ${BUCKETS.lender}
    WHEN coalesce(${flags}, 0) & ${TERM_BIT.transfer_in} <> 0 AND coalesce(${flags}, 0) & ${TERM_BIT.wire} = 0 THEN ${BUCKETS.outsideSource}
    WHEN coalesce(${flags}, 0) & ${TERM_BIT.non_revenue} <> 0 THEN ${BUCKETS.specificTerms}
    ELSE ${BUCKETS.revenue} END`;
}
