import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auditFilter, ACTION_GROUPS } from '../src/main/web/js/views/pro/auditView.js';

test('dates become local midnights, the end date inclusive; empty values are left out', () => {
  const f = auditFilter({ from: '2026-11-01', to: '2026-11-30', action: '', actor: ' ', subject: '' });
  assert.deepEqual(Object.keys(f).sort(), ['from', 'to']);
  assert.equal(f.from, new Date(2026, 10, 1).toISOString());
  assert.equal(f.to, new Date(2026, 11, 1).toISOString());
});

test('action, actor and subject pass trimmed', () => {
  assert.deepEqual(auditFilter({ action: 'login', actor: ' a1 ', subject: ' c2' }), { action: 'login', actor: 'a1', subject: 'c2' });
});

test('the action groups are top-level action names (matched with everything below them)', () => {
  for (const g of ACTION_GROUPS) assert.match(g, /^[a-z_]+$/);
});
