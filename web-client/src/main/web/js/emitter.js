// A minimal event emitter; listeners get a function back that removes them again.
export class Emitter {
  #listeners = new Map();

  on(type, listener) {
    if (!this.#listeners.has(type)) this.#listeners.set(type, new Set());
    this.#listeners.get(type).add(listener);
    return () => this.#listeners.get(type)?.delete(listener);
  }

  emit(type, ...args) {
    for (const listener of [...(this.#listeners.get(type) ?? [])]) {
      try {
        listener(...args);
      } catch (e) {
        // One broken view must not stop the others from updating.
        console.error('listener for', type, 'failed', e);
      }
    }
  }

  removeAll() {
    this.#listeners.clear();
  }
}
