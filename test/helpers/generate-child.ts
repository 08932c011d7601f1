/** Generates an Asset Report of SIZE at OUT and prints its bytes and this process's peak RSS (test/generate.test.ts). */
import { generate } from '../../src/generate/index.js';

const [out, size] = process.argv.slice(2);
const manifest = await generate({ format: 'plaid-assets', out: out!, size: size! });
process.stdout.write(`${JSON.stringify({ bytes: manifest.bytes, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
