// The buttons in the head of a professional's chat column (pure part of chatColumn.js): they depend only on
// whether the chat ended and whether we read along, so messages arriving never replace them under the pointer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chatActionKinds } from '../src/main/web/js/views/pro/chatColumn.js';

test('a running chat of my own can go to video, be transferred or ended; not to video while a call runs', () => {
  assert.deepEqual(chatActionKinds({ ended: false, supervising: false }), ['video', 'transfer', 'end']);
  assert.deepEqual(chatActionKinds({ ended: false, supervising: false, inCall: true }), ['transfer', 'end']);
});

test('reading along, the only action is to stop', () => {
  assert.deepEqual(chatActionKinds({ ended: false, supervising: true }), ['unsupervise']);
});

test('an ended chat can only be closed, whoever we were in it', () => {
  assert.deepEqual(chatActionKinds({ ended: true, supervising: false }), ['close']);
  assert.deepEqual(chatActionKinds({ ended: true, supervising: true }), ['close']);
});
