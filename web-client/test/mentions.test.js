// Mentions: "@Els" in a room message names Els's participant id; the connection sends them with the message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mentionedIn, MAX_MENTIONS } from '../src/main/web/js/mentions.js';

const people = [
  { participantId: 'anna', displayName: 'Anna' },
  { participantId: 'annadv', displayName: 'Anna de Vries' },
  { participantId: 'els', displayName: 'Els' },
  { participantId: 'gone', displayName: 'Henk', left: true },
];

test('@name mentions a participant, case-insensitive, only as a whole name', () => {
  assert.deepEqual(mentionedIn('Dank je @els!', people), ['els']);
  assert.deepEqual(mentionedIn('@Elsje is er niet', people), []);
  assert.deepEqual(mentionedIn('mail els@example.nl', people), []);
  assert.deepEqual(mentionedIn('geen naam', people), []);
});

test('the longer name wins, nobody twice, not yourself, not who left', () => {
  assert.deepEqual(mentionedIn('@Anna de Vries en @Anna', people), ['annadv', 'anna']);
  assert.deepEqual(mentionedIn('@Anna de Vries', people), ['annadv']);
  assert.deepEqual(mentionedIn('@Els @els', people), ['els']);
  assert.deepEqual(mentionedIn('@Els', people, 'els'), []);
  assert.deepEqual(mentionedIn('@Henk', people), []);
});

test('at most as many as the server takes', () => {
  const many = Array.from({ length: 30 }, (_, i) => ({ participantId: `p${i}`, displayName: `Lid${String(i).padStart(2, '0')}` }));
  assert.equal(mentionedIn(many.map((p) => `@${p.displayName}`).join(' '), many).length, MAX_MENTIONS);
});

test('a room message goes out with the participant ids it mentions (and without the field when none)', async () => {
  const { Connection } = await import('../src/main/web/js/connection.js');
  const { FakeClock, FakeSocketFactory } = await import('./fakes.js');
  const clock = new FakeClock();
  const sockets = new FakeSocketFactory();
  const connection = new Connection({ url: 'ws://test/ws', getToken: () => 't', WebSocketImpl: sockets.WebSocketImpl, setTimeout: clock.setTimeout, clearTimeout: clock.clearTimeout, now: () => clock.now, random: () => 0.5, requestTimeoutMs: 5000 });
  connection.start();
  const id = connection.sendChatMessage('r1', 'Dank je @Els', { room: true, mentions: ['els'] });
  connection.sendChatMessage('r1', 'Hoi', { room: true });
  const ws = sockets.current;
  ws.open();
  ws.receive({ requestId: ws.last('hello').requestId, helloOk: { principalId: 'p1', heartbeatSeconds: 30 } });
  const sent = ws.sent.filter((m) => m.sendRoomMessage).map((m) => m.sendRoomMessage);
  assert.deepEqual(sent[0], { conversationId: 'r1', clientMsgId: id, text: 'Dank je @Els', mentionedParticipantIds: ['els'] });
  assert.equal(sent[1].mentionedParticipantIds, undefined);
  connection.stop();
});
