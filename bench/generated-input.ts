/**
 * What the generators of benchmark inputs share: where inputs are kept, how they are written with
 * back-pressure, and how a complete copy is reused.
 */
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** 1 MB = 2^20 bytes everywhere in the benchmark (input size, MB/s, RSS). */
export const MB = 1024 * 1024;

/** bench/.data, where generated inputs and results live (git-ignored). */
export const DATA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '.data');

/** Writes with back-pressure: the product's writer (src/generate/writer.ts), which this file's once was. */
export { ChunkedWriter } from '../src/generate/writer.js';

/** What a generator reports about the file it wrote. */
export interface GeneratedFile {
  readonly bytes: number;
  readonly version: number;
}

/**
 * `file`, generated (into `file.partial`, then renamed) only if no complete copy of this generator
 * version exists. A sidecar `.meta.json` is written last, so a half-written file from an interrupted
 * run is never reused.
 */
export async function ensureGenerated<T extends GeneratedFile>(
  file: string,
  version: number,
  generate: (partial: string) => Promise<T>,
): Promise<T & { file: string; reused: boolean }> {
  await mkdir(DATA_DIR, { recursive: true });
  const cached = await readCachedMeta<T>(file, version);
  if (cached !== null) return { ...cached, file, reused: true };
  const partial = `${file}.partial`;
  const generated = await generate(partial);
  await rename(partial, file);
  const meta = { ...generated, file };
  await writeFile(`${file}.meta.json`, `${JSON.stringify(meta, null, 2)}\n`);
  return { ...meta, reused: false };
}

async function readCachedMeta<T extends GeneratedFile>(file: string, version: number): Promise<T | null> {
  try {
    const meta = JSON.parse(await readFile(`${file}.meta.json`, 'utf8')) as T;
    const { size } = await stat(file);
    return size === meta.bytes && meta.version === version ? meta : null;
  } catch {
    return null;
  }
}
