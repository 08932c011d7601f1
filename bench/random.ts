/** The benchmark's PRNG is the product's (src/generate/random.ts): the same mulberry32, so the same bytes. */
export { Random } from '../src/generate/random.js';
