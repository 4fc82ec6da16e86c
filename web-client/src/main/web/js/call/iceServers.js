// The RTCPeerConnection configuration from the ICE servers the server hands out per call (STUN, and TURN with
// time-limited credentials), plus the one switch a tester or support desk may need: forcing TURN relay.
import { readSession } from '../storage.js';

/** sessionStorage key (with the app's "spreekuur." prefix) that forces relay: "relay" or "all". Documented in README. */
export const ICE_POLICY_KEY = 'iceTransportPolicy';

/**
 * The server's list (proto JSON: [{urls: [..], username, credential}]) as RTCIceServer objects.
 * Entries without urls are dropped; TURN entries keep their credentials, STUN needs none.
 */
export function toIceServers(list = []) {
  return (list || [])
    .map((server) => {
      const urls = Array.isArray(server.urls) ? server.urls.filter(Boolean) : server.urls ? [server.urls] : [];
      if (!urls.length) return null;
      const entry = { urls };
      if (server.username) entry.username = server.username;
      if (server.credential) entry.credential = server.credential;
      return entry;
    })
    .filter(Boolean);
}

/** The policy to use: the forced one from sessionStorage when set to "relay", else "all". */
export function iceTransportPolicy(read = readSession) {
  return read(ICE_POLICY_KEY) === 'relay' ? 'relay' : 'all';
}

/** A full RTCConfiguration. */
export function rtcConfiguration(list, { policy = iceTransportPolicy() } = {}) {
  return { iceServers: toIceServers(list), iceTransportPolicy: policy, bundlePolicy: 'max-bundle' };
}

/** Never ask for fresh TURN credentials more often than this (a browser clock far off the server's). */
export const MIN_RENEW_DELAY_MS = 10000;

/**
 * When to ask the server for fresh TURN credentials (RenewIceServers), in ms from now: when a tenth of the lifetime
 * left at receipt remains. The server pushes fresh ones earlier (a fifth left), so this request is the fallback for
 * a push that was lost (a socket that dropped at that moment). Null without TURN (nothing expires). The browser's
 * clock may differ from the server's: never sooner than MIN_RENEW_DELAY_MS.
 */
export function renewDelayMs(expiresAt, now = Date.now()) {
  if (!expiresAt) return null;
  const expiry = Date.parse(expiresAt);
  if (Number.isNaN(expiry)) return null;
  return Math.max(MIN_RENEW_DELAY_MS, Math.floor((expiry - now) * 0.9));
}
