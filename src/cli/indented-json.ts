/**
 * JSON text that comes in pieces, indented as it comes, without ever holding the whole text (a transactions
 * object can be gigabytes). Of compact text as JSON.stringify writes it, the output is exactly
 * `JSON.stringify(value, null, 2)`. Strings and numbers are copied as they are, white space between tokens is
 * dropped, and a piece may end anywhere, inside a string or an escape too.
 */
export class JsonIndenter {
  private depth = 0;
  private inString = false;
  /** The last character was a backslash inside a string. */
  private escaped = false;
  /** A `{` or `[` was written and what follows it is not known yet: `{}` and `[]` stay on one line. */
  private opened = false;

  /** The indented text of one more piece. */
  write(piece: string): string {
    const out: string[] = [];
    let index = 0;
    while (index < piece.length) {
      index = this.inString ? this.copyString(piece, index, out) : this.token(piece, index, out);
    }
    return out.join('');
  }

  /** Copies string characters up to the closing quote (or the piece's end); returns where it stopped. */
  private copyString(piece: string, from: number, out: string[]): number {
    let index = from;
    while (index < piece.length) {
      if (this.escaped) {
        this.escaped = false;
        index += 1;
        continue;
      }
      // A run without quotes or backslashes is copied in one slice.
      const special = nextSpecial(piece, index);
      index = Math.min(special + 1, piece.length);
      if (special === piece.length) break;
      if (piece[special] === '\\') this.escaped = true;
      else {
        this.inString = false;
        break;
      }
    }
    out.push(piece.slice(from, index));
    return index;
  }

  /** One character outside strings. */
  private token(piece: string, index: number, out: string[]): number {
    const char = piece[index]!;
    if (char === ' ' || char === '\n' || char === '\r' || char === '\t') return index + 1;
    const closes = char === '}' || char === ']';
    if (this.opened) {
      this.opened = false;
      if (!closes) out.push(this.newline());
    } else if (closes) {
      out.push(this.newline(-1));
    }
    if (closes) this.depth -= 1;
    if (char === '{' || char === '[') {
      this.depth += 1;
      this.opened = true;
      out.push(char);
    } else if (char === ',') out.push(`,${this.newline()}`);
    else if (char === ':') out.push(': ');
    else {
      if (char === '"') this.inString = true;
      out.push(char);
    }
    return index + 1;
  }

  private newline(offset = 0): string {
    return `\n${'  '.repeat(this.depth + offset)}`;
  }
}

const SPECIAL = /["\\]/g;

function nextSpecial(piece: string, from: number): number {
  SPECIAL.lastIndex = from;
  const match = SPECIAL.exec(piece);
  return match === null ? piece.length : match.index;
}

/** The pieces, indented: see JsonIndenter. */
export async function* indentedJson(pieces: AsyncIterable<string>): AsyncGenerator<string> {
  const indenter = new JsonIndenter();
  for await (const piece of pieces) yield indenter.write(piece);
}
