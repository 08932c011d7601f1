import { kindBit, TERM_LISTS, type Rules, type TermList } from './rules.js';
import { tokens, upperAscii } from './tokens.js';

/** A bit per term list of terms.json, in TERM_LISTS order. */
export const TERM_BIT: Readonly<Record<TermList, number>> = Object.fromEntries(TERM_LISTS.map((list, index) => [list, 1 << index])) as Record<TermList, number>;

/** What one description matches. */
export interface DescriptionMatch {
  /** TERM_BIT of every term list one of whose terms the description matches. */
  readonly terms: number;
  /** The kind bits (rules.ts kindBit) of every lender the description matches. */
  readonly lenderKinds: number;
  /** The lender it is shown under: the one whose matched alias is longest in tokens, then the first in the file; -1 for none. */
  readonly lender: number;
}

const NO_MATCH: DescriptionMatch = { terms: 0, lenderKinds: 0, lender: -1 };

/** One alias or term, by the tokens after its first. */
interface Phrase {
  readonly rest: readonly string[];
  readonly length: number;
  /** A term list's bit, or 0 for an alias. */
  readonly termBit: number;
  /** The lender's index, or -1 for a term. */
  readonly lender: number;
}

/**
 * Every alias and term of a rules folder, indexed by first token: a description is matched (SPEC §4a:
 * a phrase matches when its tokens are a contiguous run of the text's) by looking each of its tokens up
 * once, so the cost grows with the description, not with the size of the rules.
 */
export class DescriptionMatcher {
  private readonly byFirstToken = new Map<string, Phrase[]>();
  private readonly lenderKindBits: readonly number[];
  /** The `nsf_categories` entries, a–z upper-cased: a category equal to one (upper-cased likewise) is an NSF one. */
  readonly nsfCategories: readonly string[];

  constructor(rules: Rules) {
    for (const list of TERM_LISTS) {
      if (list === 'nsf_categories') continue; // compared whole, not by tokens
      for (const term of rules.terms[list]) this.add(term, TERM_BIT[list], -1);
    }
    rules.lenders.forEach((lender, index) => {
      for (const alias of [lender.name, ...lender.aliases]) this.add(alias, 0, index);
    });
    this.lenderKindBits = rules.lenders.map((lender) => lender.kinds.reduce((bits, kind) => bits | kindBit(kind), 0));
    this.nsfCategories = [...new Set(rules.terms.nsf_categories.map(upperAscii))];
  }

  match(description: string): DescriptionMatch {
    const words = tokens(description);
    let [terms, lenderKinds, lender, lenderLength] = [0, 0, -1, 0];
    for (let at = 0; at < words.length; at += 1) {
      const phrases = this.byFirstToken.get(words[at]!);
      if (phrases === undefined) continue;
      for (const phrase of phrases) {
        if (!continuesAt(words, at + 1, phrase.rest)) continue;
        if (phrase.lender < 0) terms |= phrase.termBit;
        else {
          lenderKinds |= this.lenderKindBits[phrase.lender]!;
          if (phrase.length > lenderLength || (phrase.length === lenderLength && phrase.lender < lender)) [lender, lenderLength] = [phrase.lender, phrase.length];
        }
      }
    }
    return terms === 0 && lender < 0 ? NO_MATCH : { terms, lenderKinds, lender };
  }

  private add(phrase: string, termBit: number, lender: number): void {
    const [first, ...rest] = tokens(phrase);
    const entry: Phrase = { rest, length: rest.length + 1, termBit, lender };
    const phrases = this.byFirstToken.get(first!);
    if (phrases === undefined) this.byFirstToken.set(first!, [entry]);
    else phrases.push(entry);
  }
}

function continuesAt(words: readonly string[], at: number, rest: readonly string[]): boolean {
  if (at + rest.length > words.length) return false;
  for (let index = 0; index < rest.length; index += 1) if (words[at + index] !== rest[index]) return false;
  return true;
}
