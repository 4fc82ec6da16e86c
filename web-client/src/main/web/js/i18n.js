// All visible text comes from i18n/<lang>.json (flat keys). Dutch is the default; English can be chosen
// and is remembered for this tab only (sessionStorage).
// The build writes i18n/<lang>.start.json next to each file: the texts of the client's start pages (the keys
// src/build/start-texts.txt lists). initI18n() loads only that subset; the client's office-hour page adds
// i18n/<lang>.client.json (src/build/client-texts.txt) with its chat code, loadTexts('client'); a page that needs
// more (the professionals' app, group rooms, consults) awaits loadTexts('all') before it renders.
import { Keys, readSession, writeSession } from './storage.js';

export const LANGUAGES = Object.freeze(['nl', 'en']);
export const DEFAULT_LANGUAGE = 'nl';

const LOCALES = { nl: 'nl-NL', en: 'en-GB' };

const catalogs = new Map(); // lang -> texts
const requested = new Map(); // `${lang} ${which}` -> Promise of that file merged in, once asked for
let current = DEFAULT_LANGUAGE;

/** Replace {name} placeholders; unknown placeholders stay visible so a missing parameter is noticed. */
export function interpolate(template, params = {}) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (params[name] ?? whole).toString());
}

export function t(key, params) {
  const text = catalogs.get(current)?.[key] ?? catalogs.get(DEFAULT_LANGUAGE)?.[key];
  if (text === undefined) {
    console.warn('missing text', key);
    return key;
  }
  return interpolate(text, params);
}

/** Plural: uses key.one for 1, key.other otherwise; {n} is the count. */
export function tn(key, n, params = {}) {
  return t(`${key}.${n === 1 ? 'one' : 'other'}`, { n, ...params });
}

export function language() {
  return current;
}

export function locale() {
  return LOCALES[current];
}

async function fetchTexts(file) {
  // Relative to this module, so a page that loads the app under /assets/<version>/ gets the texts of that release
  // (cached for good; the page preloads the default language's start subset).
  const response = await fetch(new URL(`../i18n/${file}`, import.meta.url));
  if (!response.ok) throw new Error(`cannot load texts ${file}`);
  return response.json();
}

async function load(lang) {
  if (catalogs.has(lang)) return;
  const texts = await fetchTexts(`${lang}.start.json`);
  if (!catalogs.has(lang)) catalogs.set(lang, texts);
}

/**
 * Make sure the texts a page needs are there: 'start' (what initI18n loaded), 'client' (what the client's
 * office-hour page adds once there is a session) or 'all' (the full file of the current language, every screen's
 * texts). Idempotent: each file is fetched once (none after the full one), and pages that ask at the same time
 * share the request. A failed load may be tried again.
 */
export async function loadTexts(which = 'all') {
  if (which !== 'all' && which !== 'client') return;
  const lang = current;
  const full = requested.get(`${lang} all`);
  if (which === 'client' && full) return full;
  const key = `${lang} ${which}`;
  if (!requested.has(key)) {
    const loading = fetchTexts(which === 'all' ? `${lang}.json` : `${lang}.${which}.json`).then((texts) => {
      catalogs.set(lang, { ...catalogs.get(lang), ...texts });
    });
    requested.set(key, loading);
    loading.catch(() => requested.delete(key));
  }
  await requested.get(key);
}

/** Load the remembered (or default) language; call once at start. */
export async function initI18n() {
  const remembered = readSession(Keys.LANGUAGE);
  await load(DEFAULT_LANGUAGE);
  if (LANGUAGES.includes(remembered) && remembered !== DEFAULT_LANGUAGE) {
    try {
      await load(remembered);
      current = remembered;
    } catch {
      current = DEFAULT_LANGUAGE;
    }
  }
  document.documentElement.lang = current;
}

/**
 * Switch language. The choice is remembered for this tab and the page reloads: every view then starts in
 * the new language, and the session (token in sessionStorage) resumes where it was.
 */
export function setLanguage(lang, reload = () => globalThis.location.reload()) {
  if (!LANGUAGES.includes(lang) || lang === current) return;
  writeSession(Keys.LANGUAGE, lang);
  reload();
}
