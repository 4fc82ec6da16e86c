// The composer's length rules (pure functions of chat.js): counted as the server counts, a counter near the
// limit, and the words for over the limit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COUNTER_FROM, MAX_MESSAGE_LENGTH, lengthHint, textLength } from '../src/main/web/js/views/chat.js';

test('length counts code points, as the server does: an emoji is one character', () => {
  assert.equal(textLength('hoi'), 3);
  assert.equal(textLength('👋🏽'), 2);
  assert.equal(textLength('😀'.repeat(10)), 10);
});

test('no counter for ordinary messages; characters left near the limit; how many too many past it', () => {
  assert.equal(lengthHint('x'.repeat(COUNTER_FROM - 1)), null);
  assert.deepEqual(lengthHint('x'.repeat(COUNTER_FROM)), { key: 'chat.length.left', n: MAX_MESSAGE_LENGTH - COUNTER_FROM });
  assert.deepEqual(lengthHint('x'.repeat(MAX_MESSAGE_LENGTH)), { key: 'chat.length.left', n: 0 });
  assert.deepEqual(lengthHint('x'.repeat(MAX_MESSAGE_LENGTH + 25)), { key: 'chat.length.over', n: 25 });
  assert.deepEqual(lengthHint('😀'.repeat(MAX_MESSAGE_LENGTH)), { key: 'chat.length.left', n: 0 }, 'emoji count once');
});
