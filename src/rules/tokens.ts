/** Runs of ASCII letters and digits: every other character separates tokens (SPEC §4a `tokens`). */
const TOKEN = /[A-Za-z0-9]+/g;

/**
 * `tokens(text)` of SPEC §4a: a–z mapped to upper case, A–Z and 0–9 kept, anything else a space.
 * Only ASCII letters are upper-cased: `toUpperCase` on the whole text would turn `ß` into `SS`, a token
 * the spec does not make.
 */
export function tokens(text: string): string[] {
  const found = text.match(TOKEN);
  if (found === null) return [];
  for (let index = 0; index < found.length; index += 1) found[index] = found[index]!.toUpperCase();
  return found;
}

/** A category compared as SPEC §4a says: a–z mapped to upper case, nothing else changed. */
export function upperAscii(text: string): string {
  return text.replace(/[a-z]+/g, (letters) => letters.toUpperCase());
}
