/**
 * A field of a source record that cannot be read. `field` is the path inside the record
 * (`amount`, `balances.current`); the caller adds where the record sits in the file. What was found is
 * kept apart from what was expected, so that the problem can be told without quoting a personal value.
 */
export class FieldError extends Error {
  override readonly name = 'FieldError';
  constructor(
    readonly field: string,
    /** "expected a decimal number", "amount out of range: …". */
    readonly expectation: string,
    readonly found: FoundValue | null = null,
  ) {
    super(`${field}: ${problemOf(field, expectation, found)}`);
  }

  /** What is wrong, saying what was found unless the field is personal (then only its type). */
  get problem(): string {
    return problemOf(this.field, this.expectation, this.found);
  }

  /** The same failure seen from the record around it: `prefix.field` (or `prefix` for the record itself). */
  within(prefix: string): FieldError {
    return new FieldError(this.field === '' ? prefix : `${prefix}.${this.field}`, this.expectation, this.found);
  }
}

/** A wrong value as an error message may show it: its type, and a short rendering of it. */
export interface FoundValue {
  readonly type: string;
  readonly shown: string;
}

/** Short, safe rendering of a wrong value: containers by type only, scalars cut to 40 characters. */
export function foundValue(value: unknown): FoundValue {
  if (value === undefined) return { type: 'nothing', shown: 'nothing' };
  if (value === null) return { type: 'null', shown: 'null' };
  if (Array.isArray(value)) return { type: 'an array', shown: 'an array' };
  switch (typeof value) {
    case 'object':
      return { type: 'an object', shown: 'an object' };
    case 'string':
      return { type: 'a string', shown: JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value) };
    case 'number':
      return { type: 'a number', shown: String(value) };
    case 'boolean':
      return { type: 'a boolean', shown: String(value) };
    default:
      return { type: typeof value, shown: typeof value };
  }
}

/** Holder and owner data (names, e-mails, phones, addresses): a reason about them names the path and the type only. */
const PERSONAL_FIELD = /(?:^|[.\]])(?:owners?|names|emails?|phone_numbers|phones?|addresses|address|ssn|first_?name|last_?name|firstName|lastName)(?=$|[.[])/;

function problemOf(field: string, expectation: string, found: FoundValue | null): string {
  if (found === null) return expectation;
  return `${expectation}, found ${PERSONAL_FIELD.test(field) ? found.type : found.shown}`;
}
