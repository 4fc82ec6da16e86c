import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DutyCheck, DUTY_CHECK_AFTER_MS, DUTY_CHECK_ANSWER_MS } from '../src/main/web/js/dutyCheck.js';
import { FakeClock } from './fakes.js';

function setup(shouldAsk = () => true) {
  const clock = new FakeClock();
  const check = new DutyCheck({ shouldAsk: () => shouldAsk(), setTimeout: clock.setTimeout, clearTimeout: clock.clearTimeout });
  const seen = [];
  check.on('ask', () => seen.push('ask'));
  check.on('expired', () => seen.push('expired'));
  return { clock, check, seen };
}

test('after an hour without activity on duty the professional is asked; no answer in 5 minutes goes off duty', () => {
  const { clock, check, seen } = setup();
  clock.advance(DUTY_CHECK_AFTER_MS - 1);
  assert.deepEqual(seen, []);
  clock.advance(1);
  assert.deepEqual(seen, ['ask']);
  assert.equal(check.asking, true);
  check.activity(); // moving the mouse is no answer
  clock.advance(DUTY_CHECK_ANSWER_MS);
  assert.deepEqual(seen, ['ask', 'expired']);
  assert.equal(check.asking, false);
});

test('activity starts the quiet time again; a yes keeps duty and asks again only after another quiet hour', () => {
  const { clock, check, seen } = setup();
  clock.advance(DUTY_CHECK_AFTER_MS - 1000);
  check.activity();
  clock.advance(DUTY_CHECK_AFTER_MS - 1000);
  assert.deepEqual(seen, []);
  clock.advance(1000);
  assert.deepEqual(seen, ['ask']);
  check.confirm();
  clock.advance(DUTY_CHECK_AFTER_MS - 1);
  assert.deepEqual(seen, ['ask'], 'answered: nothing expires, no new question within the hour');
  clock.advance(1);
  assert.deepEqual(seen, ['ask', 'ask']);
});

test('nobody is asked while off duty or holding a chat', () => {
  let busy = true;
  const { clock, seen } = setup(() => !busy);
  clock.advance(DUTY_CHECK_AFTER_MS * 3);
  assert.deepEqual(seen, []);
  busy = false;
  clock.advance(DUTY_CHECK_AFTER_MS);
  assert.deepEqual(seen, ['ask']);
});
