import type { FormatName, SourceName } from '../core/canonical.js';
import { DocumentRejected, UsageError, type IngestError } from '../core/errors.js';
import { detectFormat, EXPECTED_FORMATS, sourceOfDetection, type Detection } from '../sources/detect.js';
import { bundleRejection } from '../sources/finicity/bundle-state.js';
import { FINICITY_PARTS, missingParts, type FinicityPart } from '../sources/finicity/parts.js';
import { InputFile, type IngestInput } from '../sources/input.js';
import { documentProblem } from './unexpected-failure.js';

/** One document to ingest: its files in order, or why it cannot be. */
export interface PlannedDocument {
  readonly format: FormatName | null;
  readonly files: PlannedFile[];
  readonly problem: IngestError | null;
}

/**
 * One input of a document, detected and let go: a path is opened again only when its document is read,
 * so a call of 100,000 paths holds one document's files at a time. A stream cannot be opened twice: it is
 * kept as it was peeked.
 */
export interface PlannedFile {
  readonly name: string;
  /** The file's size, null for a stream. */
  readonly totalBytes: number | null;
  open(): Promise<InputFile>;
}

export interface PlanOptions {
  /** SPEC §6 `--source`: restricts detection to one aggregator, as Ocrolus' `aggregate_source` does. */
  readonly source?: SourceName;
  /** A label for stream inputs (files are named by their path). */
  readonly name?: string;
  /** Each Plaid /transactions/get file is a document of its own (batch: every file is its own book). */
  readonly separatePages?: boolean;
}

/**
 * Opens, detects and closes every input (a few at a time, in order), then groups them into documents: the pages of one Plaid
 * /transactions/get pull given together are one document (SPEC §2), as are the files of a Finicity
 * bundle; an Asset Report or a statements file is a document of its own. Documents keep the order they
 * were given in; the files inside one are read in natural name order (a Finicity bundle by kind first,
 * see finicity/parts.ts), whatever order they were given in, so that of two pages holding one row the
 * later-named page's copy wins for both aggregators.
 */
export async function planDocuments(inputs: readonly IngestInput[], options: PlanOptions): Promise<PlannedDocument[]> {
  if (options.source !== undefined && options.source !== 'PLAID' && options.source !== 'FINICITY') {
    throw new UsageError(`source must be PLAID or FINICITY (case-sensitive), not ${JSON.stringify(options.source)}`);
  }
  const plans: PlannedDocument[] = [];
  const grouped = new Map<FormatName, PlannedDocument>();
  const parts = new Map<PlannedFile, FinicityPart>();
  const peek = (input: IngestInput, index: number) => planInput(input, labelOf(input, index, inputs.length, options.name), options.source, parts);
  for await (const planned of inOrder(inputs, PEEKS_AT_ONCE, peek)) {
    const groupable = (planned.format === 'PLAID_TRANSACTIONS' && options.separatePages !== true) || planned.format === 'FINICITY_BUNDLE';
    const group = groupable && planned.problem === null ? grouped.get(planned.format!) : undefined;
    if (group !== undefined) group.files.push(...planned.files);
    else {
      plans.push(planned);
      if (groupable && planned.problem === null) grouped.set(planned.format!, planned);
    }
  }
  return plans.map((plan) => {
    if (plan.problem !== null) return plan;
    if (plan.format === 'FINICITY_BUNDLE') return orderedBundle(plan, parts);
    return { ...plan, files: [...plan.files].sort(byNaturalName) };
  });
}

const NAME_COLLATOR = new Intl.Collator('en', { numeric: true });

/** Inputs opened and peeked at once: a file system's latency overlaps, and at most this many are open. */
const PEEKS_AT_ONCE = 8;

