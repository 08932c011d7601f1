import { openStore } from '../api/store.js';
import { summaryRequest } from '../api/book.js';
import { checkInputPaths } from '../batch/batch-inputs.js';
import { batchProgressBar } from './batch-progress-bar.js';
import type { CommandOptions } from './command-options.js';
import { printJson, sayDocumentProblem } from './output.js';
import { ResultsFile } from './results-file.js';

/**
 * `bookstream batch --db FILE --out RESULTS.ndjson PATH...`: every input a book, one result line each in
 * RESULTS as it commits; a re-run passes over the inputs with a line and finishes the rest. Prints a count
 * of what it did on stdout; exit status 1 when any book of the inputs failed or was rejected.
 */
export async function batchCommand(options: CommandOptions): Promise<number> {
  // --out and a path are required by the command line (src/cli/commands.ts).
  await checkInputPaths(options.paths); // before the store is made
  await summaryRequest({ extraFields: options.extraFields, rules: options.rules }); // usage errors before the store is touched
  const results = await ResultsFile.open(options.out!);
  const counts = { books: 0, ingested: 0, resumed: 0, passed_over: 0, failed: 0 };
  const bar = batchProgressBar();
  try {
    const store = await openStore(options.db, { lockTimeoutMs: options.lockTimeoutMs });
    try {
      const skip = (key: string): boolean => {
        if (!results.has(key)) return false;
        counts.passed_over += 1;
        if (results.failed(key)) counts.failed += 1;
        return true;
      };
      const lines = store.batchLines(options.paths, {
        jobs: options.jobs, source: options.source, rules: options.rules, extraFields: options.extraFields, skip, onProgress: bar.update,
      });
      for await (const { book, line } of lines) {
        await results.append(line);
        counts[book.resumed ? 'resumed' : 'ingested'] += 1;
        if (book.document.status !== 'VERIFICATION_COMPLETE') {
          counts.failed += 1;
          sayDocumentProblem(book.input, book.document);
        }
      }
    } finally {
      await store.close();
    }
  } finally {
    bar.done();
    await results.close();
  }
  counts.books = counts.ingested + counts.resumed + counts.passed_over;
  await printJson({ ...counts, results: options.out }, options.compact);
  return counts.failed > 0 ? 1 : 0;
}
