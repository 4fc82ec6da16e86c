// The one WebSocket to the server (subprotocol spreekuur.v1.json: proto3 canonical JSON in text frames).
//
// What this class guarantees to the views, whatever the network does:
//  * requests are correlated with their answer by requestId and time out instead of hanging;
//  * after a drop it reconnects with exponential backoff + full jitter, sends Hello again and re-subscribes
//    every conversation with its last seq and epoch, so the server replays exactly what was missed;
//  * conversation events reach the views once, in seq order (duplicates dropped, gaps back-filled);
//  * chat messages wait in an outbound queue and are retried with the SAME clientMsgId until acknowledged,
//    so a retry can never create a duplicate message.
// It does not touch the DOM; everything is injected, so it also runs under `node --test`.

import { Emitter } from './emitter.js';
import { backoffDelay } from './backoff.js';
import { newId } from './ids.js';
import { toInt } from './format.js';

export const SUBPROTOCOL = 'spreekuur.v1.json';

export const CloseCode = Object.freeze({
  NORMAL: 1000,
  GOING_AWAY: 1001,
  WRONG_FRAME_TYPE: 1003,
  POLICY_VIOLATION: 1008, // unauthenticated or session revoked: reconnecting with the same token is useless
  TOO_BIG: 1009,
  SERVICE_RESTART: 1012, // the server node drains (SIGTERM): reconnect (through the load balancer) and resume
  HELLO_TIMEOUT: 4000,
  SLOW_CONSUMER: 4001,
  IDLE_TIMEOUT: 4002,
  FLOODING: 4003,
});

export const ConnectionState = Object.freeze({
  IDLE: 'idle',
  CONNECTING: 'connecting', // first connection attempt
  OPEN: 'open', // Hello answered; requests flow
  RECONNECTING: 'reconnecting', // lost; waiting for the next attempt or trying
  ENDED: 'ended', // stopped, or the session is no longer valid
});

/** Error codes a request can fail with besides the server's ErrorCode names. */
export const LocalErrorCode = Object.freeze({
  TIMEOUT: 'TIMEOUT',
  DISCONNECTED: 'DISCONNECTED',
  ENDED: 'ENDED',
  TOO_LARGE: 'TOO_LARGE',
});

// Failures after which the same request may succeed when sent again (with the same ids).
const RETRYABLE = new Set(['TIMEOUT', 'DISCONNECTED', 'UNAVAILABLE', 'RATE_LIMITED', 'INTERNAL']);

export class RequestError extends Error {
  constructor(code, message = code, requestId = '') {
    super(message);
    this.name = 'RequestError';
    this.code = code;
    this.requestId = requestId;
  }

  get retryable() {
    return RETRYABLE.has(this.code);
  }
}

/** The oneof body of a ClientMessage/ServerMessage: its only key besides requestId. */
export function bodyOf(message) {
  for (const key of Object.keys(message)) {
    if (key !== 'requestId') return [key, message[key] ?? {}];
  }
  return [null, null];
}


/**
 * While a conversation is followed (a chat, or typing while waiting) a dead connection must show within seconds,
 * not after the server's heartbeat interval plus a timeout (about 35 s): ping this often, and give up on the
 * socket when a ping is not answered within CHAT_PING_TIMEOUT_MS.
 */
export const CHAT_PING_INTERVAL_MS = 5000;
export const CHAT_PING_TIMEOUT_MS = 5000;

const MAX_HISTORY_PAGES = 5;
const HISTORY_PAGE = 200;

export class Connection extends Emitter {
  #options;
  #ws = null;
  #state = ConnectionState.IDLE;
  #attempt = 0;
  #retryTimer = null;
  #retryAt = 0;
  #helloTimer = null;
  #heartbeatTimer = null;
  #nextRequest = 1;
  #pending = new Map(); // requestId -> {body, resolve, reject, timer, sent, silent}
  #subscriptions = new Map(); // conversationId -> {lastSeq, epoch, historyEnd, firstResult}
  #outbox = []; // [{clientMsgId, conversationId, text, inFlight, attempts, retryTimer}]
  #helloOk = null;
  #lastClose = null;

