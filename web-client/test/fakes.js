// Test doubles for the browser APIs the connection uses: timers and WebSocket. Pure logic only.

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
