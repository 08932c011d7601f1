/**
 * `bookstream generate`: writes planted exports for benchmarking (src/generate) and prints the manifest
 * of what was planted as JSON on stdout. Its options are its own (it opens no store), but for --compact.
 */
import { UsageError } from '../core/errors.js';
import { FORMATS, generate, type GenerateFormat, type GenerateOptions } from '../generate/index.js';
import { parseWhole } from '../generate/options.js';
import { stringValue, type CliCommand, type CommandLine, type CommandSpec } from './command-line.js';
import { OPTIONS } from './options.js';
import { printJson } from './output.js';

const REDRAW_MS = 200;

const SPEC: CommandSpec = {
  name: 'generate',
  synopsis: `--format ${FORMATS.join('|')} --out PATH [--size 2GB | --transactions N] [--accounts N] [--months N] [--seed N] [--books N] [--compact]`,
  about: 'Writes realistic, deterministic exports for benchmarking, and prints the manifest of what it planted as JSON.\n'
    + 'Opens no store.',
  options: [
    { name: 'format', value: 'FORMAT', help: `what to write: ${FORMATS.join(', ')}` },
    { name: 'out', value: 'PATH', help: 'where to write: a file, or a new folder (finicity, --books, /transactions/get past 100,000 rows)' },
    { name: 'size', value: 'SIZE', help: 'about how large each book is (500KB, 200MB, 2GB)' },
    { name: 'transactions', value: 'N', help: 'exactly N rows per book, in place of --size (default 80)' },
    { name: 'accounts', value: 'N', help: 'bank accounts per book (default 4)' },
    { name: 'months', value: 'N', help: 'whole months ending 2024-06-30 (default 4)' },
    { name: 'seed', value: 'N', help: 'the same options and seed write the same bytes (default 1)' },
    { name: 'books', value: 'N', help: 'N books in the folder --out: book-001.json… (or book-001/ folders)' },
    OPTIONS.compact,
  ],
  required: ['out'],
  takesPaths: false,
};

export const generateCommand: CliCommand = {
  spec: SPEC,
  async run(line) {
    const options = generateOptions(line);
    const progress = progressLine(process.stderr);
    const manifest = await generate({ ...options, onProgress: progress.update });
    progress.done();
    await printJson(manifest, line.values.compact === true);
    return 0;
  },
};

function generateOptions(line: CommandLine): GenerateOptions {
  const value = (name: string) => stringValue(line, name);
  const format = value('format');
  if (format === undefined) throw new UsageError(`generate: --format is required (${FORMATS.join(', ')})`);
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`generate: --format must be one of ${FORMATS.join(', ')}, not ${JSON.stringify(format)}`);
  if (value('out') === '') throw new UsageError('generate: --out PATH is required');
  const number = (name: string) => {
    const text = value(name);
    return text === undefined ? undefined : parseWhole(`--${name}`, text);
  };
  return {
    format: format as GenerateFormat,
    out: value('out')!,
    size: value('size'),
    transactions: number('transactions'),
    accounts: number('accounts'),
    months: number('months'),
    seed: number('seed'),
    books: number('books'),
  };
}

/** `… MB written` on stderr, redrawn in place, only when stderr is a terminal (logs and pipes stay clean). */
function progressLine(stream: NodeJS.WriteStream): { update(bytes: number): void; done(): void } {
  if (!stream.isTTY) return { update() {}, done() {} };
  const started = Date.now();
  let lastDraw = 0;
  return {
    update(bytes) {
      const now = Date.now();
      if (now - lastDraw < REDRAW_MS) return;
      lastDraw = now;
      const megabytes = bytes / 2 ** 20;
      stream.write(`\rgenerate: ${megabytes.toFixed(1)} MB written, ${(megabytes / Math.max((now - started) / 1000, 0.001)).toFixed(1)} MB/s`);
    },
    done() {
      if (lastDraw > 0) stream.write('\n');
    },
  };
}
