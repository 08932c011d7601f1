/**
 * `bookstream generate`: writes planted exports for benchmarking (src/generate) and prints the manifest
 * of what was planted as JSON on stdout. It parses its own options: it shares none with the store commands.
 */
import { parseArgs } from 'node:util';
import { UsageError } from '../core/errors.js';
import { FORMATS, generate, type GenerateFormat, type GenerateOptions } from '../generate/index.js';
import { parseWhole } from '../generate/options.js';
import { printJson } from './output.js';

const REDRAW_MS = 200;

export async function generateCommand(args: readonly string[]): Promise<number> {
  const options = parseGenerateOptions(args);
  const progress = progressLine(process.stderr);
  const manifest = await generate({ ...options, onProgress: progress.update });
  progress.done();
  await printJson(manifest);
  return 0;
}

function parseGenerateOptions(args: readonly string[]): GenerateOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        format: { type: 'string' },
        out: { type: 'string' },
        size: { type: 'string' },
        transactions: { type: 'string' },
        accounts: { type: 'string' },
        months: { type: 'string' },
        seed: { type: 'string' },
        books: { type: 'string' },
      },
    }));
  } catch (error) {
    throw new UsageError(`generate: ${(error as Error).message}`);
  }
  if (values.format === undefined) throw new UsageError(`generate: --format is required (${FORMATS.join(', ')})`);
  if (!(FORMATS as readonly string[]).includes(values.format)) throw new UsageError(`generate: --format must be one of ${FORMATS.join(', ')}, not ${JSON.stringify(values.format)}`);
  if (values.out === undefined || values.out === '') throw new UsageError('generate: --out PATH is required');
  const number = (name: string, text: string | undefined) => (text === undefined ? undefined : parseWhole(`--${name}`, text));
  return {
    format: values.format as GenerateFormat,
    out: values.out,
    size: values.size,
    transactions: number('transactions', values.transactions),
    accounts: number('accounts', values.accounts),
    months: number('months', values.months),
    seed: number('seed', values.seed),
    books: number('books', values.books),
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
