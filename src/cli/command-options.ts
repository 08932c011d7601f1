import type { SourceName } from '../core/canonical.js';

/** What the command line gave, parsed (src/cli.ts). */
export interface CommandOptions {
  readonly db: string;
  readonly book: string | undefined;
  readonly source: SourceName | undefined;
  readonly poolSize: number | undefined;
  readonly paths: readonly string[];
  readonly extraFields?: string | undefined;
  /** A rules folder replacing the shipped data/rules/ (SPEC §4a). */
  readonly rules?: string | undefined;
  readonly lockTimeoutMs?: number | undefined;
  /** batch: the results file, and how many inputs are read at once. */
  readonly out?: string | undefined;
  readonly jobs?: number | undefined;
  /** Every JSON printed on one line (--compact); indented by 2 spaces otherwise. */
  readonly compact: boolean;
}

/** Each command returns its exit status: 0 success, 1 a document failed or was rejected. */
export type Command = (options: CommandOptions) => Promise<number>;
