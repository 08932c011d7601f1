/**
 * The classification rules of SPEC §4a: which words make a transaction an NSF fee, a transfer in, a
 * wire, non-revenue, or a lender's. They are data (a rules folder of JSON files, rules-folder.ts),
 * never code: the product's defaults are `data/rules/`, and a caller may bring another folder.
 */
export const LENDER_KINDS = ['alternative_lender', 'merchant_cash_advance', 'factoring', 'debt_consolidator'] as const;
export type LenderKind = (typeof LENDER_KINDS)[number];

/** The seven lists of `terms.json`, exactly these keys. */
export const TERM_LISTS = ['nsf', 'nsf_categories', 'nsf_excluded', 'fee_reversal', 'transfer_in', 'wire', 'non_revenue'] as const;
export type TermList = (typeof TERM_LISTS)[number];

export interface Lender {
  readonly name: string;
  readonly kinds: readonly LenderKind[];
  /** The name is one of them too (SPEC §4a); `aliases` here lists the file's own. */
  readonly aliases: readonly string[];
}

export interface Rules {
  /** The folder the rules were read from, for messages. */
  readonly folder: string;
  readonly lenders: readonly Lender[];
  readonly terms: Readonly<Record<TermList, readonly string[]>>;
  /**
   * Changes exactly when the meaning of the rules changes (a lender, a kind, an alias, a term, the
   * classifier's version), not when a note or the file's layout does: stored with every
   * classification, so one made under other rules is never reused.
   */
  readonly fingerprint: string;
}

/** A bit per lender kind, so a transaction's kinds (from every lender it matches) fit one integer. */
export function kindBit(kind: LenderKind): number {
  return 1 << LENDER_KINDS.indexOf(kind);
}
