// Reconnect at once when the reason to wait is gone: the browser reports the network is back, or a phone shows
// the page again after sleeping. Otherwise the next attempt could be up to the backoff cap (30 s) away. And drop
// the socket at once when the browser reports the network is gone, so the page says so without waiting for a ping.

/**
 * @param {{retryNow: () => void, networkLost?: () => void}} connection
 * @param {Window} [win]
 * @returns {() => void} removes the listeners
 */
export function retryWhenBack(connection, win = globalThis.window) {
  if (!win?.addEventListener) return () => {};
  const doc = win.document;
  const retry = () => connection.retryNow();
  const lost = () => connection.networkLost?.();
  const onVisible = () => {
    if (doc?.visibilityState === 'visible') retry();
  };
  win.addEventListener('online', retry);
  win.addEventListener('offline', lost);
  doc?.addEventListener('visibilitychange', onVisible);
  return () => {
    win.removeEventListener('online', retry);
    win.removeEventListener('offline', lost);
    doc?.removeEventListener('visibilitychange', onVisible);
  };
}
