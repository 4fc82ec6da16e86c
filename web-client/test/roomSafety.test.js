// Room safety in the client: moderation hours in a few words, the simple hours form's slots, a message that waits
// for review (held, rejected, approved), announcements, and the join that accepts the house rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConversationModel } from '../src/main/web/js/conversation.js';
import { hoursText, dial } from '../src/main/web/js/views/room/memberSafety.js';
import { slotsFrom } from '../src/main/web/js/views/pro/roomSafetyPage.js';
import { installFakeFetch, installFakeStorage } from './fakes.js';
import { RoomSession } from '../src/main/web/js/roomSession.js';

test('moderation hours join days with the same hours into runs', () => {
  const weekdays = slotsFrom(['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'], '09:00', '17:00');
  assert.equal(weekdays.length, 5);
  const text = hoursText([...weekdays, { day: 'SATURDAY', start: '10:00', end: '12:00' }]);
  assert.match(text, /^weekday\.short\.MONDAY–weekday\.short\.FRIDAY 09:00–17:00, weekday\.short\.SATURDAY 10:00–12:00$|^ma–vr 09:00–17:00, za 10:00–12:00$|^Mon–Fri 09:00–17:00, Sat 10:00–12:00$/);
  assert.equal(hoursText([]), '');
  assert.deepEqual(slotsFrom([], '09:00', '17:00'), []);
  assert.deepEqual(slotsFrom(['FRIDAY', 'MONDAY'], '09:00', ''), []);
  assert.deepEqual(slotsFrom(['FRIDAY', 'MONDAY'], '09:00', '12:00').map((s) => s.day), ['MONDAY', 'FRIDAY']);
});

test('phone numbers are dialled without spaces and dashes', () => {
  assert.equal(dial('0800-0113'), '08000113');
  assert.equal(dial('+31 50 123 45 67'), '+31501234567');
});

function model() {
  const m = new ConversationModel('r');
  m.applySubscribeResult({ conversationId: 'r', yourParticipantId: 'els', yourRole: 'MEMBER', roomId: 'room1', participants: [] });
  return m;
}

test('a held message stays mine and waiting; a rejection marks it, an approval arrives as its event', () => {
  const m = model();
  m.addPending('c1', 'Kan iemand helpen?', { room: true });
  m.acknowledge({ id: 'h1', conversationId: 'r', clientMsgId: 'c1', text: 'Kan iemand helpen?', heldAt: '2026-03-02T19:00:00Z' });
  assert.equal(m.pending.get('c1').status, 'held');
  m.addPending('c2', 'Nog iets', { room: true });
  m.acknowledge({ id: 'h2', conversationId: 'r', clientMsgId: 'c2', heldAt: '2026-03-02T19:01:00Z' });
  m.applyHeldReview({ heldId: 'h2', clientMsgId: 'c2', approved: false });
  assert.equal(m.pending.get('c2').status, 'rejected');
  m.applyHeldReview({ heldId: 'h1', clientMsgId: 'c1', approved: true, seq: '5' });
  assert.equal(m.pending.get('c1').status, 'held', 'waits for its event');
  m.addEvent({ conversationId: 'r', seq: '5', senderId: 'els', clientMsgId: 'c1', roomMessage: { text: 'Kan iemand helpen?' } }, { live: true });
  assert.equal(m.pending.has('c1'), false);
  m.addHeld({ id: 'h3', clientMsgId: 'c3', text: 'Na herladen', replyToSeq: '0' });
  assert.equal(m.pending.get('c3').status, 'held');
});

test('an announcement is marked in the message view', () => {
  const m = model();
  const event = { conversationId: 'r', seq: '3', senderId: 'anna', type: 'roomMessage', roomMessage: { text: 'Donderdag geen groep', announcement: true } };
  m.addEvent(event, { live: true });
  const stored = m.events.get(3);
  assert.equal(m.messageView(stored).announcement, true);
});

test('joining with the house rules accepted says so to the server', async () => {
  const storage = installFakeStorage();
  const fetch = installFakeFetch({
    'POST /api/rooms/join': { token: 't', expiresAt: '2027-01-01T00:00:00Z', principalId: 'p', participantId: 'x', room: { id: 'room1', name: 'G', conversationId: 'r' } },
  });
  try {
    const session = new RoomSession(null);
    await session.join('code1', 'Els', { acceptHouseRules: true });
    assert.deepEqual(fetch.calls[0].body, { code: 'code1', nickname: 'Els', acceptHouseRules: true });
  } finally {
    fetch.restore();
    storage.restore?.();
  }
});
