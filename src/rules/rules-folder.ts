import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { packageRoot } from '../core/package-root.js';
import { LENDER_KINDS, TERM_LISTS, type Lender, type LenderKind, type Rules, type TermList } from './rules.js';
import { tokens } from './tokens.js';

/** Bumped when the classifier's reading of the same rules changes, so stored classifications are redone. */
const CLASSIFIER_VERSION = 1;

/** A rules file larger than this is a mistake, not a list of lenders. */
const MAX_RULES_FILE_BYTES = 16 * 1024 * 1024;

/** Rules folders whose last reading is kept (see `checked`). */
const FOLDERS_KEPT = 16;

/** The product's own rules, shipped in the package's `data/rules/`. */
export function defaultRulesFolder(): string {
  return join(packageRoot(), 'data', 'rules');
}

/**
 * Reads and checks a rules folder (SPEC §4a): `lenders.json` and `terms.json`. Anything missing,
 * unreadable, malformed or of the wrong shape is a UsageError naming the file and what is wrong.
 */
export async function loadRules(folder: string = defaultRulesFolder()): Promise<Rules> {
  const root = resolve(folder);
  const [lendersFile, termsFile] = [join(root, 'lenders.json'), join(root, 'terms.json')];
  const known = checked.get(root);
  const stamps = await Promise.all([fileStamp(lendersFile), fileStamp(termsFile)]);
  if (known !== undefined && stamps.every((stamp, index) => stamp !== null && stamp === known.stamps[index])) return known.rules;
  const lendersBytes = await readRulesFile(lendersFile);
  const sameLenders = known !== undefined && known.lenders.equals(lendersBytes);
  const lenders = sameLenders ? known.rules.lenders : lendersOf(parseJson(lendersBytes, lendersFile), lendersFile);
  const termsBytes = await readRulesFile(termsFile);
  if (sameLenders && known.terms.equals(termsBytes)) {
    checked.set(root, { ...known, stamps });
    return known.rules;
  }
  const terms = termsOf(parseJson(termsBytes, termsFile), termsFile);
  const rules: Rules = { folder: root, lenders, terms, fingerprint: fingerprintOf(lenders, terms) };
  checked.delete(root);
  checked.set(root, { lenders: lendersBytes, terms: termsBytes, rules, stamps });
  if (checked.size > FOLDERS_KEPT) checked.delete(checked.keys().next().value!);
  return rules;
}

/**
 * The last rules read from each folder, with the bytes they were read from and the files' stamps: files
 * with the same stamps are not read again, and the same bytes again give the same rules, so a batch of many
 * small summaries reads, checks and fingerprints the folder once. Only rules that passed every check are kept.
 */
const checked = new Map<string, { readonly lenders: Buffer; readonly terms: Buffer; readonly rules: Rules; readonly stamps: ReadonlyArray<string | null> }>();

/**
 * What changes whenever a file is written or replaced: its device, inode, size and change time (set by the
 * kernel on every write, whatever a program sets the modification time to). Null when it cannot be had,
 * or when it cannot yet stand for the file's bytes (settled), which makes the file read.
 */
async function fileStamp(file: string): Promise<string | null> {
  try {
    const takenMs = Date.now();
    const info = await stat(file, { bigint: true });
    if (!info.isFile() || !settled(info.ctimeNs, takenMs)) return null;
    return `${info.dev}:${info.ino}:${info.size}:${info.ctimeNs}`;
  } catch {
    return null;
  }
}

/** A change time is kept in coarse ticks: two writes within one tick can leave the same stamp. */
const SETTLED_MS = 2_000;

/**
 * A stamp stands for the bytes read after it only when the file had not changed for a while when it was
 * taken (as git trusts an index entry only for a file older than the index): a later write then lands on
 * a later tick. A file written just before is compared by its bytes.
 */
function settled(ctimeNs: bigint, takenMs: number): boolean {
  return takenMs - Number(ctimeNs / 1_000_000n) > SETTLED_MS;
}

