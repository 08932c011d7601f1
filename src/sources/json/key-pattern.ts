/**
 * A JSON key as the source of a regular expression matching every way JSON can spell it: each character
 * as itself or as a `\uXXXX` escape (hex digits in either case), and `/` also as `\/`. A money key written
 * with an escape (`"\u0061mount"`) must be found too: one the pattern missed would reach JSON.parse as a
 * binary float.
 */
export function keyPattern(key: string): string {
  return [...key].map(characterPattern).join('');
}

function characterPattern(character: string): string {
  const hex = character.charCodeAt(0).toString(16).padStart(4, '0').replace(/[a-f]/g, (digit) => `[${digit}${digit.toUpperCase()}]`);
  const spellings = [character.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'), `\\\\u${hex}`];
  if (character === '/') spellings.push('\\\\/');
  return `(?:${spellings.join('|')})`;
}
