/** The options of a generation, checked and completed with their defaults. */
import { UsageError } from '../core/errors.js';

export const FORMATS = ['plaid-assets', 'plaid-transactions', 'plaid-statements', 'finicity'] as const;
export type GenerateFormat = (typeof FORMATS)[number];

export interface GenerateOptions {
  readonly format: GenerateFormat;
  /** A file, or a folder for a Finicity bundle, a paged /transactions/get pull, or `books`. */
  readonly out: string;
  /** About this many bytes per book: a number, or text such as `500KB`, `200MB`, `2GB` (1 MB = 2^20 bytes). */
  readonly size?: number | string;
  /** Exactly this many rows per book (pending ones included), or the planted rows if they are more. */
  readonly transactions?: number;
  readonly accounts?: number;
  readonly months?: number;
  readonly seed?: number;
  /** Write a folder of this many books, each its own file (or bundle folder). */
  readonly books?: number;
  /** Told the bytes written so far, about every 256 KB. */
  readonly onProgress?: (bytesWritten: number) => void;
}

export interface ResolvedOptions {
  readonly format: GenerateFormat;
  readonly out: string;
  readonly size: number | null;
  readonly transactions: number | null;
  readonly accounts: number;
  readonly months: number;
  readonly seed: number;
  readonly books: number | null;
}

export const DEFAULTS = { accounts: 4, months: 4, seed: 1, transactions: 80 } as const;
const LIMITS = { accounts: 100_000, months: 120, books: 100_000, transactions: 1e9 } as const;

const UNITS: Readonly<Record<string, number>> = { B: 1, KB: 2 ** 10, MB: 2 ** 20, GB: 2 ** 30, TB: 2 ** 40 };

/** `500KB`, `200MB`, `2GB`, `1.5GB`, `1048576`: bytes, with 1 KB = 2^10 and 1 MB = 2^20. */
export function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([KMGT]?B)?$/i.exec(text.trim());
  const unit = UNITS[(match?.[2] ?? 'B').toUpperCase()];
  const bytes = match === null || unit === undefined ? NaN : Math.round(Number(match[1]) * unit);
  if (!(bytes >= 1024)) throw new UsageError(`--size must be a size such as 500KB, 200MB or 2GB (at least 1KB), not ${JSON.stringify(text)}`);
  return bytes;
}

export function resolveOptions(options: GenerateOptions): ResolvedOptions {
  if (!FORMATS.includes(options.format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not ${JSON.stringify(options.format)}`);
  if (typeof options.out !== 'string' || options.out === '') throw new UsageError('--out PATH is required');
  if (options.size !== undefined && options.transactions !== undefined) throw new UsageError('give --size or --transactions, not both');
  const size = options.size === undefined ? null : typeof options.size === 'number' ? checkedSize(options.size) : parseSize(options.size);
  return {
    format: options.format,
    out: options.out,
    size,
    transactions: options.transactions === undefined ? null : whole('--transactions', options.transactions, 1, LIMITS.transactions),
    accounts: whole('--accounts', options.accounts ?? DEFAULTS.accounts, 1, LIMITS.accounts),
    months: whole('--months', options.months ?? DEFAULTS.months, 1, LIMITS.months),
    seed: whole('--seed', options.seed ?? DEFAULTS.seed, 0, 2 ** 32 - 1),
    books: options.books === undefined ? null : whole('--books', options.books, 1, LIMITS.books),
  };
}

function checkedSize(bytes: number): number {
  if (!Number.isSafeInteger(bytes) || bytes < 1024) throw new UsageError(`--size must be at least 1KB, not ${bytes} bytes`);
  return bytes;
}

function whole(name: string, value: number, min: number, max: number): number {
  if (!Number.isSafeInteger(value) || value < min || value > max) throw new UsageError(`${name} must be a whole number from ${min} to ${max}, not ${value}`);
  return value;
}

/** A whole number given as text on the command line. */
export function parseWhole(name: string, text: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`${name} must be a whole number, not ${JSON.stringify(text)}`);
  return Number(text);
}
