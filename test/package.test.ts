/**
 * `npm pack` makes a package that installs and works (issue 15): the tarball holds dist/, the bin, data/ and
 * the LICENSE, and neither tests nor bench; installed into a consumer project of its own, a strict TypeScript
 * file using the library type-checks with the checkout's typescript, with every declaration file checked
 * (skipLibCheck off) and no @types/better-sqlite3 to be found; then it runs, and so does the installed bin.
 *
 * Offline, on a fresh clone after `npm ci`, without rebuilding the native better-sqlite3:
 * - the tarball is packed from the dist/ that `npm run build` made before the tests (as for every test of the
 *   command line): `npm pack` would run `prepare` and rebuild dist/ under the other test files running now;
 * - the consumer's node_modules gets links to the checkout's installed dependencies before `npm install`, which
 *   finds bookstream's dependencies satisfied and keeps them; it runs with --offline and an empty cache of its
 *   own, so it cannot fetch anything, nor depend on what the user's cache happens to hold; --ignore-scripts,
 *   since there is nothing to build (better-sqlite3 is the checkout's, compiled by `npm ci`).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmod, lstat, mkdir, readdir, readFile, realpath, symlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { makeTempDir, removeTempDir } from './fixtures/make-inputs.js';
import { assertBuilt, REPO } from './helpers/batch.js';

const run = promisify(execFile);
const TSC = join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
const MANIFEST = JSON.parse(await readFile(join(REPO, 'package.json'), 'utf8')) as {
  name: string; version: string; license: string; dependencies: Record<string, string>;
};

let root = '';
let consumer = '';
let packed: string[] = [];

before(async () => {
  assertBuilt();
  root = await makeTempDir();
  await chmod(root, 0o755); // test folders are world-readable: store-readonly.test.ts runs commands as user 65534
  packed = await pack(root);
  consumer = await installConsumer(root, join(root, `${MANIFEST.name}-${MANIFEST.version}.tgz`));
});
after(async () => removeTempDir(root));

/** `npm pack` into `folder`; the paths in the tarball. */
async function pack(folder: string): Promise<string[]> {
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', folder], { cwd: REPO });
  const [report] = JSON.parse(stdout) as Array<{ files: Array<{ path: string }> }>;
  return report!.files.map((file) => file.path);
}

/** A consumer project with the tarball installed (see the top of the file); its folder. */
async function installConsumer(folder: string, tarball: string): Promise<string> {
  const project = join(folder, 'consumer');
  await mkdir(join(project, 'node_modules'), { recursive: true });
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  for (const dependency of Object.keys(MANIFEST.dependencies)) await linkInstalled(project, dependency);
  const offline = ['--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--cache', join(folder, 'npm-cache')];
  await run('npm', ['install', ...offline, tarball], { cwd: project });
  await linkInstalled(project, '@types/node'); // any Node program's types; npm prunes what no manifest names, so after it
  await writeFile(join(project, 'tsconfig.json'), JSON.stringify(CONSUMER_TSCONFIG));
  await writeFile(join(project, 'main.ts'), CONSUMER_MAIN);
  await writeFile(join(project, 'probe.ts'), ENGINE_TYPES_PROBE);
  await writeFile(join(project, 'tsconfig.probe.json'), JSON.stringify({ extends: './tsconfig.json', compilerOptions: { noEmit: true }, files: ['probe.ts'] }));
  return project;
}

/** node_modules/NAME of the project, a link to the checkout's installed copy. */
async function linkInstalled(project: string, name: string): Promise<void> {
  const link = join(project, 'node_modules', name);
  await mkdir(dirname(link), { recursive: true });
  await symlink(await realpath(join(REPO, 'node_modules', name)), link, 'dir');
}

/** Strict, and every declaration file checked: a type the package leaks from a package it lacks is an error. */
const CONSUMER_TSCONFIG = {
  compilerOptions: {
    target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: false,
    types: ['node'], outDir: 'out',
  },
  files: ['main.ts'],
};

/** The library as the README shows it, and what must not type-check: the internal constructors. */
const CONSUMER_MAIN = `
import { Book, openStore, Store, UsageError, type BookSummary, type IngestedDocument } from 'bookstream';

const store: Store = await openStore(process.argv[2] ?? ':memory:');
const book: Book = await store.book('acme');
const documents: IngestedDocument[] = await book.ingest([process.argv[3] ?? '']);
const summary: BookSummary = await book.summary({ extraFields: ['weekday_balances'] });
await store.close();
const closed = await book.info().then(() => 'still open', (error: unknown) => (error instanceof UsageError ? error.message : String(error)));

// @ts-expect-error a Store comes from openStore
void Store.open(':memory:');
// @ts-expect-error a Book comes from store.book
void new Book();

const { status, format, txn_count, files } = documents[0]!;
console.log(JSON.stringify({ documents: documents.length, status, format, txn_count, files: files.length, accounts: summary.bank_accounts.length, closed }));
`;

