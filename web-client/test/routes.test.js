import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasQuickExit, matchRoute } from '../src/main/web/js/app.js';
import { safeExitUrl, DEFAULT_EXIT_URL } from '../src/main/web/js/config.js';
import { parseRanges, formatRanges } from '../src/main/web/js/views/pro/adminView.js';

test('paths map to views', () => {
  assert.deepEqual(matchRoute('/'), { name: 'landing', params: {} });
  assert.deepEqual(matchRoute('/s/gemeente-x'), { name: 'clientList', params: { organisation: 'gemeente-x' } });
  assert.deepEqual(matchRoute('/s/gemeente-x/jongeren/'), { name: 'clientOfficeHour', params: { organisation: 'gemeente-x', slug: 'jongeren' } });
  assert.deepEqual(matchRoute('/pro/'), { name: 'pro', params: { subpath: [] } });
  assert.deepEqual(matchRoute('/pro/admin/oh-1'), { name: 'pro', params: { subpath: ['admin', 'oh-1'] } });
  assert.deepEqual(matchRoute('/v/Jx2cV0n9S2Oq0YB9nLrQ8A'), { name: 'consultLink', params: { code: 'Jx2cV0n9S2Oq0YB9nLrQ8A' } });
  assert.equal(hasQuickExit('consultLink'), true, 'a consult link is a client page: quick exit');
  assert.equal(matchRoute('/v/a/b').name, 'notFound');
  assert.equal(matchRoute('/s/a/b/c').name, 'notFound');
  assert.equal(matchRoute('/s/%E0%A4%A').params.organisation, '%E0%A4%A', 'a broken escape does not crash');
});

test('the quick-exit target accepts only http(s) URLs and same-origin paths', () => {
  assert.equal(safeExitUrl('/neutral.html'), '/neutral.html');
  assert.equal(safeExitUrl('https://www.nu.nl/'), 'https://www.nu.nl/');
  assert.equal(safeExitUrl(''), DEFAULT_EXIT_URL);
  assert.equal(safeExitUrl('javascript:alert(1)'), DEFAULT_EXIT_URL);
  assert.equal(safeExitUrl('//evil.example/'), DEFAULT_EXIT_URL);
});

test('exception hours are typed as ranges', () => {
  assert.deepEqual(parseRanges('10:00-14:00'), [{ start: '10:00', end: '14:00' }]);
  assert.deepEqual(parseRanges(' 09:00 - 12:00, 13:00–17:00 '), [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '17:00' }]);
  assert.deepEqual(parseRanges(''), []);
  assert.equal(parseRanges('9 tot 5'), null);
  assert.equal(formatRanges([{ start: '09:00', end: '12:00' }, { start: '13:00', end: '17:00' }]), '09:00-12:00, 13:00-17:00');
});

test('group invite links and the groups of this device', () => {
  assert.deepEqual(matchRoute('/g/qRO5d2hWUG4xQB9F-ITW0g'), { name: 'roomInvite', params: { code: 'qRO5d2hWUG4xQB9F-ITW0g' } });
  assert.deepEqual(matchRoute('/g/'), { name: 'myRooms', params: {} });
});

test('every public page has quick exit (landing, organisation list, office hour, not found); the professional app not', () => {
  for (const path of ['/', '/s/gemeente-x', '/s/gemeente-x/jongeren', '/s/a/b/c', '/onbekend', '/g', '/g/qRO5d2hWUG4xQB9F-ITW0g']) {
    assert.equal(hasQuickExit(matchRoute(path).name), true, path);
  }
  assert.equal(hasQuickExit(matchRoute('/pro/').name), false);
});

