// sessionStorage only: it dies with the tab, and quick exit clears it. Some browsers throw on access
// (private mode, storage disabled); the app then simply does not survive a reload.
const PREFIX = 'spreekuur.';

export const Keys = Object.freeze({
  LANGUAGE: 'lang',
  SOUND: 'sound',
  PRO_SESSION: 'pro',
  anonymousSession: (organisation) => `anon.${organisation}`,
  consultSession: (code) => `consult.${code}`,
});

export function readSession(key) {
  try {
    const raw = globalThis.sessionStorage?.getItem(PREFIX + key);
    return raw ? JSON.parse(raw) : null;
  } catch {
    return null;
  }
}

export function writeSession(key, value) {
  try {
    globalThis.sessionStorage?.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    // not available: keep going without persistence
  }
}

export function removeSession(key) {
  try {
    globalThis.sessionStorage?.removeItem(PREFIX + key);
  } catch {
    // not available
  }
}
