// sessionStorage: it dies with the tab, and quick exit clears it. Some browsers throw on access
// (private mode, storage disabled); the app then simply does not survive a reload.
// One exception lives in localStorage (readDevice/writeDevice): a group member's credential, which the server
// hands out to be kept on the member's device so they come back without the invite link; and, only when an
// inwoner ticks the box on the join form, the mark "visited this organisation before" (visitMark.js). Quick exit
// clears localStorage too.
const PREFIX = 'spreekuur.';

export const Keys = Object.freeze({
  LANGUAGE: 'lang',
  SOUND: 'sound',
  WAIT_ALERT: 'waitAlert',
  PRO_SESSION: 'pro',
  ROOM_MEMBERSHIPS: 'rooms',
  anonymousSession: (organisation) => `anon.${organisation}`,
  consultSession: (code) => `consult.${code}`,
  visitMark: (organisation) => `visited.${organisation}`,
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

export function readDevice(key) {
  try {
    const raw = globalThis.localStorage?.getItem(PREFIX + key);
    return raw ? JSON.parse(raw) : null;
  } catch {
    return null;
  }
}

export function writeDevice(key, value) {
  try {
    globalThis.localStorage?.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    // not available: the member needs the link again next time
  }
}

export function removeDevice(key) {
  try {
    globalThis.localStorage?.removeItem(PREFIX + key);
  } catch {
    // not available
  }
}
