import { Buffer } from 'node:buffer';
import type { JsonScanner } from '../../src/sources/json/scanner.js';

// Random JSON documents and chunkings for the scanner's tests.

/** mulberry32: seeded, so every failure can be replayed. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick };
}
export type Random = ReturnType<typeof prng>;

/** Feeds `bytes` cut at `cuts` (sorted chunk boundaries), then ends. */
export function feed(scanner: JsonScanner, bytes: Uint8Array, cuts: readonly number[] = []): void {
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    scanner.write(bytes.subarray(from, cut));
    from = cut;
  }
  scanner.end();
}

export function randomCuts(random: Random, length: number, count: number): number[] {
  const cuts = Array.from({ length: count }, () => random.int(length + 1));
  return cuts.sort((a, b) => a - b);
}

export const WHITESPACE = ['', '', '', ' ', '\n', '\t', '\r\n', '  ', '\n    '];
export const STRING_PIECES = [
  'a', 'Z', '0', ' ', 'key', 'é', 'ü', '中文', '😀', '🏦', '\u2028', '\u007f', '~', "'", '\u00a0',
  '\\"', '\\\\', '\\/', '\\b', '\\f', '\\n', '\\r', '\\t', '\\u00e9', '\\u00E9', '\\uD83D\\uDE00', '\\u0000',
  '\\ud800', '\\u2028', '\\u005C',
];

export function randomNumber(random: Random): string {
  let text = random.next() < 0.3 ? '-' : '';
  text += random.next() < 0.2 ? '0' : String(1 + random.int(9)) + digits(random, random.int(6));
  if (random.next() < 0.4) text += '.' + digits(random, 1 + random.int(5));
  if (random.next() < 0.3) text += random.pick(['e', 'E']) + random.pick(['', '+', '-']) + digits(random, 1 + random.int(3));
  return text;
}

function digits(random: Random, count: number): string {
  let text = '';
  for (let k = 0; k < count; k++) text += String(random.int(10));
  return text;
}

export function randomString(random: Random): string {
  let text = '"';
  for (let k = random.int(8); k > 0; k--) text += random.pick(STRING_PIECES);
  return text + '"';
}

export function randomValue(random: Random, depth: number): string {
  const ws = (): string => random.pick(WHITESPACE);
  const choice = random.int(depth >= 5 ? 3 : 6);
  if (choice === 0) return randomNumber(random);
  if (choice === 1) return randomString(random);
  if (choice === 2) return random.pick(['true', 'false', 'null']);
  const count = random.int(5);
  const members: string[] = [];
  for (let k = 0; k < count; k++) {
    const value = randomValue(random, depth + 1);
    members.push(choice === 3 ? ws() + value + ws() : ws() + randomString(random) + ws() + ':' + ws() + value + ws());
  }
  const [open, close] = choice === 3 ? ['[', ']'] : ['{', '}'];
  return open + (count === 0 ? ws() : members.join(',')) + close;
}

/** A random document: sometimes a BOM, whitespace around it, any kind of root. */
export function randomDocument(random: Random): Buffer {
  const text = random.pick(WHITESPACE) + randomValue(random, random.int(3)) + random.pick(WHITESPACE);
  return Buffer.concat([Buffer.from(random.next() < 0.1 ? [0xef, 0xbb, 0xbf] : []), Buffer.from(text)]);
}
