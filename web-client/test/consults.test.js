// Planning a consult: the time a professional types means Dutch time, wherever the browser runs; the link's form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { zonedInstant, consultLink } from '../src/main/web/js/views/pro/consultsView.js';

test('a typed date and time are read in Europe/Amsterdam, summer and winter', () => {
  assert.equal(zonedInstant('2026-07-01', '10:00').toISOString(), '2026-07-01T08:00:00.000Z');
  assert.equal(zonedInstant('2026-12-01', '10:00').toISOString(), '2026-12-01T09:00:00.000Z');
  assert.equal(zonedInstant('2026-03-29', '03:30').toISOString(), '2026-03-29T01:30:00.000Z', 'just after the spring switch');
  assert.equal(zonedInstant('', '10:00'), null);
  assert.equal(zonedInstant('2026-12-01', '10'), null);
});

test('the client link is /v/<code> on this server', () => {
  assert.equal(consultLink('Jx2c V', 'https://spreekuur.example.nl'), 'https://spreekuur.example.nl/v/Jx2c%20V');
});
