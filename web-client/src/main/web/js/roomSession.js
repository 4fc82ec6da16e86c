// A group member's session: the credential from POST /api/rooms/join, kept on this device (localStorage: the
// server hands it out for that, so the member comes back without the link), and the one WebSocket that uses it.
// A device can hold the credentials of several groups; each is found by the invite code it was joined with and by
// its room id. No DOM.
import { joinRoom } from './api.js';
import { Keys, readDevice, writeDevice } from './storage.js';
import { SocketSession } from './sessionSocket.js';
import { setQuickExitContext } from './quickexit.js';

/** Every membership kept on this device: [{token, expiresAt, principalId, participantId, code, room}]. */
export function deviceMemberships(now = Date.now()) {
  const all = readDevice(Keys.ROOM_MEMBERSHIPS);
  if (!Array.isArray(all)) return [];
  return all.filter((m) => m?.token && m.room?.id && !(m.expiresAt && new Date(m.expiresAt).getTime() <= now));
}

function saveMemberships(list) {
  writeDevice(Keys.ROOM_MEMBERSHIPS, list);
}

export class RoomSession extends SocketSession {
  #membership;

  /** @param {object|null} membership one of deviceMemberships(), or null before joining */
  constructor(membership = null, connectionOptions = {}) {
    super('member', connectionOptions);
    this.#membership = membership;
    this.socketChanged();
  }

  /** The membership on this device that was joined with this invite code, if any. */
  static forCode(code) {
    return deviceMemberships().find((m) => m.code === code) || null;
  }

  get token() {
    return this.#membership?.token || null;
  }

  get membership() {
    return this.#membership;
  }

  async join(code, nickname, options = {}) {
    const result = await joinRoom(code, nickname, options);
    this.#membership = {
      token: result.token,
      expiresAt: result.expiresAt,
      principalId: result.principalId,
      participantId: result.participantId,
      code,
      room: result.room,
    };
    // One credential per room: joining again (after leaving, on another invite) replaces the old one.
    saveMemberships([...deviceMemberships().filter((m) => m.room.id !== result.room.id), this.#membership]);
    this.socketChanged();
    return this.#membership;
  }

  /**
   * Keep a credential that became a membership another way than an invite (a knock that a moderator approved):
   * stored on this device like a joined one, found by `membership.code`.
   */
  adopt(membership) {
    this.#membership = membership;
    saveMemberships([...deviceMemberships().filter((m) => m.room.id !== membership.room.id), membership]);
    this.socketChanged();
    return membership;
  }

  /** Forget this device's credential for the room (left, removed, room deleted, no longer valid). */
  forget() {
    const roomId = this.#membership?.room?.id;
    if (roomId) saveMemberships(deviceMemberships().filter((m) => m.room.id !== roomId));
    this.#membership = null;
    this.socketChanged();
  }

  /**
   * Quick exit revokes the member's token over HTTP (every tab of this credential closes) instead of sending
   * QuickExit, which is the office-hour client's request; quick exit also clears localStorage.
   */
  socketChanged() {
    setQuickExitContext({ token: this.token });
  }
}
