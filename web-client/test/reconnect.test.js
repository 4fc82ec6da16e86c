import { test } from 'node:test';
import assert from 'node:assert/strict';
import { retryWhenBack } from '../src/main/web/js/reconnect.js';

class FakeTarget {
  listeners = new Map();
  addEventListener(type, fn) {
    this.listeners.set(type, [...(this.listeners.get(type) || []), fn]);
  }
  removeEventListener(type, fn) {
    this.listeners.set(type, (this.listeners.get(type) || []).filter((f) => f !== fn));
  }
  fire(type) {
    for (const fn of this.listeners.get(type) || []) fn();
  }
}

test('the connection retries at once when the network is back or the page is shown again', () => {
  const win = new FakeTarget();
  win.document = new FakeTarget();
  win.document.visibilityState = 'hidden';
  let retries = 0;
  const stop = retryWhenBack({ retryNow: () => retries++ }, win);

  win.fire('online');
  assert.equal(retries, 1);
  win.document.fire('visibilitychange');
  assert.equal(retries, 1, 'hidden: nothing to do yet');
  win.document.visibilityState = 'visible';
  win.document.fire('visibilitychange');
  assert.equal(retries, 2);

  stop();
  win.fire('online');
  win.document.fire('visibilitychange');
  assert.equal(retries, 2, 'no listeners after stop');
});

test('the browser reporting the network gone drops the connection at once', () => {
  const win = new FakeTarget();
  win.document = new FakeTarget();
  let lost = 0;
  const stop = retryWhenBack({ retryNow: () => {}, networkLost: () => lost++ }, win);
  win.fire('offline');
  assert.equal(lost, 1);
  stop();
  win.fire('offline');
  assert.equal(lost, 1, 'no listeners after stop');
});
