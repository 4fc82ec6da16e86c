// js/i18n.js loads the start subset of the texts at start and the full file only when a page asks for it, once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { installFakeSessionStorage } from './fakes.js';

test('start texts first; loadTexts("client") and loadTexts("all") fetch their file of the remembered language once', async () => {
  const storage = installFakeSessionStorage();
  storage.items.set('spreekuur.lang', JSON.stringify('en'));
  const fetched = [];
  const texts = {
    'nl.start.json': { 'app.name': 'Spreekuur', 'join.title': 'Meedoen' },
    'en.start.json': { 'app.name': 'Spreekuur', 'join.title': 'Join' },
    'en.client.json': { 'chat.send': 'Send' },
    'en.json': { 'app.name': 'Spreekuur', 'join.title': 'Join', 'chat.send': 'Send', 'pro.login.title': 'Log in' },
  };
  const originalFetch = globalThis.fetch;
  const originalDocument = globalThis.document;
  globalThis.document = { documentElement: {} };
  globalThis.fetch = async (url) => {
    const file = String(url).split('/').pop();
    fetched.push(file);
    await new Promise((resolve) => setImmediate(resolve));
    return texts[file] ? { ok: true, json: async () => texts[file] } : { ok: false, status: 404 };
  };
  const warn = console.warn;
  console.warn = () => {};
  try {
    const { initI18n, loadTexts, t, language } = await import('../src/main/web/js/i18n.js');
    await initI18n();
    assert.equal(language(), 'en');
    assert.deepEqual(fetched, ['nl.start.json', 'en.start.json']);
    assert.equal(t('join.title'), 'Join');
    assert.equal(t('pro.login.title'), 'pro.login.title'); // not loaded yet: the key shows
    await loadTexts('start');
    assert.deepEqual(fetched, ['nl.start.json', 'en.start.json']);

    await Promise.all([loadTexts('client'), loadTexts('client')]);
    assert.deepEqual(fetched, ['nl.start.json', 'en.start.json', 'en.client.json']);
    assert.equal(t('chat.send'), 'Send');
    assert.equal(t('join.title'), 'Join', 'added to the start texts, not instead of them');

    await Promise.all([loadTexts('all'), loadTexts('all')]);
    await loadTexts('all');
    await loadTexts('client');
    assert.deepEqual(fetched, ['nl.start.json', 'en.start.json', 'en.client.json', 'en.json']);
    assert.equal(t('pro.login.title'), 'Log in');
    assert.equal(globalThis.document.documentElement.lang, 'en');
  } finally {
    console.warn = warn;
    globalThis.fetch = originalFetch;
    globalThis.document = originalDocument;
    storage.restore();
  }
});
