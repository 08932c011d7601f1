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

interface PendingStatement {
  readonly path: string;
  readonly rows: Array<{ text: string; offset: number }>;
  documentId: unknown;
  bankAccounts: unknown;
  bankAccountsOffset: number;
}

/**
 * Plaid `/credit/bank_statements/uploads/get`. A statement's rows have no ids: theirs is
 * `<document_id>#<row index>`, and `document_id` may follow the rows, so one statement's rows are
 * held until the statement ends (a statement is one PDF: its size does not grow with the file).
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
        this.statement = { path: formatPath(path), rows: [], documentId: undefined, bankAccounts: [], bankAccountsOffset: offset };
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
    if (path.length === Depth.Transaction) statement.rows.push({ text, offset });
    else if (path[path.length - 1] === 'document_id') statement.documentId = this.parse(text);
    else {
      statement.bankAccounts = this.parse(text);
      statement.bankAccountsOffset = offset;
    }
  }

  left(path: JsonPath, offset: number): void {
    if (path.length === Depth.Statement) this.finishStatement(this.statement!, offset);
    if (path.length === Depth.Root) this.transactions.flush();
  }

  private finishStatement(statement: PendingStatement, offset: number): void {
    const { documentId } = statement;
    if (typeof documentId !== 'string' || documentId === '') {
      this.fail(`${statement.path}.document_id`, offset, 'a bank statement needs a document_id (its rows are identified by it)');
    }
    if (!Array.isArray(statement.bankAccounts)) {
      this.fail(`${statement.path}.bank_accounts`, statement.bankAccountsOffset, 'expected an array of bank accounts');
    }
    for (const [index, raw] of statement.bankAccounts.entries()) {
      const path = `${statement.path}.bank_accounts[${index}]`;
      this.emitRecord({ type: 'statement-account', raw, statementId: documentId }, path, statement.bankAccountsOffset);
    }
    const rowsPath = `${statement.path}.transactions`;
    for (const [index, row] of statement.rows.entries()) {
      this.transactions.add(row.text, rowsPath, index, row.offset, `${documentId}#${index}`);
    }
  }
}
