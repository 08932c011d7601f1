import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../core/errors.js';
import type { IngestInput } from './input.js';

/** What a folder holds for bookstream: its JSON input files and its subfolders. */
export interface FolderEntries {
  /** The `*.json` files (any case), in natural name order: page-2 before page-10. */
  readonly files: string[];
  readonly folders: string[];
}

const NAME_ORDER = new Intl.Collator('en', { numeric: true });

/**
 * The JSON files and subfolders of `folder`, links followed. Names that start with a dot are passed over
 * (editor and AppleDouble `._x.json` files), and so is every file whose name does not end in `.json`
 * (a README, notes, a `.csv`): inputs are JSON, and a folder of exports often holds other things too.
 */
export async function folderEntries(folder: string): Promise<FolderEntries> {
  const entries = (await readdir(folder, { withFileTypes: true })).filter((entry) => !entry.name.startsWith('.'));
  entries.sort((a, b) => NAME_ORDER.compare(a.name, b.name));
  const files: string[] = [];
  const folders: string[] = [];
  for (const entry of entries) {
    const path = join(folder, entry.name);
    const kind = entry.isSymbolicLink() ? await stat(path).catch(() => null) : entry;
    if (kind?.isDirectory()) folders.push(path);
    else if (kind?.isFile() && entry.name.toLowerCase().endsWith('.json')) files.push(path);
  }
  return { files, folders };
}

/**
 * The inputs of one ingest call, a folder standing for its JSON files (folderEntries; its subfolders are not
 * entered: one call is one book, and a folder of several borrowers is what `batch` is for). Anything else is
 * kept as given: a path that cannot be read becomes a FAILED document naming it, as before. A folder without
 * a JSON file is a usage error, before anything is read.
 */
export async function expandFolders<Input extends IngestInput>(inputs: readonly Input[]): Promise<Array<Input | string>> {
  const expanded = await Promise.all(inputs.map(async (input) => (typeof input === 'string' && (await isFolder(input)) ? folderFiles(input) : [input])));
  return expanded.flat();
}

async function isFolder(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isDirectory() ?? false;
}

async function folderFiles(folder: string): Promise<string[]> {
  const { files } = await folderEntries(folder);
  if (files.length === 0) throw new UsageError(`${folder}: the folder holds no JSON file (*.json; subfolders are not read)`);
  return files;
}
