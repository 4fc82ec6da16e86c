import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffCeiling, backoffDelay, DEFAULT_BACKOFF } from '../src/main/web/js/backoff.js';

test('the ceiling doubles per attempt and stops at the cap', () => {
  const options = { baseMs: 500, capMs: 30000 };
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7].map((a) => backoffCeiling(a, options)), [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  assert.equal(backoffCeiling(1000, options), 30000);
});

test('full jitter: the delay is anywhere between 0 and the ceiling', () => {
  assert.equal(backoffDelay(3, () => 0), 0);
  assert.equal(backoffDelay(3, () => 0.5), 2000);
  assert.equal(backoffDelay(3, () => 0.999999), 3999);
  for (let attempt = 0; attempt < 20; attempt++) {
    const d = backoffDelay(attempt);
    assert.ok(d >= 0 && d < backoffCeiling(attempt, DEFAULT_BACKOFF), `attempt ${attempt}: ${d}`);
  }
});
