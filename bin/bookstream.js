#!/usr/bin/env node
// The command line, from the build in dist/ (made by `npm ci` / `npm run build`).
import { main } from '../dist/src/cli.js';

// A reader that stops early (`| head`) is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
process.exitCode = await main(process.argv.slice(2));
