// The one WebSocket of a session (client or staff), wired the same way for both: a Connection that asks for the
// session's current token, the ConversationHub on top of it, retries when the network comes back, and the
// connection state and HelloOk mirrored into the app store. Both sessions (anonymousSession.js, proSession.js)
// extend SocketSession, so they share one connect()/dispose() contract. No DOM.
import { Connection, ConnectionState } from './connection.js';
import { webSocketUrl } from './config.js';
import { ConversationHub } from './conversation.js';
import { store } from './store.js';
import { retryWhenBack } from './reconnect.js';

/** The reason the connection's 'ended' event carries when the session itself closed it with dispose(). */
export const DISPOSED = 'disposed';

export class SocketSession {
  /** @type {Connection|null} */
  connection = null;
  /** @type {ConversationHub|null} */
  hub = null;
  #kind;
  #connectionOptions;
  #stopRetryTriggers = () => {};

  /**
   * @param {'client'|'staff'} kind what the HelloOk describes, as stored in `store.session.kind`
   * @param {object} [connectionOptions] extra Connection options (tests inject a fake WebSocket, timers and url)
   */
  constructor(kind, connectionOptions = {}) {
    this.#kind = kind;
    this.#connectionOptions = connectionOptions;
  }

  /** The token the socket says Hello with; asked again on every (re)connect. */
  get token() {
    return null;
  }

  /**
   * Open the socket (once per session, until dispose()) and wait for it to be authenticated: resolves with the
   * HelloOk (at once when already open), rejects when the connection ends first (e.g. the token is no longer
   * valid). After a drop the connection itself reconnects and resumes; later HelloOks arrive as its 'helloOk' event.
   * @returns {Promise<object>} the HelloOk
   */
  connect() {
    if (!this.connection) this.#open();
    const connection = this.connection;
    if (connection.state === ConnectionState.OPEN) return Promise.resolve(connection.helloOk);
    const ready = new Promise((resolve, reject) => {
      const offOk = connection.on('helloOk', (ok) => {
        offOk();
        offEnd();
        resolve(ok);
      });
      const offEnd = connection.on('ended', (reason) => {
        offOk();
        offEnd();
        reject(new Error(reason));
      });
    });
    connection.start();
    return ready;
  }

  /**
   * Close the socket (the connection ends with reason DISPOSED), remove every listener and stop the retry
   * triggers and the connection's timers. Safe to call more than once; connect() afterwards opens a new socket.
   */
  dispose() {
    this.#stopRetryTriggers();
    this.#stopRetryTriggers = () => {};
    this.hub?.dispose();
    this.connection?.stop(DISPOSED);
    this.connection?.removeAll();
    this.connection = null;
    this.hub = null;
    this.socketChanged();
  }

  /** Whether a connection's 'ended' reason means that dispose() closed it (for code that does not import DISPOSED). */
  endedByDispose(reason) {
    return reason === DISPOSED;
  }

  /** Called after the socket was opened or disposed (`this.connection` tells which). */
  socketChanged() {}

  #open() {
    const options = { getToken: () => this.token, ...this.#connectionOptions };
    options.url ??= webSocketUrl();
    const connection = new Connection(options);
    this.connection = connection;
    this.hub = new ConversationHub(connection);
    this.#stopRetryTriggers = retryWhenBack(connection);
    const kind = this.#kind;
    connection.on('state', (state) => store.set({ connection: state, retryAt: connection.retryAt }));
    connection.on('helloOk', (ok) => store.set({ session: { kind, principalId: ok.principalId, displayName: ok.displayName || '', roles: ok.roles || [], organisation: ok.organisation || null } }));
    this.socketChanged();
  }
}