/** better-sqlite3's own types, asked for by name: the consumer must not have them. */
const ENGINE_TYPES_PROBE = `
import type SqliteDatabase from 'better-sqlite3';
export type Connection = SqliteDatabase.Database;
`;

async function tsc(args: readonly string[]): Promise<{ code: number; output: string }> {
  return run(process.execPath, [TSC, ...args], { cwd: consumer }).then(
    ({ stdout }) => ({ code: 0, output: stdout }),
    (error: { code: number; stdout: string }) => ({ code: error.code, output: error.stdout }),
  );
}

test('the tarball holds dist/, the bin, data/ and the LICENSE, and no tests, bench, sources or source maps', () => {
  for (const path of ['dist/src/index.js', 'dist/src/index.d.ts', 'dist/workers/pool-task.js', 'bin/bookstream.js', 'data/rules/lenders.json', 'data/finicity/accounts.json', 'LICENSE', 'README.md', 'package.json']) {
    assert.ok(packed.includes(path), `${path} is in the package`);
  }
  const unwanted = packed.filter((path) => /^(test|bench|src|workers)\//.test(path) || path.endsWith('.map') || path.startsWith('tsconfig'));
  assert.deepEqual(unwanted, []);
});

test('the LICENSE is the license package.json names', async () => {
  assert.equal(MANIFEST.license, 'MIT');
  assert.match(await readFile(join(REPO, 'LICENSE'), 'utf8'), /^MIT License\n\nCopyright \(c\) \d{4} /);
});

test('installed from the tarball, with no @types/better-sqlite3 anywhere the consumer could find it', async () => {
  assert.equal((await lstat(join(consumer, 'node_modules', 'bookstream'))).isDirectory(), true, 'a copy, not a link to the checkout');
  for (let folder = consumer; ; folder = dirname(folder)) {
    assert.equal(existsSync(join(folder, 'node_modules', '@types', 'better-sqlite3')), false, `no @types/better-sqlite3 under ${folder}`);
    if (dirname(folder) === folder) break;
  }
  const probe = await tsc(['-p', 'tsconfig.probe.json']);
  assert.match(probe.output, /probe\.ts\(2,\d+\): error TS7016: Could not find a declaration file for module 'better-sqlite3'/, 'the engine\'s types are out of reach');
});

test('a strict consumer type-checks against every declaration of the package, and runs', async () => {
  const checked = await tsc(['-p', 'tsconfig.json']);
  assert.equal(checked.code, 0, checked.output);
  const bundle = join(consumer, 'node_modules', 'bookstream', 'data', 'finicity');
  const { stdout } = await run(process.execPath, [join('out', 'main.js'), ':memory:', bundle], { cwd: consumer });
  // data/finicity/README.md: one bundle of five JSON files, 8 distinct transactions, a checking account and a card.
  const bundleFiles = (await readdir(bundle)).filter((name) => name.endsWith('.json')).length;
  assert.deepEqual(JSON.parse(stdout), {
    documents: 1, status: 'VERIFICATION_COMPLETE', format: 'FINICITY_BUNDLE', txn_count: 8, files: bundleFiles, accounts: 2,
    closed: ':memory:: the store is closed',
  });
});

test('the installed bin runs the demo from the installed data/', async () => {
  const { stdout } = await run(join(consumer, 'node_modules', '.bin', 'bookstream'), ['demo'], { cwd: consumer, maxBuffer: 64 << 20 });
  // data/README.md: an Asset Report, a statements upload and a two-page /transactions/get pull; and the bundle.
  const { documents } = JSON.parse(stdout) as { documents: Array<{ status: string; format: string }> };
  assert.deepEqual(documents.map((document) => `${document.format} ${document.status}`).sort(), [
    'FINICITY_BUNDLE VERIFICATION_COMPLETE', 'PLAID_ASSET_REPORT VERIFICATION_COMPLETE',
    'PLAID_BANK_STATEMENTS VERIFICATION_COMPLETE', 'PLAID_TRANSACTIONS VERIFICATION_COMPLETE',
  ]);
});