async function readRulesFile(file: string): Promise<Buffer> {
  try {
    const bytes = await readFile(file);
    if (bytes.length > MAX_RULES_FILE_BYTES) throw new UsageError(`rules file ${file}: larger than ${MAX_RULES_FILE_BYTES} bytes`);
    return bytes;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a folder, not a file' : (error as Error).message;
    throw new UsageError(`rules file ${file}: cannot be read: ${why}`);
  }
}

function parseJson(bytes: Buffer, file: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new UsageError(`rules file ${file}: not JSON: ${(error as Error).message}`);
  }
}

/** A shape problem at `path` inside `file`. */
function wrong(file: string, path: string, problem: string): UsageError {
  return new UsageError(`rules file ${file}: ${path}: ${problem}`);
}

function lendersOf(value: unknown, file: string): Lender[] {
  if (!isRecord(value) || !Array.isArray(value['lenders'])) throw wrong(file, '(top level)', 'expected an object with a "lenders" list');
  return value['lenders'].map((lender: unknown, index: number) => lenderOf(lender, file, `lenders[${index}]`));
}

function lenderOf(value: unknown, file: string, path: string): Lender {
  if (!isRecord(value)) throw wrong(file, path, 'expected an object with name, kinds and aliases');
  const name = phraseOf(value['name'], file, `${path}.name`);
  const kinds = value['kinds'];
  if (!Array.isArray(kinds) || kinds.length === 0) throw wrong(file, `${path}.kinds`, `expected a non-empty list of ${LENDER_KINDS.join(', ')}`);
  kinds.forEach((kind: unknown, index: number) => {
    if (!(LENDER_KINDS as readonly unknown[]).includes(kind)) {
      throw wrong(file, `${path}.kinds[${index}]`, `expected one of ${LENDER_KINDS.join(', ')}, found ${JSON.stringify(kind)}`);
    }
  });
  const aliases = value['aliases'] ?? [];
  if (!Array.isArray(aliases)) throw wrong(file, `${path}.aliases`, 'expected a list of strings');
  return {
    name,
    kinds: [...new Set(kinds as LenderKind[])],
    aliases: aliases.map((alias: unknown, index: number) => phraseOf(alias, file, `${path}.aliases[${index}]`)),
  };
}

function termsOf(value: unknown, file: string): Record<TermList, string[]> {
  if (!isRecord(value)) throw wrong(file, '(top level)', `expected an object with the keys ${TERM_LISTS.join(', ')}`);
  const unknown = Object.keys(value).filter((key) => !(TERM_LISTS as readonly string[]).includes(key));
  if (unknown.length > 0) throw wrong(file, unknown[0]!, `unknown key: expected exactly ${TERM_LISTS.join(', ')}`);
  const terms = {} as Record<TermList, string[]>;
  for (const list of TERM_LISTS) {
    const entries = value[list];
    if (entries === undefined) throw wrong(file, list, 'missing: every one of the seven lists must be given (an empty list is fine)');
    if (!Array.isArray(entries)) throw wrong(file, list, 'expected a list of strings');
    terms[list] = entries.map((entry: unknown, index: number) => phraseOf(entry, file, `${list}[${index}]`));
  }
  return terms;
}

/** An alias or term: a string holding at least one letter or digit (one without would match every text). */
function phraseOf(value: unknown, file: string, path: string): string {
  if (typeof value !== 'string') throw wrong(file, path, `expected a string, found ${value === null ? 'null' : typeof value}`);
  if (tokens(value).length === 0) throw wrong(file, path, `${JSON.stringify(value)} holds no letter or digit, so it would match every text`);
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fingerprintOf(lenders: readonly Lender[], terms: Readonly<Record<TermList, readonly string[]>>): string {
  const meaning = { version: CLASSIFIER_VERSION, lenders, terms: TERM_LISTS.map((list) => terms[list]) };
  return createHash('sha256').update(JSON.stringify(meaning)).digest('hex');
}
