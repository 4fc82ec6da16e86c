// A moderator's private talks with group members, for the professional workspace: the groups I moderate, the
// members' requests waiting there (every moderator of the group sees them until one picks one up), and the talks
// that are mine (I picked them up or started them). Filled from ListRooms + ListPrivateTalks and kept up to date by
// the PrivateTalk pushes; no DOM here.
import { Emitter } from './emitter.js';

export class TalkModel extends Emitter {
  rooms = new Map(); // roomId -> room name, the groups I moderate
  requests = new Map(); // talkId -> PrivateTalk (TALK_REQUESTED)
  mine = new Map(); // talkId -> PrivateTalk (TALK_OPEN, mine)
  #myId;
  #myName;
  #myConversations = new Set(); // conversation ids known to be mine (HelloOk.active, my own claims and openings)

  /**
   * @param {{myId?: () => string, myName?: () => string}} [o] my principal id (a pushed talk carries its moderator's)
   *   and my display name (for a talk without that id)
   */
  constructor({ myId = () => '', myName = () => '' } = {}) {
    super();
    this.#myId = myId;
    this.#myName = myName;
  }

  /** The groups from ListRooms; only those I moderate count. Requests of other groups are dropped. */
  setRooms(rooms, myId) {
    const moderated = (rooms || []).filter((room) => (room.moderatorIds || []).includes(myId));
    this.rooms = new Map(moderated.map((room) => [room.id, room.name || '']));
    for (const map of [this.requests, this.mine]) {
      for (const [id, talk] of map) if (!this.rooms.has(talk.roomId)) map.delete(id);
    }
    this.emit('change', 'rooms');
  }

  /** Conversation ids that are mine for sure (HelloOk.active ROOM_PRIVATE_TALK items). */
  knowMine(conversationIds) {
    for (const id of conversationIds || []) if (id) this.#myConversations.add(id);
  }

  /** One group's talks from ListPrivateTalks (replaces what was known of that group). */
  setRoomTalks(roomId, talks) {
    for (const map of [this.requests, this.mine]) {
      for (const [id, talk] of map) if (talk.roomId === roomId) map.delete(id);
    }
    for (const talk of talks || []) this.#place({ ...talk, roomId: talk.roomId || roomId });
    this.emit('change', 'talks');
  }

  /**
   * A talk I claimed or opened myself (the answer to ClaimPrivateTalk / OpenPrivateTalk): mine whatever the name.
   */
  addMine(talk) {
    if (talk.conversationId) this.#myConversations.add(talk.conversationId);
    return this.apply(talk);
  }

  /**
   * A PrivateTalk push (or answer). Returns what it meant for me: 'requested' (a new request in a group I moderate),
   * 'mine' (a talk of mine opened), 'taken' (a request went to someone else), 'ended' (a talk of mine ended),
   * or '' (nothing that concerns me).
   */
  apply(talk) {
    if (!talk?.id || !this.rooms.has(talk.roomId)) return '';
    const wasRequest = this.requests.has(talk.id);
    const wasMine = this.mine.has(talk.id);
    this.requests.delete(talk.id);
    this.mine.delete(talk.id);
    const placed = this.#place(talk);
    this.emit('change', 'talks', talk.id);
    if (placed === 'request') return wasRequest ? '' : 'requested';
    if (placed === 'mine') return wasMine ? '' : 'mine';
    if (wasMine) return 'ended';
    return wasRequest ? 'taken' : '';
  }

  #place(talk) {
    if (talk.state === 'TALK_REQUESTED') {
      this.requests.set(talk.id, talk);
      return 'request';
    }
    if (talk.state === 'TALK_OPEN' && talk.conversationId && this.#isMine(talk)) {
      this.mine.set(talk.id, talk);
      return 'mine';
    }
    return '';
  }

  #isMine(talk) {
    if (this.#myConversations.has(talk.conversationId)) return true;
    // moderatorId decides; the display name only for a talk without one (two moderators may share a name)
    if (talk.moderatorId) return talk.moderatorId === this.#myId();
    const name = this.#myName();
    return !!name && talk.moderatorName === name;
  }

  /** Requests, oldest first. */
  requestList() {
    return [...this.requests.values()].sort((a, b) => String(a.requestedAt || '').localeCompare(String(b.requestedAt || '')));
  }

  /** My open talks, oldest first. */
  mineList() {
    return [...this.mine.values()].sort((a, b) => String(a.openedAt || '').localeCompare(String(b.openedAt || '')));
  }

  roomName(roomId) {
    return this.rooms.get(roomId) || '';
  }

  /** My open talk in this conversation, or null. */
  talkOf(conversationId) {
    for (const talk of this.mine.values()) if (talk.conversationId === conversationId) return talk;
    return null;
  }
}
