/** Runs the command line from source (`node --import tsx src/cli-main.ts …`); the installed bin runs the build. */
import { main } from './cli.js';

process.exitCode = await main(process.argv.slice(2));
