// Settings that a deployment (or a test) may want to change, in one place.

/** Where "Snel weg" (quick exit) sends people: a neutral, busy site that does not look like help. */
export const DEFAULT_EXIT_URL = 'https://www.google.nl/';

/** The WebSocket endpoint on the same host as the page. */
export const WS_PATH = '/ws';

/** Name of the <meta> tag through which the server can replace the exit target (tests use /neutral.html). */
export const EXIT_URL_META = 'spreekuur-exit-url';

/**
 * The quick-exit target: the <meta name="spreekuur-exit-url"> content when it is an http(s) URL or a
 * same-origin path, else the default. Anything else (javascript:, data:) is ignored.
 */
export function exitUrl(doc = globalThis.document) {
  const content = doc?.querySelector(`meta[name="${EXIT_URL_META}"]`)?.getAttribute('content')?.trim();
  return safeExitUrl(content);
}

export function safeExitUrl(candidate) {
  if (!candidate) return DEFAULT_EXIT_URL;
  if (/^\/(?!\/)/.test(candidate)) return candidate; // same-origin path, but not protocol-relative "//host"
  if (/^https?:\/\/[^\s]+$/i.test(candidate)) return candidate;
  return DEFAULT_EXIT_URL;
}

export function webSocketUrl(loc = globalThis.location) {
  const scheme = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${loc.host}${WS_PATH}`;
}
