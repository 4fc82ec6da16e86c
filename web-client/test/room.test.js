// Group rooms in the client: folding edits, deletions, hiding, reactions and pins onto the message they name, in
// whatever order the events arrive (history pages come newest first); the room's state; what a moderator's
// invite table says; the member credential kept on the device.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConversationModel, REACTIONS } from '../src/main/web/js/conversation.js';
import { inviteLink, inviteStatus } from '../src/main/web/js/views/pro/roomsView.js';
import { installFakeFetch, installFakeStorage } from './fakes.js';
import { RoomSession, deviceMemberships } from '../src/main/web/js/roomSession.js';

const room = (seq, senderId, extra) => ({ conversationId: 'r', seq: String(seq), senderId, ...extra });
const msg = (seq, senderId, text, replyToSeq = 0) => room(seq, senderId, { senderName: senderId, roomMessage: { text, ...(replyToSeq ? { replyToSeq: String(replyToSeq) } : {}) } });

function model() {
  const m = new ConversationModel('r');
  m.applySubscribeResult({
    conversationId: 'r',
    yourParticipantId: 'els',
    yourRole: 'MEMBER',
    roomId: 'room1',
    memberSinceSeq: '1',
    participants: [
      { participantId: 'anna', role: 'MODERATOR', displayName: 'Anna', present: true },
      { participantId: 'els', role: 'MEMBER', displayName: 'Els', present: true, readSeq: '2' },
    ],
  });
  return m;
}

test('edits, reactions and pins fold onto their message; only messages and system lines are in the timeline', () => {
  const m = model();
  m.addEvent(msg(3, 'els', 'Hoi allemaal'));
  m.addEvent(msg(4, 'anna', 'Welkom Els', 3));
  m.addEvent(room(5, 'els', { edited: { seq: '3', text: 'Hoi allemaal!' } }));
  m.addEvent(room(6, 'anna', { reaction: { seq: '3', emoji: '❤️' } }));
  m.addEvent(room(7, 'els', { reaction: { seq: '3', emoji: '❤️' } }));
  m.addEvent(room(8, 'els', { reaction: { seq: '3', emoji: '❤️', removed: true } }));
  m.addEvent(room(9, 'anna', { pinned: { seq: '3' } }));
  assert.deepEqual(m.timeline().map((e) => e.seq), [3, 4]);
  const view = m.messageView(m.events.get(3));
  assert.equal(view.text, 'Hoi allemaal!');
  assert.equal(view.edited, true);
  assert.deepEqual(view.reactions, [{ emoji: '❤️', count: 1, mine: false }]);
  assert.equal(view.pinned, true);
  assert.equal(m.messageView(m.events.get(4)).replyToSeq, 3);
  assert.deepEqual(m.pinnedMessages().map((e) => e.seq), [3]);
  assert.equal(m.firstReadSeq, 2, 'where "new messages" starts: my read marker when I came in');
});

test('history in any order converges: the newest edit wins, a restore brings the text back, a deletion is for good', () => {
  const forwards = model();
  const backwards = model();
  const events = [
    msg(3, 'els', 'eerste'),
    room(4, 'els', { edited: { seq: '3', text: 'tweede' } }),
    room(5, 'anna', { hidden: { seq: '3' } }),
    room(6, 'anna', { hidden: { seq: '3', restored: true, text: 'tweede' } }),
    room(7, 'els', { edited: { seq: '3', text: 'derde' } }),
    room(8, 'anna', { pinned: { seq: '3' } }),
    room(9, 'anna', { pinned: { seq: '3', unpinned: true } }),
  ];
  for (const e of events) forwards.addEvent(e);
  backwards.addHistory(events.slice(4));
  backwards.addHistory(events.slice(0, 4));
  for (const m of [forwards, backwards]) {
    const view = m.messageView(m.events.get(3));
    assert.equal(view.text, 'derde');
    assert.equal(view.hidden, false);
    assert.equal(view.pinned, false);
  }
  forwards.addEvent(room(10, 'anna', { hidden: { seq: '3' } }));
  assert.equal(forwards.messageView(forwards.events.get(3)).hidden, true);
  assert.equal(forwards.messageView(forwards.events.get(3)).text, '');
  forwards.addEvent(room(11, 'anna', { deleted: { seq: '3', byModerator: true } }));
  const gone = forwards.messageView(forwards.events.get(3));
  assert.deepEqual([gone.deleted, gone.byModerator, gone.hidden, gone.text], [true, true, false, '']);
});