  /**
   * @param {object} options
   * @param {string} options.url WebSocket URL
   * @param {() => string} options.getToken the session token for Hello
   * @param {string} [options.clientName]
   * @param {Function} [options.WebSocketImpl]
   * @param {number} [options.requestTimeoutMs]
   * @param {number} [options.helloTimeoutMs]
   * @param {() => number} [options.random]
   * @param {() => number} [options.now]
   * @param {Function} [options.setTimeout]
   * @param {() => boolean} [options.isOffline] whether the browser says it is offline (then no reconnect attempt)
   * @param {Function} [options.clearTimeout]
   */
  constructor(options) {
    super();
    this.#options = {
      clientName: 'spreekuur-web/1',
      WebSocketImpl: globalThis.WebSocket,
      requestTimeoutMs: 15000,
      helloTimeoutMs: 10000,
      random: Math.random,
      now: () => Date.now(),
      setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
      isOffline: () => globalThis.navigator?.onLine === false,
      clearTimeout: (id) => globalThis.clearTimeout(id),
      ...options,
    };
  }

  get state() {
    return this.#state;
  }

  /** When the next reconnect attempt happens (epoch ms), or 0. */
  get retryAt() {
    return this.#retryAt;
  }

  get helloOk() {
    return this.#helloOk;
  }

  get lastClose() {
    return this.#lastClose;
  }

  /** Messages not yet acknowledged by the server, oldest first. */
  pendingMessages(conversationId) {
    return this.#outbox
      .filter((e) => e.conversationId === conversationId)
      .map(({ clientMsgId, text }) => ({ clientMsgId, text }));
  }

  start() {
    if (this.#state === ConnectionState.IDLE || this.#state === ConnectionState.ENDED) {
      this.#attempt = 0;
      this.#connect(ConnectionState.CONNECTING);
    }
  }

  /** Try now instead of waiting for the backoff timer (the browser went online, the user pressed "try again"). */
  retryNow() {
    if (this.#state === ConnectionState.RECONNECTING && !this.#ws) {
      this.#retryTimer = this.#cancel(this.#retryTimer);
      this.#connect(ConnectionState.RECONNECTING);
    }
  }

  /**
   * The browser says the network is gone ('offline'): drop the socket now instead of waiting for a ping to time
   * out, so the page says so at once and queued messages wait for the next Hello. 'online' calls retryNow().
   */
  networkLost() {
    if (this.#ws && (this.#state === ConnectionState.OPEN || this.#state === ConnectionState.CONNECTING
        || this.#state === ConnectionState.RECONNECTING)) {
      this.#abort(this.#ws, 'offline');
    }
  }

  /** Close for good (logout, leaving the page). Pending requests fail with ENDED. */
  stop(reason = 'stopped') {
    this.#end(reason, CloseCode.NORMAL);
  }

  /**
   * Send a request; resolves with {type, payload} of the answer, rejects with RequestError.
   * While not connected the request waits (its timeout runs from now).
   */
  request(body, { timeoutMs = this.#options.requestTimeoutMs, silent = false } = {}) {
    if (this.#state === ConnectionState.ENDED) {
      return Promise.reject(new RequestError(LocalErrorCode.ENDED));
    }
    const requestId = `r${this.#nextRequest++}`;
    return new Promise((resolve, reject) => {
      const entry = { body, resolve, reject, sent: false, silent };
      entry.timer = this.#options.setTimeout(() => {
        this.#pending.delete(requestId);
        reject(new RequestError(LocalErrorCode.TIMEOUT, 'no answer in time', requestId));
      }, timeoutMs);
      this.#pending.set(requestId, entry);
      if (this.#state === ConnectionState.OPEN) this.#transmit(requestId, entry);
    });
  }

  /** Fire and forget (typing, receipts): only while connected, never queued; failures are ignored. */
  notify(body) {
    if (this.#state !== ConnectionState.OPEN) return;
    this.request(body, { silent: true }).catch(() => {});
  }

  /**
   * Follow a conversation. Resolves with the first SubscribeResult. After every reconnect the
   * subscription is renewed with the last seen seq and epoch.
   */
  subscribe(conversationId) {
    let sub = this.#subscriptions.get(conversationId);
    if (!sub) {
      sub = { conversationId, lastSeq: 0, epoch: '', historyEnd: null, firstResult: null };
      sub.firstResult = new Promise((resolve, reject) => {
        sub.resolveFirst = resolve;
        sub.rejectFirst = reject;
      });
      this.#subscriptions.set(conversationId, sub);
      if (this.#state === ConnectionState.OPEN) this.#sendSubscribe(sub);
    }
    return sub.firstResult;
  }

  isSubscribed(conversationId) {
    return this.#subscriptions.has(conversationId);
  }

  unsubscribe(conversationId) {
    if (!this.#subscriptions.delete(conversationId)) return;
    this.notify({ unsubscribe: { conversationId } });
  }

  /**
   * Queue a chat message; returns its clientMsgId. Emits 'messageAck' or 'messageFailed' later.
   * @param {{room?: boolean, replyToSeq?: number, mentions?: string[]}} [options] room: send as a group room message
   *   (SendRoomMessage, with an optional reply and the participant ids it mentions) instead of SendMessage
   */
  sendChatMessage(conversationId, text, { room = false, replyToSeq = 0, mentions = [] } = {}) {
    const entry = { clientMsgId: newId(), conversationId, text, room, replyToSeq, mentions, inFlight: false, attempts: 0, retryTimer: null };
    this.#outbox.push(entry);
    this.emit('outbox', conversationId);
    this.#flushOutbox();
    return entry.clientMsgId;
  }

  /**
   * Quick exit: tell the server (fire and forget, if we can) and stop at once.
   * Returns true when the frame was handed to the socket.
   */
  quickExit() {
    let sent = false;
    if (this.#ws && this.#state === ConnectionState.OPEN) {
      try {
        this.#ws.send(JSON.stringify({ requestId: 'quick-exit', quickExit: {} }));
        sent = true;
      } catch {
        sent = false;
      }
    }
    this.#end('quick-exit', CloseCode.NORMAL, /* closeSocket */ !sent);
    return sent;
  }

  // --- socket lifecycle ---

  #connect(state) {
    this.#retryAt = 0;
    this.#setState(state);
    const token = this.#options.getToken();
    if (!token) {
      this.#end('unauthenticated');
      return;
    }
    let ws;
    try {
      ws = new this.#options.WebSocketImpl(this.#options.url, SUBPROTOCOL);
    } catch (e) {
      this.#scheduleReconnect(null);
      return;
    }
    this.#ws = ws;
    ws.onopen = () => this.#sendHello(ws, token);
    ws.onmessage = (ev) => this.#onFrame(ev.data);
    ws.onclose = (ev) => this.#onClose(ws, ev.code, ev.reason);
    ws.onerror = () => {}; // onclose follows and carries what we need
    this.#helloTimer = this.#options.setTimeout(() => this.#abort(ws, 'hello timeout'), this.#options.helloTimeoutMs);
  }

  #sendHello(ws, token) {
    const requestId = `hello${this.#nextRequest++}`;
    this.#helloRequestId = requestId;
    ws.send(JSON.stringify({ requestId, hello: { token, client: this.#options.clientName } }));
  }

  #helloRequestId = null;

  #onFrame(data) {
    if (typeof data !== 'string') return; // the JSON subprotocol only uses text frames
    let message;
    try {
      message = JSON.parse(data);
    } catch {
      return;
    }
    const [type, payload] = bodyOf(message);
    if (!type) return;
    const requestId = message.requestId || '';
    if (requestId && requestId === this.#helloRequestId) {
      this.#onHelloAnswer(type, payload);
      return;
    }
    if (requestId && this.#pending.has(requestId)) {
      const entry = this.#pending.get(requestId);
      this.#pending.delete(requestId);
      this.#options.clearTimeout(entry.timer);
      if (type === 'error') entry.reject(new RequestError(payload.code || 'INTERNAL', payload.message, requestId));
      else entry.resolve({ type, payload });
      return;
    }
    if (type === 'error') return; // a late error for a request that already timed out
    if (type === 'ack' || type === 'pong') return;
    this.#onPush(type, payload);
  }

  #onHelloAnswer(type, payload) {
    this.#helloRequestId = null;
    this.#helloTimer = this.#cancel(this.#helloTimer);
    if (type !== 'helloOk') {
      // UNAUTHENTICATED: the token is no longer valid; the server closes with 1008 as well.
      this.#end(payload?.code === 'UNAUTHENTICATED' ? 'unauthenticated' : 'hello-refused');
      return;
    }
    this.#helloOk = payload;
    this.#attempt = 0;
    this.#setState(ConnectionState.OPEN);
    this.#startHeartbeat(payload.heartbeatSeconds);
    // Order matters: the server handles one connection's frames in order, so subscriptions are renewed
    // before queued requests and chat messages go out.
    for (const sub of this.#subscriptions.values()) this.#sendSubscribe(sub);
    for (const [requestId, entry] of this.#pending) if (!entry.sent) this.#transmit(requestId, entry);
    this.#flushOutbox();
    this.emit('helloOk', payload);
  }

  #onPush(type, payload) {
    switch (type) {
      case 'event':
        this.#onEvent(payload);
        return;
      case 'sessionEnding':
        this.#lastClose = { code: payload.closeCode, reason: payload.reason };
        this.emit('sessionEnding', payload);
        return;
      default:
        this.emit('push', type, payload);
    }
  }

  #onEvent(event) {
    const sub = this.#subscriptions.get(event.conversationId);
    if (!sub) return;
    const seq = toInt(event.seq);
    if (seq <= sub.lastSeq) return; // duplicate (replay overlap, or a broker double delivery)
    if (sub.lastSeq > 0 && seq > sub.lastSeq + 1) {
      // A gap should not happen (the server promises order), but if it does, fill it from history.
      this.#loadHistory(sub, seq, seq - sub.lastSeq - 1);
    }
    sub.lastSeq = seq;
    this.emit('event', event, { live: sub.historyEnd !== null && seq > sub.historyEnd });
  }

  #sendSubscribe(sub) {
    const body = { subscribe: { conversationId: sub.conversationId, sinceSeq: String(sub.lastSeq), epoch: sub.epoch } };
    this.request(body)
      .then(({ payload }) => {
        if (!this.#subscriptions.has(sub.conversationId)) return;
        const lastSeq = toInt(payload.lastSeq);
        if (sub.historyEnd === null) sub.historyEnd = lastSeq; // what existed before we first looked is history
        sub.epoch = payload.epoch || '';
        // proto3 JSON leaves out false booleans: an absent "recovered" means false.
        if (payload.recovered !== true) {
          // Our copy does not fit the server's (history purged, epoch changed): start over from history.
          if (sub.lastSeq > 0) this.emit('conversationReset', sub.conversationId, payload);
          sub.lastSeq = lastSeq;
          if (lastSeq > 0) this.#loadHistory(sub, lastSeq + 1, HISTORY_PAGE * MAX_HISTORY_PAGES);
        }
        this.emit('subscribed', payload);
        sub.resolveFirst?.(payload);
        sub.resolveFirst = null;
      })
      .catch((err) => {
        if (!this.#subscriptions.has(sub.conversationId)) return;
        if (err.retryable) return; // renewed on the next Hello
        this.#subscriptions.delete(sub.conversationId);
        this.emit('subscribeFailed', sub.conversationId, err);
        sub.rejectFirst?.(err);
      });
  }

  /** Load events older than beforeSeq, newest page first, and hand them over as one 'history' batch. */
  async #loadHistory(sub, beforeSeq, limit, page = 0) {
    try {
      const { payload } = await this.request({
        getHistory: { conversationId: sub.conversationId, beforeSeq: String(beforeSeq), limit: Math.min(limit, HISTORY_PAGE) },
      });
      const events = payload.events || [];
      if (events.length) this.emit('history', sub.conversationId, events);
      const oldest = events.length ? toInt(events[0].seq) : 0;
      if (payload.hasMore && oldest > 1 && limit > events.length && page + 1 < MAX_HISTORY_PAGES) {
        await this.#loadHistory(sub, oldest, limit - events.length, page + 1);
      }
    } catch {
      // History is a best effort; the live stream continues regardless.
    }
  }

  #flushOutbox() {
    if (this.#state !== ConnectionState.OPEN) return;
    for (const entry of this.#outbox) {
      if (entry.inFlight || entry.retryTimer) continue;
      entry.inFlight = true;
      const { conversationId, clientMsgId, text, room, replyToSeq, mentions } = entry;
      const body = room
        ? { sendRoomMessage: { conversationId, clientMsgId, text, ...(replyToSeq ? { replyToSeq: String(replyToSeq) } : {}), ...(mentions?.length ? { mentionedParticipantIds: mentions } : {}) } }
        : { sendMessage: { conversationId, clientMsgId, text } };
      this.request(body)
        .then(({ payload }) => {
          this.#removeFromOutbox(entry);
          this.emit('messageAck', payload, entry);
        })
        .catch((err) => {
          entry.inFlight = false;
          if (err.code === LocalErrorCode.ENDED) return;
          if (err.retryable) {
            if (err.code === LocalErrorCode.DISCONNECTED) return; // resent after the next Hello
            const delay = backoffDelay(entry.attempts++, this.#options.random, { baseMs: 1000, capMs: 30000 });
            entry.retryTimer = this.#options.setTimeout(() => {
              entry.retryTimer = null;
              this.#flushOutbox();
            }, Math.max(delay, 250));
            return;
          }
          this.#removeFromOutbox(entry);
          this.emit('messageFailed', entry, err);
        });
    }
  }

  #removeFromOutbox(entry) {
    const i = this.#outbox.indexOf(entry);
    if (i >= 0) this.#outbox.splice(i, 1);
    this.emit('outbox', entry.conversationId);
  }

  #transmit(requestId, entry) {
    entry.sent = true;
    const frame = JSON.stringify({ requestId, ...entry.body });
    const max = this.#helloOk?.maxFrameBytes;
    if (max && utf8Length(frame) > max) {
      // Sending it would make the server close the socket (1009) and we would loop on reconnect.
      this.#pending.delete(requestId);
      this.#options.clearTimeout(entry.timer);
      entry.reject(new RequestError(LocalErrorCode.TOO_LARGE, 'frame too large', requestId));
      return;
    }
    try {
      this.#ws.send(frame);
    } catch {
      entry.sent = false; // the close handler will fail or resend it
    }
  }

  #startHeartbeat(heartbeatSeconds) {
    const idleIntervalMs = Math.max(5, heartbeatSeconds || 25) * 1000;
    const beat = () => {
      // Shorter while a conversation is followed: someone is chatting (or typing while waiting) and must see a
      // lost connection within seconds.
      const chatting = this.#subscriptions.size > 0;
      const intervalMs = chatting ? Math.min(CHAT_PING_INTERVAL_MS, idleIntervalMs) : idleIntervalMs;
      const timeoutMs = chatting ? CHAT_PING_TIMEOUT_MS : Math.min(idleIntervalMs, 15000);
      this.#heartbeatTimer = this.#options.setTimeout(() => {
        const ws = this.#ws;
        // A ping without answer means the connection is dead even if the browser has not noticed yet
        // (typical for phones that switch networks).
        this.request({ ping: {} }, { timeoutMs })
          .then(() => beat())
          .catch((err) => {
            if (err.code === LocalErrorCode.TIMEOUT && ws === this.#ws) this.#abort(ws, 'ping timeout');
          });
      }, intervalMs);
    };
    beat();
  }

  #abort(ws, reason) {
    if (ws !== this.#ws) return;
    try {
      ws.close(CloseCode.NORMAL, reason);
    } catch {
      // already closing
    }
    this.#onClose(ws, 0, reason);
  }

  #onClose(ws, code, reason) {
    if (ws !== this.#ws) return; // an old socket we already gave up on
    this.#detach();
    this.#lastClose = { code, reason };
    this.#failSentRequests();
    if (this.#state === ConnectionState.ENDED) return;
    this.emit('closed', { code, reason });
    if (code === CloseCode.POLICY_VIOLATION) {
      this.#end('unauthenticated');
      return;
    }
    this.#scheduleReconnect(code);
  }

  #scheduleReconnect(code) {
    // Flooding: the server asked us to slow down; start further up the backoff curve.
    if (code === CloseCode.FLOODING) this.#attempt = Math.max(this.#attempt, 4);
    const delay = backoffDelay(this.#attempt++, this.#options.random);
    this.#retryAt = this.#options.now() + delay;
    this.#setState(ConnectionState.RECONNECTING);
    this.#retryTimer = this.#options.setTimeout(() => {
      this.#retryTimer = null;
      // While the browser says it is offline, wait for its 'online' (which calls retryNow) instead of trying.
      if (this.#options.isOffline()) return;
      this.#connect(ConnectionState.RECONNECTING);
    }, delay);
  }

  #detach() {
    const ws = this.#ws;
    this.#ws = null;
    this.#helloRequestId = null;
    this.#helloTimer = this.#cancel(this.#helloTimer);
    this.#heartbeatTimer = this.#cancel(this.#heartbeatTimer);
    if (ws) {
      ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
    }
  }

  /** Requests already on the wire are lost with the socket; waiting ones stay queued for the next Hello. */
  #failSentRequests() {
    for (const [requestId, entry] of [...this.#pending]) {
      if (!entry.sent) continue;
      this.#pending.delete(requestId);
      this.#options.clearTimeout(entry.timer);
      entry.reject(new RequestError(LocalErrorCode.DISCONNECTED, 'connection lost', requestId));
    }
  }

  #end(reason, code = CloseCode.NORMAL, closeSocket = true) {
    if (this.#state === ConnectionState.ENDED) return;
    const ws = this.#ws;
    this.#detach();
    this.#retryTimer = this.#cancel(this.#retryTimer);
    this.#retryAt = 0;
    if (ws && closeSocket) {
      try {
        ws.close(code, reason);
      } catch {
        // already closed
      }
    } else if (ws) {
      // Let the quick-exit frame leave first; the server closes the socket after its Ack.
      this.#options.setTimeout(() => {
        try {
          ws.close(code, reason);
        } catch {
          // already closed
        }
      }, 1000);
    }
    this.#setState(ConnectionState.ENDED);
    for (const [, entry] of this.#pending) {
      this.#options.clearTimeout(entry.timer);
      entry.reject(new RequestError(LocalErrorCode.ENDED, reason));
    }
    this.#pending.clear();
    for (const entry of this.#outbox) if (entry.retryTimer) this.#options.clearTimeout(entry.retryTimer);
    this.#outbox = [];
    this.#subscriptions.clear();
    this.emit('ended', reason);
  }

  #setState(state) {
    if (this.#state === state) {
      if (state === ConnectionState.RECONNECTING) this.emit('state', state);
      return;
    }
    this.#state = state;
    this.emit('state', state);
  }

  #cancel(timer) {
    if (timer !== null) this.#options.clearTimeout(timer);
    return null;
  }
}

function utf8Length(text) {
  if (typeof TextEncoder !== 'undefined') return new TextEncoder().encode(text).length;
  return text.length * 3;
}