test('offline messages of all office hours come as one list, newest first, each with its office hour', async () => {
  const { mergeOfflineLists } = await import('../src/main/web/js/views/pro/offlineView.js');
  const merged = mergeOfflineLists([
    { officeHourId: 'inloop', messages: [{ id: 'a', createdAt: '2026-11-23T10:00:00Z' }] },
    { officeHourId: 'mantelzorg', messages: [{ id: 'b', createdAt: '2026-11-24T09:00:00Z' }, { id: 'c', createdAt: '2026-11-22T09:00:00Z' }] },
    { officeHourId: 'leeg', messages: [] },
  ]);
  assert.deepEqual(merged.map((m) => [m.id, m.officeHourId]), [['b', 'mantelzorg'], ['a', 'inloop'], ['c', 'mantelzorg']]);
});

test('admin helpers: a slug from the name, 24 hours open as one choice, times copied to the working days', async () => {
  const { slugFromName, alwaysOpenSlots, isAlwaysOpen, copyToWorkingDays } = await import('../src/main/web/js/views/pro/adminView.js');
  assert.equal(slugFromName('Inloopspreekuur Zuid-Oost'), 'inloopspreekuur-zuid-oost');
  assert.equal(slugFromName('  Café & Crèche: één vraag? '), 'cafe-creche-een-vraag');
  assert.equal(slugFromName('x'.repeat(70)).length, 60);
  assert.match(slugFromName('Een heel lange naam '.repeat(5)), /^[a-z0-9-]{2,60}$/);

  assert.equal(alwaysOpenSlots().length, 14);
  assert.equal(isAlwaysOpen(alwaysOpenSlots()), true, 'the demo office hour is 24 hours open');
  const days = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];
  assert.equal(isAlwaysOpen(days.map((day) => ({ day, start: '00:00', end: '00:00' }))), false, '00:00-00:00 is not a slot');
  assert.equal(isAlwaysOpen(days.flatMap((day) => [{ day, start: '00:00', end: '08:00' }, { day, start: '08:00', end: '00:00' }])), true);
  assert.equal(isAlwaysOpen(alwaysOpenSlots().filter((s) => !(s.day === 'SUNDAY' && s.start === '12:00'))), false);
  assert.equal(isAlwaysOpen([]), false);

  const copied = copyToWorkingDays([
    { day: 'TUESDAY', start: '09:00', end: '12:00' },
    { day: 'TUESDAY', start: '13:00', end: '17:00' },
    { day: 'MONDAY', start: '10:00', end: '11:00' },
    { day: 'SATURDAY', start: '10:00', end: '12:00' },
  ], 'TUESDAY');
  assert.equal(copied.length, 11);
  assert.deepEqual(copied.filter((s) => s.day === 'MONDAY'), [{ day: 'MONDAY', start: '09:00', end: '12:00' }, { day: 'MONDAY', start: '13:00', end: '17:00' }]);
  assert.deepEqual(copied.filter((s) => s.day === 'SATURDAY'), [{ day: 'SATURDAY', start: '10:00', end: '12:00' }]);
});

test('the weekly schedule reads per day, Monday first, touching times joined; 24 hours open is recognised', async () => {
  const { scheduleByDay, isAlwaysOpen } = await import('../src/main/web/js/schedule.js');
  assert.deepEqual(scheduleByDay([
    { day: 'FRIDAY', start: '22:00', end: '02:00' },
    { day: 'MONDAY', start: '15:00', end: '17:00' },
    { day: 'MONDAY', start: '09:00', end: '12:00' },
    { day: 'MONDAY', start: '12:00', end: '13:00' },
  ]), [
    { day: 'MONDAY', ranges: [{ start: '09:00', end: '13:00' }, { start: '15:00', end: '17:00' }] },
    { day: 'FRIDAY', ranges: [{ start: '22:00', end: '02:00' }] },
  ]);
  const { alwaysOpenSlots } = await import('../src/main/web/js/views/pro/adminView.js');
  assert.equal(isAlwaysOpen(alwaysOpenSlots()), true);
  assert.deepEqual(scheduleByDay(alwaysOpenSlots())[0], { day: 'MONDAY', ranges: [{ start: '00:00', end: '00:00' }] }, 'joined over the whole day');
});
