// Test doubles for the browser APIs the models use: timers, WebSocket, fetch and sessionStorage. Pure logic only.

export class FakeClock {
  now = 0;
  #timers = new Map();
  #next = 1;

  setTimeout = (fn, ms) => {
    const id = this.#next++;
    this.#timers.set(id, { fn, at: this.now + Math.max(0, ms) });
    return id;
  };

  clearTimeout = (id) => {
    this.#timers.delete(id);
  };

  /** Move time forward, running due timers in order (including ones they schedule). */
  advance(ms) {
    const end = this.now + ms;
    for (;;) {
      let due = null;
      for (const [id, timer] of this.#timers) if (timer.at <= end && (!due || timer.at < due[1].at)) due = [id, timer];
      if (!due) break;
      this.#timers.delete(due[0]);
      this.now = due[1].at;
      due[1].fn();
    }
    this.now = end;
  }

  pending() {
    return this.#timers.size;
  }
}

/** A WebSocket the test drives: it records what the client sends and lets the test answer. */
export class FakeSocketFactory {
  sockets = [];

  get WebSocketImpl() {
    const factory = this;
    return class FakeWebSocket {
      constructor(url, protocol) {
        this.url = url;
        this.protocol = protocol;
        this.sent = [];
        this.closed = false;
        factory.sockets.push(this);
      }

      send(data) {
        if (this.closed) throw new Error('closed');
        this.sent.push(JSON.parse(data));
      }

      close() {
        this.closed = true;
      }

      // --- driven by the test ---
      open() {
        this.onopen?.();
      }

      receive(message) {
        this.onmessage?.({ data: JSON.stringify(message) });
      }

      drop(code = 1006, reason = '') {
        this.closed = true;
        this.onclose?.({ code, reason });
      }

      /** The last sent frame with this body type. */
      last(type) {
        return [...this.sent].reverse().find((m) => m[type] !== undefined);
      }

      all(type) {
        return this.sent.filter((m) => m[type] !== undefined);
      }
    };
  }

  get current() {
    return this.sockets[this.sockets.length - 1];
  }
}

/** Let promise callbacks run. */
export const flush = () => new Promise((resolve) => setImmediate(resolve));

const ORIGINAL = Symbol('the browser API a fake replaced');

/** Put `fake` in place of globalThis[name]; the returned function restores what was there before any fake. */
function replaceGlobal(name, fake) {
  const original = globalThis[name]?.[ORIGINAL] ?? globalThis[name];
  fake[ORIGINAL] = original;
  globalThis[name] = fake;
  return () => (globalThis[name] = original);
}

/**
 * globalThis.fetch answering from `routes` ("METHOD /path" -> () => ({status, body}) or a body for 200), recording
 * every call. A route missing from `routes` is a network failure. restore() puts the real fetch back.
 */
export function installFakeFetch(routes) {
  const calls = [];
  const restore = replaceGlobal('fetch', async (path, init = {}) => {
    const key = `${init.method || 'GET'} ${path}`;
    calls.push({ key, body: init.body === undefined ? undefined : JSON.parse(init.body) });
    const route = routes[key];
    if (!route) throw new TypeError(`no route for ${key}`);
    const answer = typeof route === 'function' ? route() : { status: 200, body: route };
    return { ok: answer.status >= 200 && answer.status < 300, status: answer.status, json: async () => answer.body };
  });
  return { calls, restore };
}

/** globalThis.sessionStorage backed by a Map (what a tab keeps over a reload). restore() puts the real one back. */
export function installFakeSessionStorage() {
  return installFakeStorage('sessionStorage');
}

/** globalThis.localStorage (or sessionStorage) backed by a Map. restore() puts the real one back. */
export function installFakeStorage(name = 'localStorage') {
  const items = new Map();
  const restore = replaceGlobal(name, {
    getItem: (key) => (items.has(key) ? items.get(key) : null),
    setItem: (key, value) => items.set(key, String(value)),
    removeItem: (key) => items.delete(key),
    clear: () => items.clear(),
  });
  return { items, restore };
}
