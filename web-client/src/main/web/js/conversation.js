// What one participant knows about one conversation: events by seq, own messages still on their way,
// who takes part, receipts and typing. Pure logic (no DOM), shared by the client and professional views.
import { Emitter } from './emitter.js';
import { toInt } from './format.js';
import { newId } from './ids.js';

export const TYPING_SHOWN_MS = 6000;

const BODY_TYPES = ['text', 'joined', 'left', 'ended', 'transferred', 'consent', 'followUp',
  'roomState', 'roomMessage', 'edited', 'deleted', 'reaction', 'pinned', 'hidden', 'callUpdate',
  'privateTalkOpened', 'meetingsChanged'];

function eventBodyType(event) {
  for (const key of BODY_TYPES) {
    if (event[key] !== undefined) return key;
  }
  return 'unknown';
}

/** Events that carry a message someone wrote (a chat's text, a group room's message). */
export const isMessage = (event) => event.type === 'text' || event.type === 'roomMessage';

/**
 * Group room events that change an earlier message (named by its seq) instead of being shown themselves: they
 * are folded onto that message (see ConversationModel.messageView).
 */
const FOLDED = new Set(['edited', 'deleted', 'reaction', 'pinned', 'hidden']);
export const isFolded = (event) => FOLDED.has(event.type);

/** The fixed set of reactions a group room accepts, in the order they are offered. */
export const REACTIONS = Object.freeze(['👍', '❤️', '😂', '😮', '😢', '🙏']);

export class ConversationModel extends Emitter {
  constructor(conversationId) {
    super();
    this.conversationId = conversationId;
    this.#clear();
  }

