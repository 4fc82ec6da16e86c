// Where an inwoner is in one office hour (/s/<org>/<officeHourSlug>), without the DOM: the phase, the public
// status, their place in the queue and their conversation, moved on by the server's pushes and by what the
// person does. views/client/officeHourView.js renders on the events below and forwards user input to the actions.
//
// Phases: loading -> status (open and accepting: join form; otherwise the offline message form) -> waiting
// (position, expected wait; typing already works) -> chat -> ended. Besides: refused (not admitted), left (left
// the queue), expired (the place was lost), notServed (closed before their turn), sessionLost (the token stopped
// working while waiting or chatting) and error (the status could not be loaded at all).
//
// Events:
//   'phase' {phase, previous, detail}  every transition, also into the phase it was in (the view rebuilds)
//   'status' status                    the public status was refreshed while the phase stayed
//   'queue' queueStatus                the waiting details changed while waiting
//   'joined'                           admitted to the queue (the waiting phase follows)
//   'movedUp' position                 moved up in the queue
//   'called'                           a professional took the chat (the chat phase began from a push)
//   'connection' connection            the socket was opened (the view shows its state)
//   'sessionEnded'                     the socket is gone for good (the token is no longer valid)
//   'conversation' conversationId      the chat to show; emitted before this model listens to it
//   'conversationChange' conversation  the chat changed (who helps, consent) and has not ended
//   'conversationClosed'               the chat is put away (starting over)
//
// The socket part (anonymousSession.js and the connection and conversation modules under it) is loaded only when
// the person joins, leaves a message or comes back with a token: the start page needs none of it, and on a slow
// phone every module less on the first load is a round trip less.
import { Emitter } from './emitter.js';
import { officeHourStatus, downloadBlob, ApiError } from './api.js';
import { Keys, readSession } from './storage.js';

export const Phase = Object.freeze({
  LOADING: 'loading',
  ERROR: 'error',
  STATUS: 'status',
  WAITING: 'waiting',
  CHAT: 'chat',
  ENDED: 'ended',
  REFUSED: 'refused',
  LEFT: 'left',
  EXPIRED: 'expired',
  NOT_SERVED: 'notServed',
  SESSION_LOST: 'sessionLost',
});

/** How often the public status is fetched again while the person is deciding what to do. */
/**
 * The badge on the status card: 'open' (you can join now), 'busy' (open, but nobody is free to chat now: nobody on
 * duty, or no time left before closing) or 'closed'. Never "closed" while it is open.
 */
export function statusBadge(status) {
  if (!status?.open) return 'closed';
  return status.accepting ? 'open' : 'busy';
}

export const STATUS_REFRESH_MS = 30000;
/** After a reload with a token: how long to show "loading" before the status page, if the server is slow. */
export const RESUME_WAIT_MS = 8000;

const DECIDING = [Phase.STATUS, Phase.REFUSED, Phase.LEFT, Phase.EXPIRED, Phase.NOT_SERVED];
const IN_CONVERSATION = [Phase.WAITING, Phase.CHAT];
/** Where a queue entry that is over (QueueState) leaves the person. */
const PHASE_AFTER_QUEUE = Object.freeze({ LEFT: Phase.LEFT, EXPIRED: Phase.EXPIRED, NOT_SERVED: Phase.NOT_SERVED, FINISHED: Phase.ENDED });

/** The modules of the socket part, for a join (the browser fetches each once). */
const sessionModules = () => Promise.all([import('./anonymousSession.js'), import('./visitMark.js')]);

export class OfficeHourModel extends Emitter {
  #organisation;
  #slug;
  /** @type {import('./anonymousSession.js').AnonymousSession|null} null until the socket part is loaded */
  #session;
  #sessionReady = null;
  /** visitMark.js, loaded with the session part (only a join and erasing a chat use it) */
  #visit = null;
  #beforeSession;
  #timers;
  #off = [];
  #offConversation = () => {};
  #refreshTimer = null;
  #resumeTimer = null;
  #disposed = false;
  phase = Phase.LOADING;
  status = null; // OfficeHourStatus
  queue = null; // latest QueueStatus
  conversationId = '';
  /** @type {import('./conversation.js').ConversationModel|null} */
  conversation = null;
  queueEntryId = '';
  refusal = '';

