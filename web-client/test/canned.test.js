import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codeAtCursor, expandShortCode, filterResponses, insertAt, responseFor } from '../src/main/web/js/canned.js';

const responses = [
  { id: '1', code: 'welkom', title: 'Mijn welkom', text: 'Hoi, ik ben Anna.', shared: false },
  { id: '2', code: 'afsluiten', title: 'Afsluiten', text: 'Fijn dat je er was.', shared: true },
  { id: '3', code: 'welkom', title: 'Welkom', text: 'Welkom bij de chat.', shared: true },
];

test('own response wins over the shared one with the same code', () => {
  assert.equal(responseFor('welkom', responses).id, '1');
  assert.equal(responseFor('WELKOM', responses).id, '1');
  assert.equal(responseFor('afsluiten', responses).id, '2');
  assert.equal(responseFor('onbekend', responses), null);
});

test('a /code before the cursor is found at the start or after white space only', () => {
  assert.deepEqual(codeAtCursor('/welkom', 7), { code: 'welkom', start: 0 });
  assert.deepEqual(codeAtCursor('Hoi /afsl', 9), { code: 'afsl', start: 4 });
  assert.equal(codeAtCursor('zie https://x.nl/welkom', 23), null);
  assert.equal(codeAtCursor('/welkom daarna', 14), null);
});

test('expanding replaces only the code and puts the cursor after the text', () => {
  const expanded = expandShortCode('Dag! /afsluiten', 15, responses);
  assert.equal(expanded.value, 'Dag! Fijn dat je er was.');
  assert.equal(expanded.cursor, expanded.value.length);
  const middle = expandShortCode('/welkom en meer', 7, responses);
  assert.equal(middle.value, 'Hoi, ik ben Anna. en meer');
  assert.equal(middle.cursor, 'Hoi, ik ben Anna.'.length);
  assert.equal(expandShortCode('/onbekend', 9, responses), null);
  assert.equal(expandShortCode('gewoon tekst', 12, responses), null);
});

test('the picker filters on code and title; insertAt replaces a selection', () => {
  assert.deepEqual(filterResponses(responses, '/afs').map((r) => r.id), ['2']);
  assert.deepEqual(filterResponses(responses, 'welkom').map((r) => r.id), ['1', '3']);
  assert.equal(filterResponses(responses, '  ').length, 3);
  assert.deepEqual(insertAt('abc def', 4, 7, 'xyz'), { value: 'abc xyz', cursor: 7 });
});
