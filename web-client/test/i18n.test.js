// Every text exists in Dutch and English, with the same placeholders, and every key the code asks for exists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { interpolate } from '../src/main/web/js/i18n.js';

const web = path.join(path.dirname(fileURLToPath(import.meta.url)), '../src/main/web');
const nl = JSON.parse(fs.readFileSync(path.join(web, 'i18n/nl.json'), 'utf8'));
const en = JSON.parse(fs.readFileSync(path.join(web, 'i18n/en.json'), 'utf8'));
const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

function sourceFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? sourceFiles(p) : p.endsWith('.js') ? [p] : [];
  });
}

test('nl and en have exactly the same keys', () => {
  const onlyNl = Object.keys(nl).filter((k) => !(k in en));
  const onlyEn = Object.keys(en).filter((k) => !(k in nl));
  assert.deepEqual({ onlyNl, onlyEn }, { onlyNl: [], onlyEn: [] });
});

test('no text is empty and both languages use the same placeholders', () => {
  for (const key of Object.keys(nl)) {
    assert.ok(nl[key].trim(), `nl ${key} is empty`);
    assert.ok(en[key].trim(), `en ${key} is empty`);
    assert.deepEqual(placeholders(nl[key]), placeholders(en[key]), key);
  }
});

test('every literal key used in the code exists', () => {
  const missing = [];
  for (const file of sourceFiles(path.join(web, 'js'))) {
    const source = fs.readFileSync(file, 'utf8');
    for (const match of source.matchAll(/\bt\(\s*'([^']+)'/g)) if (!(match[1] in nl)) missing.push(`${path.basename(file)}: ${match[1]}`);
    for (const match of source.matchAll(/\btn\(\s*'([^']+)'/g)) {
      for (const form of ['one', 'other']) if (!(`${match[1]}.${form}` in nl)) missing.push(`${path.basename(file)}: ${match[1]}.${form}`);
    }
  }
  assert.deepEqual(missing, []);
});

test('keys built from protocol enums exist for every value', () => {
  const endReasons = ['END_REASON_UNSPECIFIED', 'ENDED_BY_PROFESSIONAL', 'ENDED_BY_CLIENT', 'QUICK_EXIT', 'CLIENT_GONE', 'CLOSED_AT_END_OF_OFFICE_HOUR'];
  const refusals = ['ADMISSION_REFUSAL_UNSPECIFIED', 'OUTSIDE_OPENING_HOURS', 'WAIT_PAST_CLOSING', 'NOBODY_ON_DUTY'];
  const weekdays = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];
  const audiences = ['client', 'pro'];
  const expected = [
    ...endReasons.flatMap((r) => audiences.map((a) => `chat.ended.${r}.${a}`)),
    ...refusals.map((r) => `refused.${r}`),
    ...weekdays.map((d) => `weekday.${d}`),
    ...['professionalJoined', 'supervisorJoined', 'supervisorLeft', 'transferred', 'backToQueue', 'consentOn', 'consentOff'].flatMap((e) => audiences.map((a) => `chat.event.${e}.${a}`)),
    ...['sending', 'sent', 'delivered', 'read', 'failed'].map((s) => `chat.status.${s}`),
    ...['date', 'clientsJoined', 'clientsServed', 'abandonedWhileWaiting', 'refusedAtAdmission', 'offlineMessages', 'waitP50Seconds', 'waitP90Seconds', 'chatDurationP50Seconds', 'chatDurationP90Seconds', 'transfers', 'quickExits', 'videoEscalations'].map((c) => `pro.stats.col.${c}`),
    ...['notFound', 'loadFailed'].flatMap((k) => [`client.${k}.title`, `client.${k}.text`, `list.${k}.title`, `list.${k}.text`]),
    'language.switchTo.nl', 'language.switchTo.en', 'chat.inputLabel.client', 'chat.inputLabel.pro', 'chat.supervised.client', 'chat.supervised.pro',
  ];
  assert.deepEqual(expected.filter((k) => !(k in nl)), []);
});

test('interpolate fills placeholders and leaves unknown ones visible', () => {
  assert.equal(interpolate('Je bent nummer {n}.', { n: 3 }), 'Je bent nummer 3.');
  assert.equal(interpolate('{name} typt', {}), '{name} typt');
});
