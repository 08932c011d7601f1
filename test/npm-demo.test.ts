// Issue 15: `npm run demo | jq` must work. npm writes its run-script banner ("> bookstream@0.1.0 demo") on stdout
// unless told otherwise; the project's .npmrc sends it to stderr. The script's own npm call must be silent too.
// The demo is run here through npm from a scratch project holding the repository's .npmrc, with the build step
// left out (the suite's other tests read dist/ while this one runs).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { makeTempDir, removeTempDir } from './fixtures/make-inputs.js';
import { BIN, REPO } from './helpers/batch.js';

function npmRun(script: string, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('npm', ['run', script], { cwd, maxBuffer: 64 << 20, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr });
    });
  });
}

describe('npm run demo | jq', () => {
  let root = '';
  before(async () => {
    root = await makeTempDir();
  });
  after(async () => removeTempDir(root));

  test('the demo script calls npm only with --silent', async () => {
    const { scripts } = JSON.parse(await readFile(join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const npmCalls = scripts.demo!.split('&&').filter((part) => /\bnpm\b/.test(part));
    for (const call of npmCalls) assert.match(call, /--silent/, call);
  });

  test('through npm, with the repository\'s .npmrc, stdout is the demo\'s JSON and nothing else', { timeout: 60_000 }, async () => {
    if (existsSync(join(REPO, '.npmrc'))) await copyFile(join(REPO, '.npmrc'), join(root, '.npmrc'));
    await writeFile(join(root, 'package.json'), JSON.stringify({ name: 'demo-check', version: '1.0.0', private: true, scripts: { demo: `node ${JSON.stringify(BIN)} demo` } }));
    const run = await npmRun('demo', root);
    assert.equal(run.code, 0, run.stderr);
    const value = JSON.parse(run.stdout) as { documents: unknown[] };
    assert.equal(run.stdout, `${JSON.stringify(value, null, 2)}\n`);
    assert.ok(value.documents.length > 0);
  });
});