  #clear() {
    this.events = new Map(); // seq -> normalized event
    this.pending = new Map(); // clientMsgId -> {clientMsgId, text, status: 'sending'|'failed', seq, sentAt}
    this.participants = new Map(); // participantId -> Participant (+ left flag)
    this.typing = new Map(); // participantId -> {displayName, until}
    this.myParticipantId = '';
    this.myRole = '';
    this.state = 'OPEN';
    this.endReason = '';
    this.transcriptConsent = false;
    this.officeHourId = '';
    this.subscribed = false;
    this.roomId = '';
    this.memberSinceSeq = 0;
    this.firstSeq = 0; // the oldest seq I may read (SubscribeResult.first_seq)
    this.firstReadSeq = -1; // my read marker when I first subscribed (where "new messages" starts), -1 = unknown
    this.firstLastSeq = 0; // the newest seq when I first subscribed: what was unread then ends there
    this.notes = new Map(); // seq of a message -> what later events did to it (edits, deletion, reactions, pin, hiding)
    this.roomStateEvent = null; // {seq, state}: the newest roomState event we have
    this.roomStateKnown = null; // {asOfSeq, state}: the room's state as GetRoom told it
  }

  /** Drop everything we had (the server said our copy cannot be resumed). */
  reset() {
    const me = this.myParticipantId;
    const pending = this.pending;
    this.#clear();
    this.myParticipantId = me;
    this.pending = pending; // unacknowledged own messages are still on their way
    this.emit('change', 'reset');
  }

  applySubscribeResult(result) {
    this.subscribed = true;
    this.myParticipantId = result.yourParticipantId || this.myParticipantId;
    this.myRole = result.yourRole || this.myRole;
    this.state = result.state || 'OPEN';
    this.endReason = result.endReason || '';
    this.transcriptConsent = result.transcriptConsent === true;
    this.officeHourId = result.officeHourId || this.officeHourId;
    this.roomId = result.roomId || this.roomId;
    this.memberSinceSeq = toInt(result.memberSinceSeq);
    this.firstSeq = toInt(result.firstSeq);
    this.participants = new Map();
    // The list is the state as of lastSeq: older joined/left events (replay, history) must not overrule it.
    const asOf = toInt(result.lastSeq);
    for (const p of result.participants || []) this.#upsertParticipant(p, asOf);
    if (this.firstReadSeq < 0) {
      this.firstReadSeq = this.participants.get(this.myParticipantId)?.readSeq || 0;
      this.firstLastSeq = asOf;
    }
    this.emit('change', 'subscribed');
  }

  get lastSeq() {
    let max = 0;
    for (const seq of this.events.keys()) if (seq > max) max = seq;
    return max;
  }

  get ended() {
    return this.state === 'ENDED';
  }

  /** Add one event; returns the normalized event, or null if it was already known. */
  addEvent(raw, { live = false } = {}) {
    const event = this.#normalize(raw);
    if (this.events.has(event.seq)) return null;
    this.events.set(event.seq, event);
    this.#applySideEffects(event);
    if (event.clientMsgId && this.pending.has(event.clientMsgId) && this.#isMine(event)) {
      this.pending.delete(event.clientMsgId);
    }
    if (isMessage(event) && event.senderId) this.typing.delete(event.senderId);
    this.emit('change', 'event', event, live);
    return event;
  }

  addHistory(rawEvents) {
    let added = 0;
    for (const raw of rawEvents) {
      const event = this.#normalize(raw);
      if (this.events.has(event.seq)) continue;
      this.events.set(event.seq, event);
      this.#applySideEffects(event);
      if (event.clientMsgId && this.#isMine(event)) this.pending.delete(event.clientMsgId);
      added += 1;
    }
    if (added) this.emit('change', 'history');
  }

  addPending(clientMsgId, text, { room = false, replyToSeq = 0, mentions = [] } = {}) {
    // Where it was written: after everything on screen then, so it keeps that place (also when it fails) while
    // newer messages come in below it.
    let afterSeq = 0;
    for (const seq of this.events.keys()) if (seq > afterSeq) afterSeq = seq;
    this.pending.set(clientMsgId, { clientMsgId, text, room, replyToSeq, mentions, status: 'sending', seq: 0, afterSeq, sentAt: new Date() });
    this.emit('change', 'pending');
  }

  /** MessageAck: the server stored our message under this seq. */
  acknowledge(ack) {
    const entry = this.pending.get(ack.clientMsgId);
    if (!entry) return;
    if (ack.heldAt) {
      // HeldMessage: it waits for a moderator; others see nothing until it is approved (then its event comes).
      Object.assign(entry, { status: 'held', heldId: ack.id });
      this.emit('change', 'ack');
      return;
    }
    const seq = toInt(ack.seq);
    if (this.events.has(seq)) this.pending.delete(ack.clientMsgId);
    else Object.assign(entry, { status: 'sent', seq, sentAt: ack.sentAt ? new Date(ack.sentAt) : entry.sentAt });
    this.emit('change', 'ack');
  }

  /** HeldMessageReviewed: approved ones arrive as their event (which replaces the pending one); rejected stay, marked. */
  applyHeldReview(review) {
    const entry = this.pending.get(review.clientMsgId);
    if (!entry || review.approved) return;
    entry.status = 'rejected';
    this.emit('change', 'failed');
  }

  /** My own messages that wait for review (ListHeldMessages after a reload), shown as held. */
  addHeld(held) {
    if (this.pending.has(held.clientMsgId)) return;
    this.addPending(held.clientMsgId, held.text, { room: true, replyToSeq: toInt(held.replyToSeq) });
    Object.assign(this.pending.get(held.clientMsgId), { status: 'held', heldId: held.id });
  }

  markFailed(clientMsgId, reason, detail = '') {
    const entry = this.pending.get(clientMsgId);
    if (!entry) return;
    entry.status = 'failed';
    entry.reason = reason;
    entry.detail = detail;
    this.emit('change', 'failed');
  }

  removePending(clientMsgId) {
    if (this.pending.delete(clientMsgId)) this.emit('change', 'pending');
  }

  applyTyping(typingEvent, now = Date.now()) {
    if (typingEvent.participantId === this.myParticipantId) return;
    if (typingEvent.typing) {
      this.typing.set(typingEvent.participantId, { displayName: typingEvent.displayName || '', until: now + TYPING_SHOWN_MS });
    } else {
      this.typing.delete(typingEvent.participantId);
    }
    this.emit('change', 'typing');
  }

  /** Names of the others typing right now. */
  typingNames(now = Date.now()) {
    const names = [];
    for (const [id, entry] of this.typing) {
      if (entry.until < now) this.typing.delete(id);
      else names.push(entry.displayName);
    }
    return names;
  }

  applyReceipt(receipt) {
    const p = this.participants.get(receipt.participantId) || { participantId: receipt.participantId, deliveredSeq: 0, readSeq: 0 };
    const upTo = toInt(receipt.upToSeq);
    if (receipt.kind === 'READ') {
      p.readSeq = Math.max(p.readSeq, upTo);
      p.deliveredSeq = Math.max(p.deliveredSeq, upTo); // read implies delivered
    } else if (receipt.kind === 'DELIVERED') {
      p.deliveredSeq = Math.max(p.deliveredSeq, upTo);
    }
    this.participants.set(p.participantId, p);
    this.emit('change', 'receipt');
  }

  applyPresence(presence) {
    const p = this.participants.get(presence.participantId);
    if (!p) return;
    p.present = presence.present === true;
    this.emit('change', 'participants');
  }

  /** 'read' | 'delivered' | 'sent' for one of my messages, judged by the other (non-supervisor) participants. */
  receiptFor(seq) {
    let best = 'sent';
    for (const p of this.participants.values()) {
      if (p.participantId === this.myParticipantId || p.role === 'SUPERVISOR') continue;
      if (p.readSeq >= seq) return 'read';
      if (p.deliveredSeq >= seq) best = 'delivered';
    }
    return best;
  }

  /** Someone reads along ("meekijken") right now. */
  get supervised() {
    for (const p of this.participants.values()) if (p.role === 'SUPERVISOR' && p.present && !p.left) return true;
    return false;
  }

  /** The other side's professional, if one is in the chat (for the client view). */
  get professional() {
    for (const p of this.participants.values()) if (p.role === 'PROFESSIONAL' && !p.left) return p;
    return null;
  }

  get client() {
    for (const p of this.participants.values()) if (p.role === 'CLIENT') return p;
    return null;
  }

  /**
   * Everything to show, in time order: stored events by seq, and my messages not stored yet where I wrote them
   * (after the events I had then; a stored one, acknowledged but not received, at its seq). A message that
   * failed keeps its place instead of sinking below newer ones.
   */
  timeline() {
    const items = [...this.events.values()].filter((e) => !isFolded(e)).map((e) => ({ item: e, at: e.seq, order: 0 }));
    let order = 0;
    for (const p of this.pending.values()) {
      if (p.seq && this.events.has(p.seq)) continue;
      items.push({ item: { ...p, type: 'pending', mine: true }, at: p.seq || (p.afterSeq || 0) + 0.5, order: ++order });
    }
    return items.sort((a, b) => a.at - b.at || a.order - b.order).map((x) => x.item);
  }

  /** The newest seq written by someone else (what my DELIVERED/READ receipts cover). */
  lastSeqFromOthers() {
    let max = 0;
    for (const e of this.events.values()) if (!e.mine && e.seq > max) max = e.seq;
    return max;
  }

  // --- group rooms ---

  /** The room's state (ROOM_OPEN, ROOM_PAUSED, ROOM_CLOSED): the newest of a roomState event and what GetRoom said. */
  get roomState() {
    const fromEvent = this.roomStateEvent;
    const known = this.roomStateKnown;
    if (fromEvent && (!known || fromEvent.seq > known.asOfSeq)) return fromEvent.state;
    return known?.state || 'ROOM_OPEN';
  }

  /** GetRoom's answer: true as of the newest seq we had when it came. */
  setRoomState(state) {
    this.roomStateKnown = { asOfSeq: this.lastSeq, state: state || 'ROOM_OPEN' };
    this.emit('change', 'roomState');
  }

  /**
   * A message (text or roomMessage event) as it stands after everything later events did to it: the text of its
   * newest edit or restoration, whether it was deleted (and by a moderator) or is hidden, its reactions per emoji
   * (count, and whether one is mine) and whether it is pinned.
   */
  messageView(event) {
    const original = event.type === 'roomMessage' ? event.roomMessage : event.text;
    const notes = this.notes.get(event.seq);
    const view = {
      text: original?.text || '',
      replyToSeq: toInt(original?.replyToSeq),
      edited: false,
      deleted: false,
      byModerator: false,
      hidden: false,
      pinned: false,
      announcement: event.type === 'roomMessage' && !!original?.announcement,
      reactions: [],
    };
    if (!notes) return view;
    let textSeq = 0;
    for (const edit of notes.edits) {
      if (edit.seq > textSeq) Object.assign(view, { text: edit.text, edited: true }), (textSeq = edit.seq);
    }
    let hideSeq = 0;
    for (const hide of notes.hides) {
      if (hide.seq < hideSeq) continue;
      hideSeq = hide.seq;
      view.hidden = !hide.restored;
      if (hide.restored && hide.seq > textSeq) {
        view.text = hide.text || view.text;
        textSeq = hide.seq;
      }
    }
    if (notes.deleted) Object.assign(view, { deleted: true, byModerator: notes.deleted.byModerator, hidden: false, text: '' });
    if (view.hidden) view.text = '';
    view.pinned = !!notes.pin && !notes.pin.unpinned && !view.deleted;
    for (const emoji of REACTIONS) {
      const people = notes.reactions.get(emoji);
      if (!people) continue;
      let count = 0;
      let mine = false;
      for (const [senderId, r] of people) {
        if (r.removed) continue;
        count += 1;
        if (senderId === this.myParticipantId) mine = true;
      }
      if (count) view.reactions.push({ emoji, count, mine });
    }
    return view;
  }

  /**
   * Group rooms: the seq of the first message by someone else that was unread when I came in (where the "new
   * messages" line goes), or 0 when there was none.
   */
  firstUnreadSeq() {
    if (this.firstReadSeq < 0) return 0;
    const after = Math.max(this.firstReadSeq, this.memberSinceSeq);
    let first = 0;
    for (const event of this.events.values()) {
      if (isMessage(event) && !event.mine && event.seq > after && event.seq <= this.firstLastSeq && (!first || event.seq < first)) first = event.seq;
    }
    return first;
  }

  /** The oldest seq I have, and whether older events I may read exist on the server (for scrolling up). */
  get oldestSeq() {
    let min = 0;
    for (const seq of this.events.keys()) if (!min || seq < min) min = seq;
    return min;
  }

  get hasOlder() {
    return this.subscribed && this.firstSeq > 0 && this.oldestSeq > this.firstSeq;
  }

  /** Whether a message mentions me (group rooms: its mentioned_participant_ids). */
  mentionsMe(event) {
    return !!this.myParticipantId && (event.roomMessage?.mentionedParticipantIds || []).includes(this.myParticipantId);
  }

  /** Pinned messages, oldest first. */
  pinnedMessages() {
    const pinned = [];
    for (const [seq, notes] of this.notes) {
      const event = this.events.get(seq);
      if (notes.pin && event && this.messageView(event).pinned) pinned.push(event);
    }
    return pinned.sort((a, b) => a.seq - b.seq);
  }

  #notesFor(seq) {
    let notes = this.notes.get(seq);
    if (!notes) {
      notes = { edits: [], deleted: null, hides: [], reactions: new Map(), pin: null };
      this.notes.set(seq, notes);
    }
    return notes;
  }

  /** Fold a room event onto the message it names. Events may come in any order (history pages come newest first). */
  #fold(event) {
    const body = event[event.type];
    const target = toInt(body.seq);
    if (!target) return;
    const notes = this.#notesFor(target);
    switch (event.type) {
      case 'edited':
        notes.edits.push({ seq: event.seq, text: body.text || '' });
        break;
      case 'deleted':
        notes.deleted = { seq: event.seq, byModerator: body.byModerator === true };
        break;
      case 'hidden':
        notes.hides.push({ seq: event.seq, restored: body.restored === true, text: body.text || '' });
        break;
      case 'reaction': {
        let people = notes.reactions.get(body.emoji);
        if (!people) notes.reactions.set(body.emoji, (people = new Map()));
        const known = people.get(event.senderId);
        if (!known || known.seq < event.seq) people.set(event.senderId, { seq: event.seq, removed: body.removed === true });
        break;
      }
      case 'pinned':
        if (!notes.pin || notes.pin.seq < event.seq) notes.pin = { seq: event.seq, unpinned: body.unpinned === true };
        break;
      default:
        break;
    }
  }

  #isMine(event) {
    return !!this.myParticipantId && event.senderId === this.myParticipantId;
  }

  #normalize(raw) {
    return {
      ...raw,
      seq: toInt(raw.seq),
      type: eventBodyType(raw),
      at: raw.sentAt ? new Date(raw.sentAt) : null,
      mine: this.#isMine(raw),
    };
  }

  /** asOf: the seq this membership is true at; joined/left events up to it are old news for this participant. */
  #upsertParticipant(p, asOf) {
    const existing = this.participants.get(p.participantId) || {};
    this.participants.set(p.participantId, {
      ...existing,
      ...p,
      present: p.present === true,
      deliveredSeq: Math.max(toInt(p.deliveredSeq), existing.deliveredSeq || 0),
      readSeq: Math.max(toInt(p.readSeq), existing.readSeq || 0),
      left: false,
      asOf,
    });
  }

  #applySideEffects(event) {
    switch (event.type) {
      case 'joined': {
        const joined = event.joined.participant;
        if (!joined) break;
        const known = this.participants.get(joined.participantId);
        // Someone can come back in another role (a colleague who read along takes the chat over). Only events
        // newer than what we know about them count: a replayed "joined" must not overrule the SubscribeResult.
        if (!known) this.#upsertParticipant({ ...joined, present: true }, event.seq);
        else if (event.seq > (known.asOf || 0)) {
          Object.assign(known, { role: joined.role || known.role, displayName: joined.displayName || known.displayName, left: false, present: true, asOf: event.seq });
        }
        break;
      }
      case 'left': {
        const p = this.participants.get(event.left.participantId);
        if (p && event.seq > (p.asOf || 0)) Object.assign(p, { present: false, left: true, asOf: event.seq });
        break;
      }
      case 'ended':
        this.state = 'ENDED';
        this.endReason = event.ended.reason || '';
        break;
      case 'consent':
        this.transcriptConsent = event.consent.consent === true;
        break;
      case 'roomState':
        if (!this.roomStateEvent || this.roomStateEvent.seq < event.seq) this.roomStateEvent = { seq: event.seq, state: event.roomState.state || 'ROOM_OPEN' };
        break;
      default:
        if (isFolded(event)) this.#fold(event);
        break;
    }
  }
}