/** `work` over the items, up to `width` of them under way at once, the results in the items' order. */
async function* inOrder<T, R>(items: readonly T[], width: number, work: (item: T, index: number) => Promise<R>): AsyncGenerator<R> {
  const running: Promise<R>[] = [];
  let next = 0;
  while (next < items.length || running.length > 0) {
    while (running.length < width && next < items.length) running.push(work(items[next]!, next++));
    yield await running.shift()!;
  }
}

/** page-2 before page-10; streams are labelled name#1, name#2… in the order given, so they keep it. */
function byNaturalName(a: PlannedFile, b: PlannedFile): number {
  return NAME_COLLATOR.compare(a.name, b.name);
}

/**
 * A bundle's files in reading order, or its rejection when a kind is missing. Within a kind, files are
 * read in natural name order (page-2 before page-10), so the given order never matters: of two pages
 * holding one transaction, the later-named page's copy wins.
 */
function orderedBundle(plan: PlannedDocument, parts: ReadonlyMap<PlannedFile, FinicityPart>): PlannedDocument {
  const rank = (file: PlannedFile): number => FINICITY_PARTS.indexOf(parts.get(file) ?? 'transactions');
  const files = [...plan.files].sort((a, b) => rank(a) - rank(b) || byNaturalName(a, b));
  const missing = missingParts(files.map((file) => parts.get(file) ?? 'transactions'));
  if (missing.length === 0) return { ...plan, files };
  const given = files.map((file) => `${file.name} (${parts.get(file) ?? 'transactions'})`).join(', ');
  return { ...plan, files, problem: bundleRejection(files[0]!.name, missing, `The bundle holds: ${given}`) };
}

async function planInput(
  input: IngestInput,
  label: string,
  source: SourceName | undefined,
  parts: Map<PlannedFile, FinicityPart>,
): Promise<PlannedDocument> {
  let file: InputFile | null = null;
  try {
    file = await InputFile.open(input, label);
    const { head, isWholeInput } = await file.peek();
    const planned = plannedFile(input, file);
    const detection = detectFormat(head, isWholeInput);
    if (detection.kind === 'format' && detection.part !== undefined) parts.set(planned, detection.part);
    return { format: formatOf(detection, file.name, source), files: [planned], problem: null };
  } catch (error) {
    return { format: null, files: file === null ? [] : [plannedFile(input, file)], problem: documentProblem(error, file?.name ?? label) };
  } finally {
    if (typeof input === 'string') await file?.close();
  }
}

/** A path is opened anew when its document is read; a stream is handed back as it was peeked, once. */
function plannedFile(input: IngestInput, peeked: InputFile): PlannedFile {
  return typeof input === 'string' ? plannedPath(input, peeked.name, peeked.totalBytes) : plannedStream(peeked);
}

/** Holds only the path: a closure that also saw the peeked file would keep its head (64 KiB a file) alive. */
function plannedPath(path: string, name: string, totalBytes: number | null): PlannedFile {
  return { name, totalBytes, open: () => InputFile.open(path, name) };
}

function plannedStream(peeked: InputFile): PlannedFile {
  return { name: peeked.name, totalBytes: peeked.totalBytes, open: async () => peeked };
}

function formatOf(detection: Detection, file: string, source: SourceName | undefined): FormatName {
  if (detection.kind === 'unknown') {
    throw new DocumentRejected({ file }, `unknown format: found ${detection.found}; expected ${EXPECTED_FORMATS}`);
  }
  if (detection.kind === 'not-a-part') {
    throw new DocumentRejected({ file }, `not a part of a Finicity bundle: this is ${detection.found}; a bundle holds accounts, transactions, customer and institution files`);
  }
  const detected = sourceOfDetection(detection);
  if (source !== undefined && detected !== source) {
    throw new DocumentRejected({ file }, `source ${source} was given, but the file is a ${detected} export (${detection.format})`);
  }
  return detection.format;
}

function labelOf(input: IngestInput, index: number, count: number, name: string | undefined): string {
  if (typeof input === 'string') return input;
  const base = name ?? 'stream';
  return count > 1 ? `${base}#${index + 1}` : base;
}
