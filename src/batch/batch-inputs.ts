import type { Stats } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { basename, relative, resolve, sep } from 'node:path';
import type { SourceName } from '../core/canonical.js';
import { UsageError } from '../core/errors.js';
import { planDocuments, type PlannedDocument } from '../ingest/document-plan.js';
import { folderEntries } from '../sources/input-folders.js';

/** One book of a batch: an input file, or the Finicity bundle of a folder. */
export interface BatchUnit {
  /** How the results name it: the path given, or found under a folder given. */
  readonly input: string;
  /** Its absolute path: how the store remembers it done, so that a re-run from another folder finds it too. */
  readonly key: string;
  /** The name its book takes, unless a book has it already (then `name (2)`, …: batch-ledger.ts). */
  readonly bookName: string;
  /** Its one document. */
  readonly plan: PlannedDocument;
  /** The bytes of its files, as far as known. */
  readonly bytes: number;
}

/** Files to plan together: a file given by itself, or the JSON files of one folder. */
interface InputGroup {
  /** The folder the files are in, when it was walked; null for a file given by itself. */
  readonly folder: string | null;
  /** The argument the group was found under, which book names are taken relative to. */
  readonly root: string;
  readonly files: readonly string[];
}

export interface InputListing {
  readonly groups: readonly InputGroup[];
  /** Every file listed, once. */
  readonly fileCount: number;
}

/**
 * Lists what `batch PATH...` reads, without opening a file: each file given, and the `*.json` files of each
 * folder given (folderEntries: natural name order, dot names passed over), its subfolders walked the same
 * way; a file reached twice is read once. A path that does not exist is a usage error: nothing has been done yet.
 */
export async function listInputs(paths: readonly string[]): Promise<InputListing> {
  const groups: InputGroup[] = [];
  const seenFiles = new Set<string>();
  const seenFolders = new Set<string>();
  const add = (group: InputGroup): void => {
    const files = group.files.filter((file) => !seenFiles.has(resolve(file)));
    for (const file of files) seenFiles.add(resolve(file));
    if (files.length > 0) groups.push({ ...group, files });
  };
  for (const path of paths) {
    const info = await statInput(path);
    if (info.isDirectory()) await walk(path, path, add, seenFolders);
    else add({ folder: null, root: path, files: [path] });
  }
  return { groups, fileCount: seenFiles.size };
}

/** Every path given must exist: a typo is a usage error before anything is read or written. */
export async function checkInputPaths(paths: readonly string[]): Promise<void> {
  for (const path of paths) await statInput(path);
}

function statInput(path: string): Promise<Stats> {
  return stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`${path}: ${error.code === 'ENOENT' ? 'no such file or folder' : error.message}`);
  });
}

async function walk(folder: string, root: string, add: (group: InputGroup) => void, seen: Set<string>): Promise<void> {
  const real = await realpath(folder);
  if (seen.has(real)) return; // a link back up the tree
  seen.add(real);
  const { files, folders } = await folderEntries(folder);
  add({ folder, root, files });
  for (const path of folders) await walk(path, root, add, seen);
}

/**
 * The books of the listing, a group at a time: in a folder, the parts of a Finicity bundle (accounts,
 * transactions, customer and institution files) are one book, named after the folder; every other file is
 * a book of its own (a Plaid /transactions/get page too), named after the file. A book's name is its path
 * under the argument it was found under, without `.json`: in `exports`, `exports/acme.json` is `acme` and
 * `exports/west/acme.json` is `west/acme`; a file or bundle folder given by itself is its base name.
 */
export async function* batchUnits(listing: InputListing, source: SourceName | undefined): AsyncGenerator<BatchUnit> {
  for (const group of listing.groups) {
    // A folder is planned a slice at a time, so that the first books start before a folder of 100,000 files is
    // peeked; from a slice holding a Finicity part on, the rest of the folder is planned at once, the bundle whole.
    for (let start = 0; start < group.files.length; ) {
      let end = Math.min(start + PLANNED_AT_ONCE, group.files.length);
      let plans = await planDocuments(group.files.slice(start, end), { source, separatePages: true });
      if (end < group.files.length && plans.some((plan) => plan.format === 'FINICITY_BUNDLE')) {
        end = group.files.length;
        plans = await planDocuments(group.files.slice(start), { source, separatePages: true });
      }
      for (const plan of plans) yield unitOf(group, plan);
      start = end;
    }
  }
}

/** Files of a folder planned (opened, peeked and closed) before its first book is handed on. */
const PLANNED_AT_ONCE = 64;

function unitOf(group: InputGroup, plan: PlannedDocument): BatchUnit {
  const bytes = plan.files.reduce((sum, file) => sum + (file.totalBytes ?? 0), 0);
  const bundleFolder = plan.format === 'FINICITY_BUNDLE' && group.folder !== null ? group.folder : null;
  const input = bundleFolder ?? plan.files[0]?.name ?? plan.problem!.position.file;
  return { input, key: resolve(input), bookName: bookNameOf(input, group.root, bundleFolder !== null), plan, bytes };
}

function bookNameOf(input: string, root: string, isFolder: boolean): string {
  const under = relative(root, input);
  const name = under === '' || under.startsWith('..') ? basename(resolve(input)) : under.split(sep).join('/');
  return isFolder ? name : name.replace(/\.json$/i, '');
}