test('my reaction is marked as mine, and every reaction of the set has a place', () => {
  const m = model();
  m.addEvent(msg(3, 'anna', 'Hallo'));
  m.addEvent(room(4, 'els', { reaction: { seq: '3', emoji: '🙏' } }));
  assert.deepEqual(m.messageView(m.events.get(3)).reactions, [{ emoji: '🙏', count: 1, mine: true }]);
  assert.equal(REACTIONS.length, 6);
});

test('the room state: a newer roomState event wins over what GetRoom said, an older one does not', () => {
  const m = model();
  assert.equal(m.roomState, 'ROOM_OPEN');
  m.addEvent(room(3, '', { roomState: { state: 'ROOM_PAUSED' } }));
  assert.equal(m.roomState, 'ROOM_PAUSED');
  m.setRoomState('ROOM_OPEN');
  assert.equal(m.roomState, 'ROOM_OPEN', 'GetRoom answered after the pause event');
  m.addEvent(room(4, '', { roomState: { state: 'ROOM_CLOSED' } }));
  assert.equal(m.roomState, 'ROOM_CLOSED');
});

test('an invite is usable, used up, expired or revoked; its link is this server\'s /g/<code>', () => {
  const now = Date.parse('2026-11-23T14:00:00Z');
  assert.equal(inviteStatus({ maxUses: 50, uses: 3 }, now), 'usable');
  assert.equal(inviteStatus({ singleUse: true, maxUses: 1, uses: 1 }, now), 'usedUp');
  assert.equal(inviteStatus({ uses: 400 }, now), 'usable', 'max_uses 0 is unlimited');
  assert.equal(inviteStatus({ expiresAt: '2026-11-23T13:00:00Z' }, now), 'expired');
  assert.equal(inviteStatus({ revokedAt: '2026-11-23T13:00:00Z', expiresAt: '2026-11-23T13:00:00Z' }, now), 'revoked');
  assert.equal(inviteLink('abc', 'https://chat.example.nl'), 'https://chat.example.nl/g/abc');
});

test('joining keeps the credential on the device, found again by its invite code; forgetting removes it', async () => {
  const storage = installFakeStorage('localStorage');
  const http = installFakeFetch({
    'POST /api/rooms/join': () => ({
      status: 200,
      body: { token: 'tok', expiresAt: '2999-01-01T00:00:00Z', principalId: 'p1', participantId: 'els', room: { id: 'room1', name: 'Mantelzorgers', conversationId: 'r' } },
    }),
  });
  try {
    const session = new RoomSession(null);
    await session.join('code-1', 'Els');
    assert.deepEqual(http.calls[0].body, { code: 'code-1', nickname: 'Els' });
    const again = RoomSession.forCode('code-1');
    assert.equal(again.token, 'tok');
    assert.equal(new RoomSession(again).token, 'tok');
    assert.equal(RoomSession.forCode('other'), null);
    session.forget();
    assert.deepEqual(deviceMemberships(), []);
  } finally {
    http.restore();
    storage.restore();
  }
});

test('an expired credential is not offered; a refused nickname keeps the server\'s rule', async () => {
  const storage = installFakeStorage('localStorage');
  const http = installFakeFetch({
    'POST /api/rooms/join': () => ({ status: 400, body: { error: 'INVALID_ARGUMENT', message: 'nickname is reserved' } }),
  });
  try {
    storage.items.set('spreekuur.rooms', JSON.stringify([{ token: 'old', expiresAt: '2000-01-01T00:00:00Z', code: 'c', room: { id: 'x' } }]));
    assert.equal(RoomSession.forCode('c'), null);
    await assert.rejects(new RoomSession(null).join('c', 'Moderator Jan'), (err) => err.code === 'INVALID_ARGUMENT' && err.serverMessage === 'nickname is reserved');
  } finally {
    http.restore();
    storage.restore();
  }
});

test('older history exists while the oldest event I have is after the first I may read; mentions of me are known', () => {
  const m = model();
  m.applySubscribeResult({ conversationId: 'r', yourParticipantId: 'els', firstSeq: '1', lastSeq: '300', participants: [] });
  m.addEvent(msg(250, 'anna', 'Hallo @Els', 0));
  assert.equal(m.hasOlder, true);
  m.addHistory([msg(1, 'anna', 'Welkom')]);
  assert.equal(m.hasOlder, false);
  m.addEvent(room(251, 'anna', { senderName: 'Anna', roomMessage: { text: 'Els?', mentionedParticipantIds: ['els'] } }));
  assert.equal(m.mentionsMe(m.events.get(251)), true);
  assert.equal(m.mentionsMe(m.events.get(250)), false);
});
