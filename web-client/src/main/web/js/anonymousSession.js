// The anonymous client's session: a token from POST /api/anonymous, kept in sessionStorage only (a reload
// in the same tab resumes; closing the tab or quick exit forgets it), and the one WebSocket that uses it. No DOM.
import { createAnonymousSession } from './api.js';
import { Keys, readSession, writeSession, removeSession } from './storage.js';
import { SocketSession } from './sessionSocket.js';
import { setQuickExitContext } from './quickexit.js';

export class AnonymousSession extends SocketSession {
  #organisation;
  #session;

  /**
   * @param {string} organisation the organisation's slug
   * @param {object} [connectionOptions] see SocketSession
   */
  constructor(organisation, connectionOptions = {}) {
    super('client', connectionOptions);
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

  forget() {
    this.#session = null;
    removeSession(Keys.anonymousSession(this.#organisation));
    setQuickExitContext({ connection: this.connection, token: null });
  }

  /** Quick exit needs the socket (to tell the server) and the token (to revoke it when the socket is down). */
  socketChanged() {
    setQuickExitContext(this.connection ? { connection: this.connection, token: this.token } : {});
  }
}
