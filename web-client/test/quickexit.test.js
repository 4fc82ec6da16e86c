import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shiftSequence } from '../src/main/web/js/quickexit.js';

/** Feeds key events: 'S' = a bare Shift press, other strings = that key typed (capitals with Shift held). */
function typeKeys(sequence, keys, start = 0, step = 100) {
  let at = start;
  for (const key of keys) {
    at += step;
    if (key === 'S') {
      sequence.keydown({ key: 'Shift', timeStamp: at });
      sequence.keyup({ key: 'Shift', timeStamp: at + 10 });
    } else if (key !== key.toLowerCase()) {
      sequence.keydown({ key: 'Shift', timeStamp: at });
      sequence.keydown({ key, shiftKey: true, timeStamp: at + 5 });
      sequence.keyup({ key, shiftKey: true, timeStamp: at + 10 });
      sequence.keyup({ key: 'Shift', timeStamp: at + 15 });
    } else {
      sequence.keydown({ key, timeStamp: at });
      sequence.keyup({ key, timeStamp: at + 10 });
    }
  }
  return at;
}

test('three bare Shift presses trigger the quick exit', () => {
  let exits = 0;
  const sequence = shiftSequence(() => exits++);
  typeKeys(sequence, ['S', 'S']);
  assert.equal(exits, 0);
  typeKeys(sequence, ['S'], 200);
  assert.equal(exits, 1);
});

test('capitals do not count, however fast they are typed', () => {
  let exits = 0;
  const sequence = shiftSequence(() => exits++);
  typeKeys(sequence, ['M', 'i', 'j', 'n', ' ', 'N', 'A', 'A', 'M', ' ', 'I', 'Z'], 0, 20);
  assert.equal(exits, 0);
});

test('another key in between starts the count over', () => {
  let exits = 0;
  const sequence = shiftSequence(() => exits++);
  typeKeys(sequence, ['S', 'S', 'a', 'S']);
  assert.equal(exits, 0);
  typeKeys(sequence, ['S', 'S'], 1000);
  assert.equal(exits, 1);
});

test('presses further apart than the window do not add up; key repeat of a held Shift is one press', () => {
  let exits = 0;
  const sequence = shiftSequence(() => exits++, { windowMs: 5000 });
  typeKeys(sequence, ['S', 'S']);
  typeKeys(sequence, ['S'], 6000);
  assert.equal(exits, 0);
  sequence.keydown({ key: 'Shift', timeStamp: 7000 });
  sequence.keydown({ key: 'Shift', repeat: true, timeStamp: 7100 });
  sequence.keydown({ key: 'Shift', repeat: true, timeStamp: 7200 });
  sequence.keyup({ key: 'Shift', timeStamp: 7300 });
  assert.equal(exits, 0, 'two presses in the window so far');
  typeKeys(sequence, ['S'], 7400);
  assert.equal(exits, 1);
});
