import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { SerialQueue } from '../src/api/serial-queue.js';

test('work runs one piece at a time, in order, and a failure does not block the next', async () => {
  const queue = new SerialQueue();
  const log: string[] = [];
  const first = queue.run(async () => (await sleep(20), log.push('first')));
  const failing = queue.run(async () => Promise.reject(new Error('boom')));
  const third = queue.run(async () => log.push('third'));
  await first;
  await assert.rejects(failing, /boom/);
  await third;
  assert.deepEqual(log, ['first', 'third']);
});

test('acquire holds the turn until released', async () => {
  const queue = new SerialQueue();
  const log: string[] = [];
  const release = await queue.acquire();
  const waiting = queue.run(async () => log.push('after release'));
  await sleep(20);
  assert.deepEqual(log, [], 'nothing runs while the turn is held');
  release();
  await waiting;
  assert.deepEqual(log, ['after release']);
});
