// The anonymous client's session: a token from POST /api/anonymous, kept in sessionStorage only (a reload
// in the same tab resumes; closing the tab or quick exit forgets it), and the one WebSocket that uses it.
import { createAnonymousSession } from '../../api.js';
import { Keys, readSession, writeSession, removeSession } from '../../storage.js';
import { openSessionSocket } from '../sessionSocket.js';
import { setQuickExitContext } from '../../quickexit.js';

export class AnonymousSession {
  #organisation;
  #session;
  connection = null;
  hub = null;
  #stopRetryTriggers = () => {};

  constructor(organisation) {
    this.#organisation = organisation;
    this.#session = readSession(Keys.anonymousSession(organisation));
    if (this.#session && this.#expired(this.#session)) this.forget();
    setQuickExitContext({ token: this.token });
  }

  get token() {
    return this.#session?.token || null;
  }

  get hasToken() {
    return !!this.token;
  }

  #expired(session) {
    return session.expiresAt && new Date(session.expiresAt).getTime() <= Date.now();
  }

  async ensureToken() {
    if (this.token) return this.token;
    const result = await createAnonymousSession(this.#organisation);
    this.#session = { token: result.token, expiresAt: result.expiresAt, principalId: result.principalId };
    writeSession(Keys.anonymousSession(this.#organisation), this.#session);
    setQuickExitContext({ connection: this.connection, token: this.token });
    return this.token;
  }

  /** Start the socket (once) and wait for the first HelloOk. */
  connect() {
    if (!this.connection) {
      const socket = openSessionSocket('client', () => this.token);
      this.connection = socket.connection;
      this.hub = socket.hub;
      this.#stopRetryTriggers = socket.stopRetryTriggers;
      setQuickExitContext({ connection: this.connection, token: this.token });
    }
    const connection = this.connection;
    if (connection.state === 'open') return Promise.resolve(connection.helloOk);
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

  forget() {
    this.#session = null;
    removeSession(Keys.anonymousSession(this.#organisation));
    setQuickExitContext({ connection: this.connection, token: null });
  }

  dispose() {
    this.#stopRetryTriggers();
    this.hub?.dispose();
    this.connection?.stop('leaving page');
    this.connection?.removeAll();
    this.connection = null;
    this.hub = null;
    setQuickExitContext({});
  }
}