/**
 * Routes what the connection receives to one ConversationModel per conversation, and sends on their behalf.
 */
export class ConversationHub {
  #connection;
  #models = new Map();
  #off = [];

  constructor(connection) {
    this.#connection = connection;
    const c = connection;
    this.#off.push(
      c.on('subscribed', (result) => this.#models.get(result.conversationId)?.applySubscribeResult(result)),
      c.on('conversationReset', (id) => this.#models.get(id)?.reset()),
      c.on('event', (event, meta) => this.#models.get(event.conversationId)?.addEvent(event, meta)),
      c.on('history', (id, events) => this.#models.get(id)?.addHistory(events)),
      c.on('messageAck', (ack) => this.#models.get(ack.conversationId)?.acknowledge(ack)),
      c.on('messageFailed', (entry, err) => this.#models.get(entry.conversationId)?.markFailed(entry.clientMsgId, err.code, err.message)),
      c.on('push', (type, payload) => {
        const model = this.#models.get(payload?.conversationId);
        if (!model) return;
        if (type === 'typing') model.applyTyping(payload);
        else if (type === 'receipt') model.applyReceipt(payload);
        else if (type === 'presence') model.applyPresence(payload);
        else if (type === 'heldMessageReviewed') model.applyHeldReview(payload);
      }),
    );
  }

  get connection() {
    return this.#connection;
  }

  /** The model for a conversation, subscribing on first use. */
  open(conversationId) {
    let model = this.#models.get(conversationId);
    if (!model) {
      model = new ConversationModel(conversationId);
      this.#models.set(conversationId, model);
      this.#connection.subscribe(conversationId).catch((err) => model.emit('change', 'subscribeFailed', err));
    }
    return model;
  }

  get(conversationId) {
    return this.#models.get(conversationId) || null;
  }

  close(conversationId) {
    const model = this.#models.get(conversationId);
    if (!model) return;
    this.#models.delete(conversationId);
    this.#connection.unsubscribe(conversationId);
    model.removeAll();
  }

  /** @param {{room?: boolean, replyToSeq?: number}} [options] see Connection.sendChatMessage */
  send(conversationId, text, options = {}) {
    const model = this.open(conversationId);
    const clientMsgId = this.#connection.sendChatMessage(conversationId, text, options);
    model.addPending(clientMsgId, text, options);
    return clientMsgId;
  }

  /**
   * A group room request that stores one event of mine (EditMessage, DeleteMessage, React, PinMessage,
   * HideMessage): sent with a fresh clientMsgId; the event itself comes through the subscription.
   * @param {string} type the request's field name, e.g. 'editMessage'
   * @param {object} fields its fields besides conversationId and clientMsgId
   */
  /** Load older events (scrolling up): up to `limit` before the oldest we have; resolves with how many came. */
  async loadOlder(conversationId, limit = 100) {
    const model = this.#models.get(conversationId);
    if (!model?.hasOlder) return 0;
    const { payload } = await this.#connection.request({ getHistory: { conversationId, beforeSeq: String(model.oldestSeq), limit } });
    const events = payload.events || [];
    model.addHistory(events);
    return events.length;
  }

  roomAction(conversationId, type, fields) {
    return this.#connection.request({ [type]: { conversationId, clientMsgId: newId(), ...fields } });
  }

  /** Send a message again that failed for good (e.g. after the user fixed nothing but wants to retry). */
  retry(conversationId, clientMsgId) {
    const model = this.#models.get(conversationId);
    const entry = model?.pending.get(clientMsgId);
    if (!entry) return;
    model.removePending(clientMsgId);
    this.send(conversationId, entry.text, { room: entry.room, replyToSeq: entry.replyToSeq, mentions: entry.mentions });
  }

  dispose() {
    for (const off of this.#off) off();
    for (const model of this.#models.values()) model.removeAll();
    this.#models.clear();
  }
}
