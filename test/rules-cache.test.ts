/**
 * A batch reads the same rules folder for every small book: loadRules keeps the last rules read from a
 * folder with the bytes they came from, and hands them back while the bytes are the same. Any change to
 * a file is read anew, and a folder that turns bad is still a usage error.
 */
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { UsageError } from '../src/core/errors.js';
import { defaultRulesFolder, loadRules } from '../src/rules/rules-folder.js';

test('the same rules files give the same rules object; a changed file is read and checked anew', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'bookstream-rules-cache-'));
  try {
    await cp(defaultRulesFolder(), folder, { recursive: true });
    const first = await loadRules(folder);
    assert.equal(await loadRules(folder), first, 'unchanged bytes: the rules already checked');

    const terms = JSON.parse(await readFile(join(folder, 'terms.json'), 'utf8')) as Record<string, string[]>;
    terms['wire']!.push('CUSTOMER REMITTANCE');
    await writeFile(join(folder, 'terms.json'), JSON.stringify(terms));
    const changed = await loadRules(folder);
    assert.notEqual(changed, first);
    assert.notEqual(changed.fingerprint, first.fingerprint);
    assert.ok(changed.terms.wire.includes('CUSTOMER REMITTANCE'));

    // The same size, written at once: the stamps may not tell, the bytes do.
    const wire = JSON.stringify(terms);
    await writeFile(join(folder, 'terms.json'), wire.replace('CUSTOMER REMITTANCE', 'CUSTOMER REMITTANXE'));
    assert.ok((await loadRules(folder)).terms.wire.includes('CUSTOMER REMITTANXE'), 'a same-size rewrite is read');
    assert.equal(await loadRules(), await loadRules(), 'the shipped rules, long unchanged: not read again');

    await writeFile(join(folder, 'lenders.json'), '{"lenders": [{"name": "!!!", "kinds": ["factoring"]}]}');
    await assert.rejects(loadRules(folder), (error: unknown) => error instanceof UsageError && /lenders\.json: lenders\[0\]\.name/.test(error.message));
    await rm(join(folder, 'terms.json'));
    await assert.rejects(loadRules(folder), (error: unknown) => error instanceof UsageError && /lenders\.json/.test(error.message), 'lenders.json is still checked first');
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});
