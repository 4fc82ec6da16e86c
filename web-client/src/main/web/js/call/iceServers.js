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
