// The people around a group room in the client: the knock link's route and address, the credential of an approved
// knock kept on the device (found by /g/<code> like an invite's), the private-talk and meeting events, the
// Meldcode's five steps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchRoute, hasQuickExit } from '../src/main/web/js/app.js';
import { knockLink, MELDCODE_STEPS } from '../src/main/web/js/views/pro/roomPeople.js';
import { knockMembershipCode } from '../src/main/web/js/views/room/knockView.js';
import { RoomSession, deviceMemberships } from '../src/main/web/js/roomSession.js';
import { ConversationModel } from '../src/main/web/js/conversation.js';
import { systemText } from '../src/main/web/js/views/chat.js';
import { installFakeStorage } from './fakes.js';

test('the knock link is /g/k/<code>, a client page with quick exit', () => {
  assert.deepEqual(matchRoute('/g/k/Jx2cV0n9S2Oq0YB9nLrQ8A'), { name: 'roomKnock', params: { code: 'Jx2cV0n9S2Oq0YB9nLrQ8A' } });
  assert.equal(hasQuickExit('roomKnock'), true);
  assert.equal(knockLink('abc', 'https://spreekuur.example'), 'https://spreekuur.example/g/k/abc');
  assert.equal(matchRoute('/g/x/abc').name, 'notFound');
  // an approved knock's membership is found by /g/<encoded "k/<code>"> (the list of my groups links there)
  const code = knockMembershipCode('abc');
  assert.deepEqual(matchRoute(`/g/${encodeURIComponent(code)}`), { name: 'roomInvite', params: { code: 'k/abc' } });
});

test('an approved knock is kept on the device like a joined membership and replaces an older one of the room', () => {
  const storage = installFakeStorage();
  const session = new RoomSession({ token: 'waiting', room: { id: 'room1' } });
  session.adopt({ token: 't1', expiresAt: new Date(Date.now() + 60_000).toISOString(), principalId: 'p1', participantId: 'pa', code: knockMembershipCode('abc'), room: { id: 'room1', name: 'Ouders', conversationId: 'c1' } });
  assert.equal(RoomSession.forCode('k/abc').token, 't1');
  session.adopt({ token: 't2', principalId: 'p2', participantId: 'pb', code: knockMembershipCode('def'), room: { id: 'room1', name: 'Ouders', conversationId: 'c1' } });
  assert.deepEqual(deviceMemberships().map((m) => m.token), ['t2']);
  session.dispose();
  storage.restore();
});

test('a private talk says it is private; a meetings change is no line in the chat', () => {
  const m = new ConversationModel('c');
  m.applySubscribeResult({ conversationId: 'c', yourParticipantId: 'els', yourRole: 'MEMBER', participants: [] });
  m.addEvent({ conversationId: 'c', seq: '3', privateTalkOpened: { roomId: 'r1' } });
  m.addEvent({ conversationId: 'c', seq: '4', meetingsChanged: { meetingId: 'm1' } });
  const types = m.timeline().map((e) => e.type);
  assert.deepEqual(types.filter((x) => x === 'privateTalkOpened' || x === 'meetingsChanged'), ['privateTalkOpened', 'meetingsChanged']);
  assert.equal(systemText({ type: 'privateTalkOpened', privateTalkOpened: {} }, 'client'), 'people.talk.event.opened.client');
  assert.equal(systemText({ type: 'meetingsChanged', meetingsChanged: {} }, 'client'), '');
});

test('the Meldcode has five steps in order', () => {
  assert.deepEqual(MELDCODE_STEPS, ['MELDCODE_SIGNALS', 'MELDCODE_CONSULT', 'MELDCODE_CONVERSATION', 'MELDCODE_WEIGH', 'MELDCODE_DECIDE']);
});

test('hiding a member\'s messages is kept on this device per room, never for moderators or my own', async () => {
  const { hiddenSenders, setSenderHidden, isHiddenMessage } = await import('../src/main/web/js/hiddenSenders.js');
  const storage = installFakeStorage();
  setSenderHidden('room-a', 'henk', true);
  setSenderHidden('room-a', 'ria', true);
  setSenderHidden('room-b', 'henk', true);
  setSenderHidden('room-a', 'ria', false);
  assert.deepEqual([...hiddenSenders('room-a')], ['henk']);
  assert.equal(isHiddenMessage('room-a', { senderId: 'henk', senderRole: 'MEMBER' }), true);
  assert.equal(isHiddenMessage('room-c', { senderId: 'henk', senderRole: 'MEMBER' }), false, 'per room');
  assert.equal(isHiddenMessage('room-a', { senderId: 'henk', senderRole: 'MODERATOR' }), false);
  assert.equal(isHiddenMessage('room-a', { senderId: 'henk', senderRole: 'MEMBER', mine: true }), false);
  assert.ok(storage.items.get('spreekuur.hiddenSenders').includes('room-b'), 'in localStorage, which quick exit clears');
  storage.restore();
});
