/**
 * Text from inputs (file names, descriptions, account names, reasons) must not act on the terminal it
 * is shown on: an ESC or a C1 control starts a sequence the terminal obeys (a title change, a cursor
 * move, a hyperlink), and bidi controls reorder what is shown (a name that reads differently from what
 * it is).
 */

/** Characters a terminal or a text viewer acts on rather than shows: C0 and C1 controls, DEL, bidi controls, line and paragraph separators. */
const ACTIVE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** What JSON.stringify leaves raw of those: all but C0, which it escapes itself. */
const ACTIVE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text for a terminal's stderr, with every active character as a visible escape: `\x1b` for ESC (and
 * any other C0, DEL or C1 control, a newline included), `\u202e` for a bidi control or a separator.
 * Backslashes are left as they are: this is for reading, not for decoding.
 */
export function forTerminal(text: string): string {
  return text.replace(ACTIVE, (char) => {
    const code = char.charCodeAt(0);
    return code < 0x100 ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`;
  });
}

/**
 * JSON text with DEL, C1 controls, bidi controls and U+2028/U+2029 written as `\uXXXX` escapes. These
 * characters can only be inside strings, where an escape stands for the same character: the text
 * parses to exactly the same data. Any piece of a JSON text may be given (each character is replaced alone).
 */
export function terminalSafeJson(json: string): string {
  ACTIVE_IN_JSON.lastIndex = 0;
  if (!ACTIVE_IN_JSON.test(json)) return json;
  return json.replace(ACTIVE_IN_JSON, (char) => `\\u${hex(char.charCodeAt(0), 4)}`);
}

function hex(code: number, digits: number): string {
  return code.toString(16).padStart(digits, '0');
}
