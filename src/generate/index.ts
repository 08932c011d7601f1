/** `bookstream generate` as a library: deterministic, planted exports in the four input formats. */
export { generate } from './generate.js';
export { FORMATS, parseSize, type GenerateFormat, type GenerateOptions } from './options.js';
export type { AccountManifest, BookManifest, CountAndSum, GenerationManifest } from './manifest.js';
