import { StoreError } from '../core/errors.js';
import type { StoreDatabase } from './store-database.js';
import { beginWrite, endWrite, whenFree } from './write-lock.js';
import { releaseWriterRecord } from './writer-record.js';

/**
 * Where a document's writes live until they are kept or undone: a write transaction of its own, or a
 * savepoint inside a group's transaction. Either way the document is all-or-nothing (SPEC §1).
 */
export interface Enclosure {
  keep(): void;
  undo(): void;
}

/**
 * A write transaction of the document's own, opened now or never (a caller that may wait retries, see
 * write-lock.ts whenFree).
 *
 * Foreign-key enforcement is off for the transaction (the pragma cannot change inside one) and back on
 * after it: every row the writer inserts points at the book it was given and at the document and account
 * rows it created or found itself in that transaction, so SQLite's per-row parent lookups only cost time,
 * 15-25 % of a bulk load (bench/README.md).
 */
export function ownTransaction(db: StoreDatabase): Enclosure {
  const foreignKeysWereOn = beginWithoutForeignKeys(db);
  return {
    keep() {
      db.sqlite.exec('COMMIT');
      restoreConnection(db, foreignKeysWereOn);
    },
    undo() {
      try {
        endWrite(db, 'ROLLBACK');
      } finally {
        restoreConnection(db, foreignKeysWereOn);
      }
    },
  };
}

const SAVEPOINT = 'bookstream_document';

/**
 * One write transaction holding many documents, each in a savepoint of its own: a batch commits tens of
 * small books at once, each still all-or-nothing. SQLite may end the whole transaction itself (disk full,
 * an I/O error); the group is then lost, and says so (`lost`), so that nothing is taken as kept that is not.
 */
export class WriteGroup {
  private open = true;

  private constructor(
    private readonly db: StoreDatabase,
    private readonly foreignKeysWereOn: boolean,
  ) {}

  /** Takes the write lock when it is free (waiting up to the store's lock timeout), with foreign keys off. */
  static async begin(db: StoreDatabase): Promise<WriteGroup> {
    return whenFree(db, () => new WriteGroup(db, beginWithoutForeignKeys(db)));
  }

  /** True when SQLite ended the transaction on its own: everything written in the group is gone. */
  get lost(): boolean {
    return this.open && !this.db.sqlite.inTransaction;
  }

  /** A savepoint for one document. */
  savepoint(): Enclosure {
    this.assertAlive();
    this.db.sqlite.exec(`SAVEPOINT ${SAVEPOINT}`);
    return {
      keep: () => this.db.sqlite.exec(`RELEASE ${SAVEPOINT}`),
      undo: () => {
        if (this.lost) return;
        this.db.sqlite.exec(`ROLLBACK TO ${SAVEPOINT}`);
        this.db.sqlite.exec(`RELEASE ${SAVEPOINT}`);
      },
    };
  }

  /** `work` in a savepoint: kept if it returns, undone if it throws. */
  inSavepoint<T>(work: () => T): T {
    const enclosure = this.savepoint();
    try {
      const result = work();
      enclosure.keep();
      return result;
    } catch (error) {
      enclosure.undo();
      throw error;
    }
  }

  commit(): void {
    this.assertAlive();
    this.end('COMMIT');
  }

  rollback(): void {
    if (this.open) this.end('ROLLBACK');
  }

  private end(outcome: 'COMMIT' | 'ROLLBACK'): void {
    this.open = false;
    try {
      endWrite(this.db, outcome);
    } finally {
      restoreConnection(this.db, this.foreignKeysWereOn);
    }
  }

  private assertAlive(): void {
    if (!this.open) throw new Error('the write group has ended');
    if (this.lost) {
      this.end('ROLLBACK');
      throw new StoreError('io', this.db.path, 'the store ended the write transaction by itself; nothing of it was kept');
    }
  }
}

/** Opens a write transaction now (or throws, the connection as it was) with foreign-key checks off; says whether they were on. */
function beginWithoutForeignKeys(db: StoreDatabase): boolean {
  const wereOn = db.sqlite.pragma('foreign_keys', { simple: true }) === 1;
  if (wereOn) db.sqlite.pragma('foreign_keys = OFF');
  try {
    beginWrite(db);
  } catch (error) {
    restoreConnection(db, wereOn);
    throw error;
  }
  return wereOn;
}

/** The connection as it was before the transaction, however that ended: no writer record, foreign keys as they were. */
function restoreConnection(db: StoreDatabase, foreignKeysWereOn: boolean): void {
  releaseWriterRecord(db);
  if (foreignKeysWereOn) db.sqlite.pragma('foreign_keys = ON');
}

