// The session of someone who came through a scheduled consult's one-time link (/v/<code>): the credential the link
// gave (POST /api/consults/join), kept in sessionStorage so a reload in the same tab goes on (the link itself works
// only once), and the one WebSocket that uses it. Quick exit knows the socket and the token. No DOM.
import { joinConsult } from './api.js';
import { Keys, readSession, writeSession, removeSession } from './storage.js';
import { SocketSession } from './sessionSocket.js';
import { setQuickExitContext } from './quickexit.js';

export class ConsultSession extends SocketSession {
  #code;
  #data;

  constructor(code, connectionOptions = {}) {
    super('client', connectionOptions);
    this.#code = code;
    this.#data = readSession(Keys.consultSession(code));
    if (this.#data?.expiresAt && new Date(this.#data.expiresAt).getTime() <= Date.now()) this.forget();
    setQuickExitContext({ token: this.token });
  }

  get token() {
    return this.#data?.token || null;
  }

  get joined() {
    return !!this.token;
  }

  get conversationId() {
    return this.#data?.consult?.conversationId || '';
  }

  get consult() {
    return this.#data?.consult || null;
  }

  /** Use the link (once); rejects with ApiError (LINK_USED, CONSULT_ENDED, …) when it cannot be used. */
  async join(nickname) {
    const result = await joinConsult(this.#code, nickname);
    this.#data = { token: result.token, expiresAt: result.expiresAt, participantId: result.participantId, consult: result.consult };
    writeSession(Keys.consultSession(this.#code), this.#data);
    setQuickExitContext({ connection: this.connection, token: this.token });
  }

  forget() {
    this.#data = null;
    removeSession(Keys.consultSession(this.#code));
    setQuickExitContext({ connection: this.connection, token: null });
  }

  socketChanged() {
    setQuickExitContext(this.connection ? { connection: this.connection, token: this.token } : {});
  }
}
