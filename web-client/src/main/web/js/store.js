// App-wide state that more than one view reads: language, connection state, who is logged in, settings.
// Conversation and queue data live in their own models (conversation.js, workModel.js, officeHourModel.js).
import { Emitter } from './emitter.js';

const INITIAL = Object.freeze({
  lang: 'nl',
  connection: 'idle', // ConnectionState
  retryAt: 0,
  session: null, // {kind: 'client'|'staff', principalId, displayName, roles, organisation}; tokens stay in storage.js
  soundOn: false,
});

export class Store extends Emitter {
  #state = { ...INITIAL };

  get state() {
    return this.#state;
  }

  set(patch) {
    const changed = Object.keys(patch).filter((k) => this.#state[k] !== patch[k]);
    if (!changed.length) return;
    this.#state = { ...this.#state, ...patch };
    this.emit('change', this.#state, changed);
  }

  /** Forget everything (quick exit, logout); listeners stay so the page can still redraw. */
  reset() {
    this.#state = { ...INITIAL };
    this.emit('change', this.#state, Object.keys(INITIAL));
  }
}

export const store = new Store();
