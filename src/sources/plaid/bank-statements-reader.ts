import { formatPath, type JsonPath } from '../json/json-path.js';
import type { ValueKind, Visit } from '../json/scanner.js';
import { ReaderBase } from '../reader-base.js';

/** Depths in `items[i].bank_statements[s].transactions[k]`. */
const enum Depth {
  Root = 0,
  Items = 1,
  Item = 2,
  ItemField = 3,
  Statement = 4,
  StatementField = 5,
  Transaction = 6,
}

/**
 * Rows of one statement that may be held while its `document_id` is unknown (they are named after it).
 * A statement is one PDF, a few hundred rows; a file that puts thousands before its id fails instead of
 * filling memory.
 */
export const MAX_HELD_STATEMENT_ROWS = 20_000;
/** Characters of row JSON that may be held likewise (about as many bytes: batches are ASCII). */
export const MAX_HELD_STATEMENT_CHARS = 16 * 1024 * 1024;

const NEEDS_DOCUMENT_ID = 'a bank statement needs a document_id (its rows are identified by it)';

interface PendingStatement {
  readonly path: string;
  /** Rows read before `document_id`; empty once it is known, as rows then go straight out. */
  readonly heldRows: Array<{ text: string; offset: number }>;
  heldChars: number;
  documentId: string | null;
  bankAccounts: unknown;
  bankAccountsOffset: number;
}

/**
 * Plaid `/credit/bank_statements/uploads/get`. A statement's rows have no ids: theirs is
 * `<document_id>#<row index>`. Rows met after `document_id` stream out as they come; rows met before
 * it are held until it is read, at most MAX_HELD_STATEMENT_ROWS rows (and MAX_HELD_STATEMENT_CHARS)
 * of one statement, beyond which the document fails naming the row. A statement's `bank_accounts`
 * (a few per PDF) are kept until the statement ends.
 */
export class BankStatementsReader extends ReaderBase {
  private statement: PendingStatement | null = null;

  constructor(file: string) {
    super(file, 'PLAID_BANK_STATEMENTS');
  }

  enter(path: JsonPath, kind: ValueKind, offset: number): Visit {
    const key = path[path.length - 1];
    switch (path.length) {
      case Depth.Root:
      case Depth.Item:
        return this.descendInto('object', kind, path, offset);
      case Depth.Items:
        return key === 'items' ? this.descendInto('array', kind, path, offset) : 'skip';
      case Depth.ItemField:
        return key === 'bank_statements' ? this.descendInto('array', kind, path, offset) : 'skip';
      case Depth.Statement:
        this.statement = { path: formatPath(path), heldRows: [], heldChars: 0, documentId: null, bankAccounts: [], bankAccountsOffset: offset };
        return this.descendInto('object', kind, path, offset);
      case Depth.StatementField:
        if (key === 'transactions') return this.descendInto('array', kind, path, offset);
        return key === 'document_id' || key === 'bank_accounts' ? 'capture' : 'skip';
      default:
        return 'capture';
    }
  }

  captured(path: JsonPath, text: string, offset: number): void {
    const statement = this.statement!;
    if (path.length === Depth.Transaction) this.row(statement, text, path[Depth.Transaction - 1] as number, offset);
    else if (path[path.length - 1] === 'document_id') this.documentId(statement, this.parse(text), offset);
    else {
      statement.bankAccounts = this.parse(text);
      statement.bankAccountsOffset = offset;
    }
  }

  left(path: JsonPath, offset: number): void {
    if (path.length === Depth.Statement) this.finishStatement(this.statement!, offset);
    if (path.length === Depth.Root) this.transactions.flush();
  }

  private row(statement: PendingStatement, text: string, index: number, offset: number): void {
    if (statement.documentId !== null) {
      this.transactions.add(text, `${statement.path}.transactions`, index, offset, `${statement.documentId}#${index}`);
      return;
    }
    statement.heldRows.push({ text, offset });
    statement.heldChars += text.length;
    if (statement.heldRows.length > MAX_HELD_STATEMENT_ROWS || statement.heldChars > MAX_HELD_STATEMENT_CHARS) {
      this.fail(
        `${statement.path}.transactions[${index}]`,
        offset,
        `a bank statement's rows are named after its document_id, which has not come yet, and more than ${MAX_HELD_STATEMENT_ROWS} rows ` +
          `(or ${MAX_HELD_STATEMENT_CHARS / (1024 * 1024)} MiB) of them would have to be held: write document_id before transactions`,
      );
    }
  }

  /** The statement's id: the rows held so far go out under it, and the rest as they come. */
  private documentId(statement: PendingStatement, documentId: unknown, offset: number): void {
    if (typeof documentId !== 'string' || documentId === '') {
      this.fail(`${statement.path}.document_id`, offset, NEEDS_DOCUMENT_ID);
    }
    statement.documentId = documentId;
    const rowsPath = `${statement.path}.transactions`;
    for (const [index, row] of statement.heldRows.entries()) this.transactions.add(row.text, rowsPath, index, row.offset, `${documentId}#${index}`);
    statement.heldRows.length = 0;
    statement.heldChars = 0;
  }

  private finishStatement(statement: PendingStatement, offset: number): void {
    if (statement.documentId === null) {
      this.fail(`${statement.path}.document_id`, offset, NEEDS_DOCUMENT_ID);
    }
    if (!Array.isArray(statement.bankAccounts)) {
      this.fail(`${statement.path}.bank_accounts`, statement.bankAccountsOffset, 'expected an array of bank accounts');
    }
    for (const [index, raw] of statement.bankAccounts.entries()) {
      const path = `${statement.path}.bank_accounts[${index}]`;
      this.emitRecord({ type: 'statement-account', raw, statementId: statement.documentId }, path, statement.bankAccountsOffset);
    }
  }
}
