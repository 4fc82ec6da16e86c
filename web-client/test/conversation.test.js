import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConversationModel } from '../src/main/web/js/conversation.js';

function model() {
  const m = new ConversationModel('c1');
  m.applySubscribeResult({
    conversationId: 'c1',
    yourParticipantId: 'me',
    yourRole: 'CLIENT',
    state: 'OPEN',
    participants: [
      { participantId: 'me', role: 'CLIENT', displayName: 'Kim', present: true },
      { participantId: 'pro', role: 'PROFESSIONAL', displayName: 'Sanne', present: true, deliveredSeq: '1' },
    ],
  });
  return m;
}

const text = (seq, senderId, body, clientMsgId = '') => ({ conversationId: 'c1', seq: String(seq), senderId, clientMsgId, text: { text: body } });

test('events are kept once, in seq order, whatever order they arrive in', () => {
  const m = model();
  m.addEvent(text(2, 'pro', 'b'));
  m.addHistory([text(1, 'pro', 'a'), text(2, 'pro', 'b')]);
  assert.equal(m.addEvent(text(2, 'pro', 'b')), null);
  assert.deepEqual(m.timeline().map((e) => e.seq), [1, 2]);
  assert.equal(m.lastSeq, 2);
});

test('my message is pending until the server stores it, then shows once with receipts from the other side', () => {
  const m = model();
  m.addPending('m1', 'hallo');
  assert.deepEqual(m.timeline().map((e) => [e.type, e.status]), [['pending', 'sending']]);
  m.acknowledge({ clientMsgId: 'm1', seq: '3' });
  assert.deepEqual(m.timeline().map((e) => [e.type, e.status, e.seq]), [['pending', 'sent', 3]]);
  assert.equal(m.receiptFor(3), 'sent');
  m.addEvent(text(3, 'me', 'hallo', 'm1'));
  assert.deepEqual(m.timeline().map((e) => [e.type, e.seq, e.mine]), [['text', 3, true]]);
  m.applyReceipt({ participantId: 'pro', kind: 'DELIVERED', upToSeq: '3' });
  assert.equal(m.receiptFor(3), 'delivered');
  m.applyReceipt({ participantId: 'pro', kind: 'READ', upToSeq: '3' });
  assert.equal(m.receiptFor(3), 'read');
});

test('a supervisor reading does not count as "read", but shows the reads-along notice while present', () => {
  const m = model();
  m.addEvent(text(1, 'me', 'x'));
  m.addEvent({ conversationId: 'c1', seq: '2', joined: { participant: { participantId: 'sup', role: 'SUPERVISOR', displayName: 'Ali' } } });
  assert.equal(m.supervised, true);
  m.applyReceipt({ participantId: 'sup', kind: 'READ', upToSeq: '2' });
  assert.equal(m.receiptFor(1), 'delivered', 'the professional had it delivered; the supervisor read does not make it "read"');
  m.addEvent({ conversationId: 'c1', seq: '3', left: { participantId: 'sup', role: 'SUPERVISOR' } });
  assert.equal(m.supervised, false);
});

test('typing shows others only and fades after a few seconds', () => {
  const m = model();
  m.applyTyping({ participantId: 'me', displayName: 'Kim', typing: true }, 0);
  m.applyTyping({ participantId: 'pro', displayName: 'Sanne', typing: true }, 0);
  assert.deepEqual(m.typingNames(1000), ['Sanne']);
  assert.deepEqual(m.typingNames(10000), []);
});

test('an ended event closes the conversation with its reason', () => {
  const m = model();
  m.addEvent({ conversationId: 'c1', seq: '1', ended: { reason: 'ENDED_BY_PROFESSIONAL' } });
  assert.equal(m.ended, true);
  assert.equal(m.endReason, 'ENDED_BY_PROFESSIONAL');
});

test('reset drops events but keeps my unacknowledged messages', () => {
  const m = model();
  m.addEvent(text(1, 'pro', 'a'));
  m.addPending('m9', 'nog onderweg');
  m.reset();
  assert.deepEqual(m.timeline().map((e) => e.type), ['pending']);
});

test('a colleague who read along and later takes the chat over is the professional, also after a replay', () => {
  const m = model();
  const joined = (seq, participantId, role, displayName) => ({ conversationId: 'c1', seq: String(seq), joined: { participant: { participantId, role, displayName } } });
  const left = (seq, participantId, role) => ({ conversationId: 'c1', seq: String(seq), left: { participantId, role } });
  m.addEvent(joined(2, 'anna', 'SUPERVISOR', 'Anna'));
  assert.equal(m.supervised, true);
  m.addEvent(left(3, 'anna', 'SUPERVISOR'));
  assert.equal(m.supervised, false);
  m.addEvent(joined(4, 'anna', 'PROFESSIONAL', 'Anna'));
  m.addEvent(left(5, 'pro', 'PROFESSIONAL'));
  assert.equal(m.professional?.displayName, 'Anna');
  assert.equal(m.supervised, false, 'a professional is not someone reading along');

  // After a reload: the SubscribeResult says how things are now; the replayed history must not undo it.
  const again = new ConversationModel('c1');
  again.applySubscribeResult({
    conversationId: 'c1', yourParticipantId: 'me', lastSeq: '5',
    participants: [
      { participantId: 'me', role: 'CLIENT', displayName: 'Kim', present: true },
      { participantId: 'anna', role: 'PROFESSIONAL', displayName: 'Anna', present: true },
    ],
  });
  again.addHistory([joined(2, 'anna', 'SUPERVISOR', 'Anna'), left(3, 'anna', 'SUPERVISOR'), joined(4, 'anna', 'PROFESSIONAL', 'Anna'), left(5, 'pro', 'PROFESSIONAL')]);
  assert.equal(again.professional?.displayName, 'Anna');
  assert.equal(again.supervised, false);
  again.addEvent(left(6, 'anna', 'PROFESSIONAL'));
  assert.equal(again.professional, null, 'a newer left counts');
});

test('a message that failed keeps its place in time; newer messages come in below it', () => {
  const m = model();
  m.addEvent(text(1, 'pro', 'hoi'));
  m.addPending('m1', 'een heel lang bericht');
  m.markFailed('m1', 'TOO_LARGE');
  m.addEvent(text(2, 'pro', 'ben je er nog?'));
  m.addPending('m2', 'ja');
  assert.deepEqual(m.timeline().map((e) => e.type === 'pending' ? `${e.clientMsgId}:${e.status}` : e.seq),
    [1, 'm1:failed', 2, 'm2:sending']);
  assert.equal(m.timeline()[1].reason, 'TOO_LARGE');
});
