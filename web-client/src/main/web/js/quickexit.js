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
const SHIFT_WINDOW_MS = 5000;

/**
 * Counts deliberate Shift presses, as GOV.UK's "Exit this page" does: a press counts only when Shift went down
 * and up on its own. Shift used for a capital letter does not count, and any other key starts the count over,
 * so typing "Mijn Naam Is" can never trigger the exit. Calls onTriple after three presses within five seconds.
 * Pure logic (no DOM), exported for tests.
 */
export function shiftSequence(onTriple, { presses = SHIFT_PRESSES, windowMs = SHIFT_WINDOW_MS } = {}) {
  let times = [];
  let shiftHeld = false;
  let usedAsModifier = false;
  return {
    keydown(event) {
      if (event.key === 'Shift') {
        if (!event.repeat) {
          shiftHeld = true;
          usedAsModifier = false;
        }
        return;
      }
      if (shiftHeld) usedAsModifier = true;
      times = [];
    },
    keyup(event) {
      if (event.key !== 'Shift') return;
      shiftHeld = false;
      if (usedAsModifier) return;
      const now = event.timeStamp || Date.now();
      times = times.filter((t) => now - t <= windowMs);
      times.push(now);
      if (times.length >= presses) {
        times = [];
        onTriple();
      }
    },
  };
}

/** Pressing Shift three times also leaves (keyboard users, and a quick reflex). */
export function installShiftShortcut(target = document) {
  const sequence = shiftSequence(() => quickExit());
  const onKeyDown = (event) => sequence.keydown(event);
  const onKeyUp = (event) => sequence.keyup(event);
  target.addEventListener('keydown', onKeyDown);
  target.addEventListener('keyup', onKeyUp);
  return () => {
    target.removeEventListener('keydown', onKeyDown);
    target.removeEventListener('keyup', onKeyUp);
  };
}