  /**
   * @param {object} o
   * @param {string} o.organisation the organisation's slug
   * @param {string} o.slug the office hour's slug
   * @param {import('./anonymousSession.js').AnonymousSession} [o.session] the session to use (tests); else one is
   *   created from the lazily loaded anonymousSession.js when first needed
   * @param {Function} [o.beforeSession] async; awaited (while the session's module loads) before a session is first
   *   used, e.g. by the view to load its own chat modules, so every socket event finds them there
   * @param {Function} [o.setTimeout]
   * @param {Function} [o.clearTimeout]
   */
  constructor({ organisation, slug, session = null, beforeSession = async () => {}, setTimeout, clearTimeout }) {
    super();
    this.#organisation = organisation;
    this.#slug = slug;
    this.#session = session;
    this.#beforeSession = beforeSession;
    this.#timers = {
      setTimeout: setTimeout || ((fn, ms) => globalThis.setTimeout(fn, ms)),
      clearTimeout: clearTimeout || ((id) => globalThis.clearTimeout(id)),
    };
  }

  /** The conversation hub of the socket (the chat panel reads the conversation through it). */
  get hub() {
    return this.#session?.hub ?? null;
  }

  /** Load the status; with a token from before a reload, resume what this tab was doing. */
  async start() {
    this.#setPhase(Phase.LOADING);
    // Back with a token from before a reload (or a stale one): the socket part loads while the status does.
    const resuming = this.#session || readSession(Keys.anonymousSession(this.#organisation))
      ? this.#ensureSession().then(() => true, () => false)
      : Promise.resolve(false);
    await this.#loadStatus();
    if (this.phase === Phase.ERROR) return;
    if ((await resuming) && this.#session.hasToken) {
      // If the server cannot be reached soon, show the status page meanwhile; the resume still happens when
      // the connection comes.
      this.#startConnection().catch(() => {});
      this.#resumeTimer = this.#timers.setTimeout(() => this.phase === Phase.LOADING && this.#setPhase(Phase.STATUS), RESUME_WAIT_MS);
    } else {
      this.#setPhase(Phase.STATUS);
    }
  }

  /**
   * Fetch the modules a join needs ahead of time (the page calls this once it is usable), so that joining does not
   * wait for them. Nothing is created; a failure is left to the join, which loads them again.
   */
  prefetch() {
    Promise.all([sessionModules(), this.#beforeSession()]).catch(() => {});
  }

  /** "Try again" after the status could not be loaded. */
  async retry() {
    this.#setPhase(Phase.LOADING);
    if (await this.#loadStatus()) this.#setPhase(Phase.STATUS);
    else this.#setPhase(Phase.ERROR, 'loadFailed');
  }

  /** Stop the timers, drop the listeners and close the socket. Safe to call more than once. */
  dispose() {
    this.#disposed = true;
    this.#timers.clearTimeout(this.#refreshTimer);
    this.#timers.clearTimeout(this.#resumeTimer);
    for (const off of this.#off) off();
    this.#off = [];
    this.#offConversation();
    this.#session?.dispose();
  }

  // --- actions (user input) ---

  /**
   * Join the queue. A refusal (also CLOSED) moves to the refused phase; other failures are thrown (RequestError,
   * ApiError) for the form to show.
   */
  async join({ nickname, firstQuestion, transcriptConsent, rememberVisit = false }) {
    try {
      await this.#ensureSession();
      await this.#session.ensureToken();
      await this.#startConnection();
      const joinQueue = { officeHourId: this.status.officeHourId, nickname, firstQuestion, transcriptConsent, useConsentDefault: false };
      // only with the client's agreement does the device tell whether it was here before (nothing is sent otherwise)
      if (rememberVisit) joinQueue.visit = this.#visit.visitAnswer(this.#organisation, true);
      const { payload } = await this.#session.connection.request({ joinQueue });
      if (payload.officeHour) this.status = payload.officeHour;
      if (payload.admitted) {
        this.#visit.settleVisitMark(this.#organisation, rememberVisit);
        this.emit('joined');
        this.#applyQueueStatus(payload.status || {});
      } else {
        this.#refuse(payload.refusal);
      }
    } catch (err) {
      if (err?.code !== 'CLOSED') throw err;
      this.#refuse();
    }
  }

  /** Leave a message for later (when nobody can chat). Failures are thrown. */
  async leaveOfflineMessage({ nickname, text, contact }) {
    await this.#ensureSession();
    await this.#session.ensureToken();
    await this.#startConnection();
    await this.#session.connection.request({
      leaveOfflineMessage: { officeHourId: this.status.officeHourId, nickname, text, contact },
    });
  }

  /** Change the question while waiting. Failures are thrown. */
  async updateFirstQuestion(firstQuestion) {
    await this.#session.connection.request({ updateFirstQuestion: { queueEntryId: this.queueEntryId, firstQuestion } });
    this.queue = { ...this.queue, firstQuestion };
    this.emit('queue', this.queue);
  }

  /** Give up the place in the queue. Failures are thrown. */
  async leaveQueue() {
    await this.#session.connection.request({ leaveQueue: { queueEntryId: this.queueEntryId } });
    this.#setPhase(Phase.LEFT);
  }

  /** End the chat. Failures are thrown. */
  async endChat() {
    await this.#session.connection.request({ endChat: { conversationId: this.conversationId } });
    this.#setPhase(Phase.ENDED);
  }

  /** "Heeft dit gesprek je geholpen?" after the chat: answer 'HELPED_YES' or 'HELPED_NO' (once). */
  async rateChat(conversationId, answer) {
    await this.#session.connection.request({ rateChat: { conversationId, answer } });
  }

  /** Erases this ended chat on the server (messages, notes, nickname, question): DeleteMyConversation. */
  async deleteConversation(conversationId) {
    await this.#session.connection.request({ deleteMyConversation: { conversationId } });
    // erasing the chat also forgets that this device was here (the mark would show that the service was used)
    this.#visit.forgetVisitMark(this.#organisation);
  }

  /** The follow-up's calendar file (a Blob), fetched with the client's token. */
  followUpCalendar(conversationId) {
    return downloadBlob(`/api/office-hours/chats/${encodeURIComponent(conversationId)}/follow-up.ics`, this.#session.token);
  }

  /** May the conversation be kept? Failures are thrown. */
  async setTranscriptConsent(consent) {
    await this.#session.connection.request({ setTranscriptConsent: { conversationId: this.conversationId, consent } });
  }

  /** Put the last conversation away and show the status again ("chat again"). */
  startOver() {
    this.emit('conversationClosed');
    this.#offConversation();
    this.#offConversation = () => {};
    this.conversation = null;
    if (this.conversationId) this.#session?.hub?.close(this.conversationId);
    this.conversationId = '';
    this.queueEntryId = '';
    this.queue = null;
    return this.#loadStatus().finally(() => this.#setPhase(Phase.STATUS));
  }

  // --- status ---

  async #loadStatus() {
    try {
      this.status = await officeHourStatus(this.#organisation, this.#slug);
      return true;
    } catch (err) {
      if (!this.status) {
        this.#setPhase(Phase.ERROR, err instanceof ApiError && err.status === 404 ? 'notFound' : 'loadFailed');
      }
      return false;
    } finally {
      this.#scheduleRefresh();
    }
  }

  #scheduleRefresh() {
    this.#timers.clearTimeout(this.#refreshTimer);
    if (this.#disposed) return;
    this.#refreshTimer = this.#timers.setTimeout(async () => {
      // The public status only matters while the person is deciding what to do.
      if (DECIDING.includes(this.phase)) {
        if (await this.#loadStatus()) this.emit('status', this.status);
      } else {
        this.#scheduleRefresh();
      }
    }, STATUS_REFRESH_MS);
  }

  // --- the socket ---

  /**
   * The session, loading its module, visitMark.js and the view's modules (through beforeSession) the first time.
   * A failed load (the network gone at that moment) throws ApiError NETWORK and is tried again next time.
   */
  #ensureSession() {
    this.#sessionReady ??= Promise.all([sessionModules(), this.#beforeSession()]).then(
      ([[{ AnonymousSession }, visit]]) => {
        // disposed meanwhile (the page was left): no session is made; dispose() already closed an injected one
        if (this.#disposed) throw new ApiError(0, 'DISPOSED');
        this.#visit = visit;
        this.#session ??= new AnonymousSession(this.#organisation);
        return this.#session;
      },
      () => {
        this.#sessionReady = null;
        throw new ApiError(0, 'NETWORK');
      },
    );
    return this.#sessionReady;
  }

  #startConnection() {
    const session = this.#session;
    const first = !session.connection;
    const ready = session.connect();
    if (first) {
      const c = session.connection;
      this.emit('connection', c);
      this.#off.push(
        c.on('helloOk', (ok) => this.#onHelloOk(ok)),
        c.on('push', (type, payload) => type === 'queueStatus' && this.#applyQueueStatus(payload)),
        c.on('ended', (reason) => this.#onConnectionEnded(reason)),
      );
    }
    return ready;
  }

  /** After every (re)connect: HelloOk lists what this session is still part of. */
  #onHelloOk(ok) {
    const officeHourId = this.status?.officeHourId;
    const item = (ok.active || []).find(
      (a) => a.officeHourId === officeHourId && (!a.kind || a.kind === 'OFFICE_HOUR_CHAT') && a.queueState !== 'FINISHED',
    );
    if (item) {
      this.queueEntryId = item.queueEntryId || this.queueEntryId;
      if (item.conversationId) this.#ensureConversation(item.conversationId);
      if (item.queueState === 'IN_CHAT') this.#setPhase(Phase.CHAT);
      else if (item.queueState === 'WAITING' || !item.queueState) this.#setPhase(Phase.WAITING);
      else this.#applyQueueState(item.queueState);
    } else if (this.phase === Phase.WAITING) {
      // We were waiting, but our place is gone (the reconnect took longer than the grace period).
      this.#setPhase(Phase.EXPIRED);
    } else if (this.phase === Phase.LOADING) {
      this.#setPhase(Phase.STATUS);
    }
  }

  #onConnectionEnded(reason) {
    if (reason === 'quick-exit' || this.#session.endedByDispose(reason)) return;
    // The token is no longer valid (expired, revoked). Start clean next time.
    this.#session.forget();
    const hadConversation = IN_CONVERSATION.includes(this.phase);
    this.#session.dispose();
    this.emit('sessionEnded');
    if (hadConversation) this.#setPhase(Phase.SESSION_LOST);
    else if (this.phase === Phase.LOADING) this.#setPhase(Phase.STATUS);
  }

  #applyQueueStatus(qs) {
    if (this.queueEntryId && qs.queueEntryId && qs.queueEntryId !== this.queueEntryId) return;
    const before = this.queue;
    this.queue = qs;
    this.queueEntryId = qs.queueEntryId || this.queueEntryId;
    if (qs.conversationId) this.#ensureConversation(qs.conversationId);
    const state = qs.state || 'WAITING';
    if (state === 'WAITING') {
      if (this.phase !== Phase.WAITING) this.#setPhase(Phase.WAITING);
      else this.emit('queue', qs);
      const oldPosition = before?.position ?? 0;
      if (oldPosition && qs.position && qs.position < oldPosition) this.emit('movedUp', qs.position);
    } else {
      this.#applyQueueState(state);
    }
  }

  #applyQueueState(state) {
    if (state === 'IN_CHAT') {
      if (this.phase === Phase.CHAT) return;
      this.#setPhase(Phase.CHAT);
      this.emit('called');
    } else if (PHASE_AFTER_QUEUE[state]) {
      this.#setPhase(PHASE_AFTER_QUEUE[state]);
    }
  }

  #refuse(refusal) {
    this.refusal = refusal || 'OUTSIDE_OPENING_HOURS';
    this.#setPhase(Phase.REFUSED);
  }

  // --- the conversation ---

  #ensureConversation(conversationId) {
    if (this.conversationId === conversationId && this.conversation) return;
    this.#offConversation();
    this.conversationId = conversationId;
    // The view builds its chat panel first, so the panel has drawn a change before the phase moves on.
    this.emit('conversation', conversationId);
    const conversation = this.#session.hub.open(conversationId);
    this.conversation = conversation;
    this.#offConversation = conversation.on('change', () => {
      if (conversation.ended && IN_CONVERSATION.includes(this.phase)) this.#setPhase(Phase.ENDED);
      else this.emit('conversationChange', conversation);
    });
  }

  #setPhase(phase, detail = null) {
    const previous = this.phase;
    this.phase = phase;
    this.emit('phase', { phase, previous, detail });
  }
}
