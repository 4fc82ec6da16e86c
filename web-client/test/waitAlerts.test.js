import { test } from 'node:test';
import assert from 'node:assert/strict';
import { notificationPermission, overdueClients, WaitAlerts } from '../src/main/web/js/waitAlerts.js';

const now = new Date('2026-11-29T10:10:00Z');
const views = new Map([
  ['oh-1', { waiting: [
    { queueEntryId: 'a', nickname: 'Sam', joinedAt: '2026-11-29T10:00:00Z' },
    { queueEntryId: 'b', nickname: 'Noor', joinedAt: '2026-11-29T10:08:00Z' },
  ] }],
  ['oh-2', { waiting: [{ queueEntryId: 'c', nickname: 'Jesse', joinedAt: '2026-11-29T09:00:00Z' }] }],
]);

test('only clients past the chosen time, in queues I am on duty for, once each', () => {
  assert.deepEqual(overdueClients(views, new Set(['oh-1']), 5 * 60_000, now, new Set()).map((d) => d.item.queueEntryId), ['a']);
  assert.deepEqual(overdueClients(views, new Set(['oh-1', 'oh-2']), 60_000, now, new Set(['a'])).map((d) => d.item.queueEntryId), ['b', 'c']);
  assert.deepEqual(overdueClients(views, new Set(['oh-1']), 0, now, new Set()), [], 'off');
});

test('a desktop notification when allowed, the fallback when not, never twice for one client', () => {
  const shown = [];
  const fallen = [];
  let allowed = true;
  const alerts = new WaitAlerts({
    notify: (title, body, tag) => allowed && shown.push(tag) > 0,
    fallback: (title) => fallen.push(title),
  });
  alerts.setThresholdMinutes(5);
  const describe = (id, item) => ({ title: `${item.nickname} wacht`, body: id });
  assert.equal(alerts.check(views, new Set(['oh-1', 'oh-2']), now, describe), 2);
  assert.deepEqual(shown, ['wait-a', 'wait-c']);
  assert.equal(alerts.check(views, new Set(['oh-1', 'oh-2']), now, describe), 0);
  allowed = false;
  assert.equal(alerts.check(views, new Set(['oh-1']), new Date('2026-11-29T10:20:00Z'), describe), 1);
  assert.deepEqual(fallen, ['Noor wacht']);
});

test('permission is read from the browser, unsupported without the API', () => {
  assert.equal(notificationPermission({}), 'unsupported');
  assert.equal(notificationPermission({ Notification: { permission: 'default' } }), 'default');
});
