import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { OrderedWindow } from '../src/ingest/ordered-window.js';

test('results leave in the order work started, at most `size` under way', async () => {
  const window = new OrderedWindow<number>(2);
  const out: number[] = [];
  // Work 1 finishes last; it must still leave first.
  out.push(...(await window.push(sleep(30).then(() => 1))));
  out.push(...(await window.push(sleep(1).then(() => 2))));
  assert.equal(out.length, 0, "nothing leaves while the window has room");
  out.push(...(await window.push(sleep(1).then(() => 3))));
  assert.deepEqual(out, [1]);
  out.push(...(await window.drain()));
  assert.deepEqual(out, [1, 2, 3]);
});

test('a failure surfaces when its turn comes, not as an unhandled rejection', async () => {
  const window = new OrderedWindow<number>(3);
  await window.push(Promise.reject(new Error('bad batch')));
  await window.push(Promise.resolve(2));
  await assert.rejects(window.drain(), /bad batch/);
});
