import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { hasLeadingZeroBits, solveProofOfWork } from '../src/main/web/js/pow.js';

test('leading zero bits are counted over whole and partial bytes', () => {
  assert.equal(hasLeadingZeroBits(new Uint8Array([0, 0x0f, 0xff]), 12), true);
  assert.equal(hasLeadingZeroBits(new Uint8Array([0, 0x1f, 0xff]), 12), false);
  assert.equal(hasLeadingZeroBits(new Uint8Array([0x80]), 0), true);
  assert.equal(hasLeadingZeroBits(new Uint8Array([0, 0]), 16), true);
});

test('the nonce found makes SHA-256 of challenge:nonce start with the zero bits asked', async () => {
  const nonce = await solveProofOfWork('abc.123.10.sig', 10);
  const digest = createHash('sha256').update(`abc.123.10.sig:${nonce}`).digest();
  assert.equal(hasLeadingZeroBits(digest, 10), true);
  assert.match(nonce, /^[0-9]+$/);
});

test('it gives up after the tries allowed', async () => {
  await assert.rejects(solveProofOfWork('x', 24, { maxTries: 3 }));
});
