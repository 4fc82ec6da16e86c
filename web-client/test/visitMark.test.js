// The device's "visited before" mark (only when the inwoner ticks the box on the join form): what JoinQueue's
// `visit` says, that the mark holds nothing but `true` per organisation, and that quick exit takes it away.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasVisitMark, visitAnswer, settleVisitMark, forgetVisitMark } from '../src/main/web/js/visitMark.js';
import { quickExit } from '../src/main/web/js/quickexit.js';
import { installFakeStorage } from './fakes.js';

test('without the tick nothing is told and nothing is kept; with it first, then returning', (t) => {
  const local = installFakeStorage('localStorage');
  t.after(local.restore);
  assert.equal(visitAnswer('demo', false), 'VISIT_UNSPECIFIED');
  settleVisitMark('demo', false);
  assert.equal(local.items.size, 0, 'not agreed: the device keeps nothing');

  assert.equal(visitAnswer('demo', true), 'VISIT_FIRST');
  settleVisitMark('demo', true);
  assert.deepEqual([...local.items], [['spreekuur.visited.demo', 'true']], 'no id, no name, no date: only the mark');
  assert.equal(visitAnswer('demo', true), 'VISIT_RETURNING');
  assert.equal(visitAnswer('demo', false), 'VISIT_UNSPECIFIED', 'a mark alone tells nothing without the tick');
  assert.equal(visitAnswer('elders', true), 'VISIT_FIRST', 'per organisation');

  settleVisitMark('demo', false);
  assert.equal(hasVisitMark('demo'), false, 'unticked the next time: the mark is forgotten');
  settleVisitMark('demo', true);
  forgetVisitMark('demo');
  assert.equal(hasVisitMark('demo'), false);
});

test('a storage that throws (private mode) just means first visit, never an error', (t) => {
  const local = installFakeStorage('localStorage');
  t.after(local.restore);
  globalThis.localStorage.getItem = () => {
    throw new Error('denied');
  };
  globalThis.localStorage.setItem = () => {
    throw new Error('denied');
  };
  assert.equal(visitAnswer('demo', true), 'VISIT_FIRST');
  settleVisitMark('demo', true);
});

test('quick exit ("Snel weg") takes the mark away with the rest', (t) => {
  const local = installFakeStorage('localStorage');
  const session = installFakeStorage('sessionStorage');
  const saved = { document: globalThis.document, history: globalThis.history, location: globalThis.location };
  const left = [];
  globalThis.document = { title: 'Spreekuur', body: { textContent: 'x' }, querySelector: () => null };
  globalThis.history = { replaceState: () => {} };
  globalThis.location = { replace: (url) => left.push(url) };
  t.after(() => {
    local.restore();
    session.restore();
    Object.assign(globalThis, saved);
  });
  settleVisitMark('demo', true);
  assert.equal(hasVisitMark('demo'), true);
  quickExit();
  assert.equal(hasVisitMark('demo'), false);
  assert.equal(local.items.size, 0);
  assert.deepEqual(left, ['https://www.google.nl/']);
});
