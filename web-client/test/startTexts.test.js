// The start pages load only i18n/<lang>.start.json (written by src/build/WebAssets.java from the prefixes in
// src/build/start-texts.txt). Every key a module of the start page asks for literally must be in that subset, or
// a resident would read the key instead of the text. The module graph is read from the import statements, as the
// build does for the modulepreload list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const web = path.join(here, '../src/main/web');
const nl = JSON.parse(fs.readFileSync(path.join(web, 'i18n/nl.json'), 'utf8'));
const readList = (name) => fs.readFileSync(path.join(here, `../src/build/${name}-texts.txt`), 'utf8').split('\n')
  .map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
const prefixes = readList('start');
const clientPrefixes = [...prefixes, ...readList('client')];
const covers = (list, key) => list.some((p) => key === p || key.startsWith(`${p}.`));
const isStartText = (key) => covers(prefixes, key);

/** The start pages' roots: the app shell, the landing page and an organisation's list (each loaded by its page). */
const ROOTS = ['js/app.js', 'js/views/landing.js', 'js/views/client/listView.js'];
/**
 * What the client's office-hour page loads once there is a session (its chat parts, with client-texts.txt) and a
 * chat (the call panel): their keys must be in the start or the client subset, so neither waits for the full texts.
 */
const CLIENT_ROOTS = ['js/views/client/chatParts.js', 'js/views/call/callPanel.js'];
const STATIC_IMPORT = /^\s*(?:import|export)\s(?:[^'";]*?\sfrom\s*)?['"](\.{1,2}\/[^'"]+)['"]/gm;

function staticGraph(roots) {
  const found = new Set();
  const todo = [...roots];
  while (todo.length) {
    const module = todo.pop();
    if (found.has(module)) continue;
    found.add(module);
    const source = fs.readFileSync(path.join(web, module), 'utf8');
    for (const m of source.matchAll(STATIC_IMPORT)) todo.push(path.posix.join(path.posix.dirname(module), m[1]));
  }
  return [...found].sort();
}

function keysUsed(source) {
  const keys = [];
  for (const m of source.matchAll(/\bt\(\s*'([^']+)'/g)) keys.push(m[1]);
  for (const m of source.matchAll(/\btn\(\s*'([^']+)'/g)) keys.push(`${m[1]}.one`, `${m[1]}.other`);
  return keys;
}

/** Keys built in a template literal: the fixed part before the first ${...} (empty when it starts with one). */
function templateHeads(source) {
  return [...source.matchAll(/\btn?\(\s*`([^`$]*)\$\{/g)].map((m) => m[1]).filter(Boolean);
}

const graph = staticGraph(ROOTS);
const clientGraph = staticGraph(CLIENT_ROOTS).filter((m) => !graph.includes(m));

/** `module: key` for every literal key (or fixed head of a built key) of the modules that `list` does not cover. */
function uncovered(modules, list) {
  const missing = [];
  for (const module of modules) {
    const source = fs.readFileSync(path.join(web, module), 'utf8');
    for (const key of keysUsed(source)) if (!covers(list, key)) missing.push(`${module}: ${key}`);
    for (const head of templateHeads(source)) {
      if (!list.some((p) => head.startsWith(`${p}.`))) missing.push(`${module}: ${head}\${…}`);
    }
  }
  return missing;
}

test('the start page module graph holds neither the professional app, group rooms nor the call code', () => {
  const preloaded = staticGraph(['js/app.js']);
  assert.ok(preloaded.includes('js/views/client/officeHourView.js'));
  // the socket and chat code loads when the person joins (or comes back with a token), not with the page
  for (const later of ['js/connection.js', 'js/conversation.js', 'js/views/chat.js', 'js/anonymousSession.js']) {
    assert.ok(!preloaded.includes(later), later);
  }
  const outside = (m) => ['js/views/pro/', 'js/views/room/', 'js/views/call/', 'js/call/'].some((dir) => m.startsWith(dir));
  assert.deepEqual(preloaded.filter(outside), []);
});

test('every literal key a start page module uses is in the start texts', () => {
  assert.deepEqual(uncovered(graph, prefixes), [], 'add the prefix to src/build/start-texts.txt (or load the module later)');
});

test('every literal key of the office-hour page\'s chat and call code is in the start or client texts', () => {
  assert.ok(clientGraph.includes('js/views/chat.js') && clientGraph.includes('js/call/callController.js'));
  assert.deepEqual(uncovered(clientGraph, clientPrefixes), [], 'add the prefix to src/build/client-texts.txt');
});

test('every start prefix names texts that exist, and the start subset is much smaller than the full file', () => {
  assert.deepEqual(clientPrefixes.filter((p) => !Object.keys(nl).some((k) => k === p || k.startsWith(`${p}.`))), []);
  const start = Object.keys(nl).filter(isStartText);
  assert.ok(start.length < Object.keys(nl).length / 2, `${start.length} of ${Object.keys(nl).length} keys`);
  // The staff's areas stay out of the start subset.
  for (const area of ['pro.', 'effects.', 'consult.']) {
    assert.ok(start.filter((k) => k.startsWith(area)).length <= 2, area);
  }
});

test('the check itself notices a key outside the start texts', () => {
  assert.deepEqual(keysUsed("t('pro.login.title'); tn('wait.minutes', 2)"), ['pro.login.title', 'wait.minutes.one', 'wait.minutes.other']);
  assert.equal(isStartText('pro.login.title'), false);
  assert.equal(isStartText('wait.minutes.one'), true);
  assert.deepEqual(templateHeads('t(`room.event.${x}`)'), ['room.event.']);
});
