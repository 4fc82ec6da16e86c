// Keeps what a connection emits for a listener that is not there yet (a module still loading) and hands it over,
// in the order it came, once that listener is. The call panel loads on demand (dynamic import()) when a chat
// exists; without this, a call's events, its history and the other side's signals that arrive while the module
// loads (a reloaded page resuming a call) would be lost.
//
//   const recorder = recordConnection(connection, ['event', 'history', 'push', 'helloOk']);
//   ... later, in one go: const panel = new CallPanel({ connection: recorder.connection, ... }); recorder.replay();
//
// recorder.connection is the connection itself for everything but on(): listeners added through it are added to
// the connection (they get everything from now on) and get the recorded emissions from replay(). Creating the
// listener and replay() in the same task leaves no gap: nothing can be emitted in between.

/** What a CallController listens to on its connection. */
export const CALL_EVENTS = Object.freeze(['event', 'history', 'push', 'helloOk']);

export function recordConnection(connection, types = CALL_EVENTS) {
  let recorded = [];
  let stops = types.map((type) => connection.on(type, (...args) => recorded?.push([type, args])));
  const late = [];

  const stop = () => {
    for (const off of stops) off();
    stops = [];
    recorded = null;
  };

  const view = new Proxy(connection, {
    get(target, property) {
      if (property === 'on') {
        return (type, listener) => {
          const entry = { type, listener };
          late.push(entry);
          const off = target.on(type, listener);
          return () => {
            off();
            const i = late.indexOf(entry);
            if (i >= 0) late.splice(i, 1);
          };
        };
      }
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });

  return {
    connection: view,
    /** How many emissions wait for replay() (tests). */
    get pending() {
      return recorded?.length ?? 0;
    },
    /** Hand what was recorded to the listeners added through `connection`, in order; then stop recording. */
    replay() {
      const emissions = recorded ?? [];
      stop();
      for (const [type, args] of emissions) {
        for (const { type: wanted, listener } of [...late]) {
          if (wanted !== type) continue;
          try {
            listener(...args);
          } catch (e) {
            console.error('listener for', type, 'failed', e);
          }
        }
      }
    },
    /** Stop recording and forget what was recorded (the chat ended before the panel came). */
    stop,
  };
}
