// "Snel weg" (quick exit), after the GOV.UK "exit this page" pattern: leave at once for a neutral site and
// leave as little behind as we can: no tokens, no stored state, no page in the back/forward history.
import { exitUrl } from './config.js';
import { logoutWhileLeaving } from './api.js';
import { store } from './store.js';

let activeConnection = null;
let activeToken = null;
const cleanups = new Set();

/** The client view tells us which socket and token belong to the current page. */
export function setQuickExitContext({ connection = null, token = null } = {}) {
  activeConnection = connection;
  activeToken = token;
}

/** Extra in-memory state to wipe (views register their models). Returns an unregister function. */
export function onQuickExit(cleanup) {
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

export function quickExit() {
  const target = exitUrl();
  // 1. Tell the server (fire and forget); if the socket is not open, revoke the token over HTTP instead.
  let told = false;
  try {
    told = activeConnection?.quickExit() ?? false;
  } catch {
    told = false;
  }
  if (!told && activeToken) logoutWhileLeaving(activeToken);
  // 2. Forget everything this page stored.
  for (const cleanup of cleanups) {
    try {
      cleanup();
    } catch {
      // keep leaving
    }
  }
  cleanups.clear();
  store.reset();
  activeConnection = null;
  activeToken = null;
  try {
    globalThis.sessionStorage?.clear();
  } catch {
    // not available
  }
  try {
    globalThis.localStorage?.clear();
  } catch {
    // not available
  }
  try {
    // The app creates no caches; clear any that this origin has anyway (async, may finish after we left).
    globalThis.caches?.keys().then((keys) => keys.forEach((k) => globalThis.caches.delete(k))).catch(() => {});
  } catch {
    // not available
  }
  // The app creates no IndexedDB databases, so there is nothing of ours to delete there.
  // 3. Hide the page content right away and leave without a history entry to come back to.
  try {
    document.title = '';
    document.body.textContent = '';
  } catch {
    // nothing to hide
  }
  try {
    history.replaceState(null, '', '/');
  } catch {
    // keep leaving
  }
  location.replace(target);
}

const SHIFT_PRESSES = 3;
const SHIFT_WINDOW_MS = 1000;

/** Pressing Shift three times within about a second also leaves (keyboard users, and a quick reflex). */
export function installShiftShortcut(target = document) {
  let presses = [];
  const onKeyDown = (event) => {
    if (event.key !== 'Shift' || event.repeat) return;
    const now = event.timeStamp || Date.now();
    presses = presses.filter((t) => now - t <= SHIFT_WINDOW_MS);
    presses.push(now);
    if (presses.length >= SHIFT_PRESSES) {
      presses = [];
      quickExit();
    }
  };
  target.addEventListener('keydown', onKeyDown);
  return () => target.removeEventListener('keydown', onKeyDown);
}
