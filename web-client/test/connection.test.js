import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CloseCode, Connection, ConnectionState, SUBPROTOCOL } from '../src/main/web/js/connection.js';
import { FakeClock, FakeSocketFactory, flush } from './fakes.js';

function setup({ token = 'tok-1', random = () => 0.5 } = {}) {
  const clock = new FakeClock();
  const sockets = new FakeSocketFactory();
  const connection = new Connection({
    url: 'ws://test/ws',
    getToken: () => token,
    WebSocketImpl: sockets.WebSocketImpl,
    setTimeout: clock.setTimeout,
    clearTimeout: clock.clearTimeout,
    now: () => clock.now,
    random,
    requestTimeoutMs: 5000,
  });
  const seen = { events: [], pushes: [], states: [], acks: [], ended: [] };
  connection.on('event', (e, meta) => seen.events.push({ seq: Number(e.seq), live: meta.live }));
  connection.on('push', (type, payload) => seen.pushes.push({ type, payload }));
  connection.on('state', (s) => seen.states.push(s));
  connection.on('messageAck', (ack) => seen.acks.push(ack));
  connection.on('ended', (reason) => seen.ended.push(reason));
  return { clock, sockets, connection, seen };
}

/** Open the current socket and answer its Hello. */
function handshake(sockets, helloOk = { principalId: 'p1', heartbeatSeconds: 30 }) {
  const ws = sockets.current;
  ws.open();
  const hello = ws.last('hello');
  ws.receive({ requestId: hello.requestId, helloOk });
  return ws;
}

test('sends Hello with the token on the JSON subprotocol, then queued requests, and resolves their answers', async () => {
  const { sockets, connection } = setup();
  connection.start();
  const answer = connection.request({ listOfficeHours: {} });
  const ws = sockets.current;
  assert.equal(ws.protocol, SUBPROTOCOL);
  ws.open();
  assert.equal(ws.sent.length, 1, 'nothing but Hello before HelloOk');
  assert.deepEqual(ws.sent[0].hello, { token: 'tok-1', client: 'spreekuur-web/1' });
  ws.receive({ requestId: ws.sent[0].requestId, helloOk: { principalId: 'p1' } });
  assert.equal(connection.state, ConnectionState.OPEN);
  const request = ws.last('listOfficeHours');
  assert.ok(request.requestId);
  ws.receive({ requestId: request.requestId, officeHourList: { officeHours: [{ id: 'oh-1' }] } });
  const { type, payload } = await answer;
  assert.equal(type, 'officeHourList');
  assert.equal(payload.officeHours[0].id, 'oh-1');
});

test('an error answer rejects with its code; no answer rejects with TIMEOUT', async () => {
  const { sockets, connection, clock } = setup();
  connection.start();
  const ws = handshake(sockets);
  const refused = connection.request({ setDuty: { officeHourId: 'x', onDuty: true } });
  const req = ws.last('setDuty');
  ws.receive({ requestId: req.requestId, error: { code: 'FORBIDDEN', message: 'no', requestId: req.requestId } });
  await assert.rejects(refused, (err) => err.code === 'FORBIDDEN');
  const silent = connection.request({ listOfficeHours: {} });
  clock.advance(5001);
  await assert.rejects(silent, (err) => err.code === 'TIMEOUT');
});

test('pushes without requestId reach listeners; answers to fire-and-forget requests do not', () => {
  const { sockets, connection, seen } = setup();
  connection.start();
  const ws = handshake(sockets);
  connection.notify({ typing: { conversationId: 'c1', typing: true } });
  ws.receive({ requestId: ws.last('typing').requestId, ack: {} });
  ws.receive({ queueStatus: { position: 2 } });
  assert.deepEqual(seen.pushes, [{ type: 'queueStatus', payload: { position: 2 } }]);
});

test('after a drop it reconnects with backoff, says Hello again and resumes every subscription from its last seq and epoch', async () => {
  const { sockets, connection, clock, seen } = setup();
  connection.start();
  let ws = handshake(sockets);
  const subscribed = connection.subscribe('c1');
  const sub = ws.last('subscribe');
  assert.deepEqual(sub.subscribe, { conversationId: 'c1', sinceSeq: '0', epoch: '' });
  ws.receive({ requestId: sub.requestId, subscribeResult: { conversationId: 'c1', epoch: 'E1', recovered: true, lastSeq: '2' } });
  await subscribed;
  for (const seq of ['1', '2', '3']) ws.receive({ event: { conversationId: 'c1', seq, text: { text: 'x' } } });

  ws.drop(1006);
  assert.equal(connection.state, ConnectionState.RECONNECTING);
  assert.equal(connection.retryAt, clock.now + 250, 'attempt 0 with random 0.5: half of 500 ms');
  assert.equal(sockets.sockets.length, 1);
  clock.advance(250);
  assert.equal(sockets.sockets.length, 2);
  ws = handshake(sockets);
  await flush();
  const resubscribe = ws.last('subscribe');
  assert.deepEqual(resubscribe.subscribe, { conversationId: 'c1', sinceSeq: '3', epoch: 'E1' });
  ws.receive({ requestId: resubscribe.requestId, subscribeResult: { conversationId: 'c1', epoch: 'E1', recovered: true, lastSeq: '4' } });
  // The replay overlaps what we had: seq 3 is dropped, 4 comes through once.
  ws.receive({ event: { conversationId: 'c1', seq: '3' } });
  ws.receive({ event: { conversationId: 'c1', seq: '4' } });
  ws.receive({ event: { conversationId: 'c1', seq: '4' } });
  assert.deepEqual(seen.events, [
    { seq: 1, live: false },
    { seq: 2, live: false },
    { seq: 3, live: true },
    { seq: 4, live: true },
  ]);
  const transitions = seen.states.filter((s, i) => s !== seen.states[i - 1]);
  assert.deepEqual(transitions, ['connecting', 'open', 'reconnecting', 'open']);
});

test('backoff grows between failed attempts and resets after a successful Hello', () => {
  const { sockets, connection, clock } = setup({ random: () => 0.999 });
  connection.start();
  sockets.current.drop(1006);
  const delays = [];
  for (let i = 0; i < 4; i++) {
    delays.push(connection.retryAt - clock.now);
    clock.advance(connection.retryAt - clock.now);
    sockets.current.drop(1006);
  }
  assert.deepEqual(delays, [499, 999, 1998, 3996]);
  clock.advance(connection.retryAt - clock.now);
  handshake(sockets);
  sockets.current.drop(1001);
  assert.equal(connection.retryAt - clock.now, 499);
});

test('a draining node (1012 service restart) is left for a new socket within the first backoff step, which resumes', async () => {
  const { sockets, connection, clock } = setup({ random: () => 0.999 });
  connection.start();
  let ws = handshake(sockets);
  const subscribed = connection.subscribe('c1');
  const sub = ws.last('subscribe');
  ws.receive({ requestId: sub.requestId, subscribeResult: { conversationId: 'c1', epoch: 'E1', recovered: true, lastSeq: '5' } });
  await subscribed;
  ws.receive({ event: { conversationId: 'c1', seq: '5', text: { text: 'x' } } });
  ws.receive({ sessionEnding: { closeCode: CloseCode.SERVICE_RESTART, reason: 'service restart' } });
  ws.drop(CloseCode.SERVICE_RESTART);
  assert.equal(connection.state, ConnectionState.RECONNECTING);
  assert.equal(connection.retryAt - clock.now, 499);
  clock.advance(499);
  ws = handshake(sockets);
  await flush();
  assert.deepEqual(ws.last('subscribe').subscribe, { conversationId: 'c1', sinceSeq: '5', epoch: 'E1' });
});

test('chat messages are queued while offline and retried with the same clientMsgId until acknowledged', async () => {
  const { sockets, connection, clock, seen } = setup();
  connection.start();
  const clientMsgId = connection.sendChatMessage('c1', 'hallo');
  assert.deepEqual(connection.pendingMessages('c1'), [{ clientMsgId, text: 'hallo' }]);
  let ws = handshake(sockets);
  const first = ws.last('sendMessage');
  assert.deepEqual(first.sendMessage, { conversationId: 'c1', clientMsgId, text: 'hallo' });

  ws.drop(1006); // lost before the ack
  await flush();
  clock.advance(connection.retryAt - clock.now);
  ws = handshake(sockets);
  await flush();
  const retry = ws.last('sendMessage');
  assert.equal(retry.sendMessage.clientMsgId, clientMsgId, 'same id, so the server can drop the duplicate');
  ws.receive({ requestId: retry.requestId, messageAck: { conversationId: 'c1', clientMsgId, seq: '7', duplicate: true } });
  await flush();
  assert.equal(seen.acks.length, 1);
  assert.deepEqual(connection.pendingMessages('c1'), []);
});

test('a message the server refuses for good is reported, not retried', async () => {
  const { sockets, connection } = setup();
  connection.start();
  const ws = handshake(sockets);
  const failed = [];
  connection.on('messageFailed', (entry, err) => failed.push([entry.text, err.code]));
  connection.sendChatMessage('c1', 'te laat');
  const req = ws.last('sendMessage');
  ws.receive({ requestId: req.requestId, error: { code: 'CONFLICT', requestId: req.requestId } });
  await flush();
  assert.deepEqual(failed, [['te laat', 'CONFLICT']]);
  assert.equal(ws.all('sendMessage').length, 1);
});

test('close code 1008 ends the session instead of reconnecting', () => {
  const { sockets, connection, clock, seen } = setup();
  connection.start();
  handshake(sockets);
  sockets.current.drop(1008, 'revoked');
  assert.equal(connection.state, ConnectionState.ENDED);
  assert.deepEqual(seen.ended, ['unauthenticated']);
  clock.advance(60000);
  assert.equal(sockets.sockets.length, 1);
});

test('a gap in seqs is filled from history; a non-recovered resume resets and reloads', async () => {
  const { sockets, connection } = setup();
  const resets = [];
  const history = [];
  connection.on('conversationReset', (id) => resets.push(id));
  connection.on('history', (id, events) => history.push(events.map((e) => e.seq)));
  connection.start();
  let ws = handshake(sockets);
  connection.subscribe('c1');
  let sub = ws.last('subscribe');
  ws.receive({ requestId: sub.requestId, subscribeResult: { conversationId: 'c1', epoch: 'E1', recovered: true, lastSeq: '0' } });
  await flush();
  ws.receive({ event: { conversationId: 'c1', seq: '1' } });
  ws.receive({ event: { conversationId: 'c1', seq: '4' } });
  const gap = ws.last('getHistory');
  assert.deepEqual(gap.getHistory, { conversationId: 'c1', beforeSeq: '4', limit: 2 });
  ws.receive({ requestId: gap.requestId, history: { conversationId: 'c1', events: [{ seq: '2' }, { seq: '3' }] } });
  await flush();
  assert.deepEqual(history, [['2', '3']]);

  // The server cannot resume (epoch changed); "recovered" is false, so JSON leaves it out.
  ws.drop(1006);
  await flush();
  connection.retryNow();
  ws = handshake(sockets);
  await flush();
  sub = ws.last('subscribe');
  ws.receive({ requestId: sub.requestId, subscribeResult: { conversationId: 'c1', epoch: 'E2', firstSeq: '1', lastSeq: '9' } });
  await flush();
  assert.deepEqual(resets, ['c1']);
  assert.equal(ws.last('getHistory').getHistory.beforeSeq, '10');
});

test('quick exit hands the frame to the socket and stops for good', () => {
  const { sockets, connection, clock, seen } = setup();
  connection.start();
  const ws = handshake(sockets);
  assert.equal(connection.quickExit(), true);
  assert.deepEqual(ws.last('quickExit').quickExit, {});
  assert.equal(connection.state, ConnectionState.ENDED);
  assert.deepEqual(seen.ended, ['quick-exit']);
  clock.advance(60000);
  assert.equal(sockets.sockets.length, 1);
});

test('an unanswered heartbeat ping drops the dead socket and reconnects', async () => {
  const { sockets, connection, clock } = setup();
  connection.start();
  const ws = handshake(sockets, { heartbeatSeconds: 10 });
  clock.advance(10000);
  assert.ok(ws.last('ping'), 'pinged after the heartbeat interval');
  clock.advance(10000);
  await flush();
  assert.equal(ws.closed, true);
  assert.equal(connection.state, ConnectionState.RECONNECTING);
});

test('a request larger than maxFrameBytes fails locally instead of getting the socket closed', async () => {
  const { sockets, connection } = setup();
  connection.start();
  handshake(sockets, { maxFrameBytes: 200 });
  await assert.rejects(connection.request({ leaveOfflineMessage: { text: 'x'.repeat(500) } }), (err) => err.code === 'TOO_LARGE');
  assert.equal(sockets.current.all('leaveOfflineMessage').length, 0);
});

test('the browser going offline drops the socket at once; a message written meanwhile goes out when it is back', async () => {
  const { sockets, connection, seen } = setup();
  connection.start();
  const ws = handshake(sockets);
  connection.networkLost();
  assert.equal(ws.closed, true, 'no waiting for a ping to time out');
  assert.equal(connection.state, ConnectionState.RECONNECTING);
  assert.ok(seen.states.includes(ConnectionState.RECONNECTING));

  const clientMsgId = connection.sendChatMessage('c1', 'ben je er nog?');
  assert.deepEqual(connection.pendingMessages('c1'), [{ clientMsgId, text: 'ben je er nog?' }]);
  connection.retryNow(); // 'online'
  const back = handshake(sockets);
  await flush();
  assert.equal(back.last('sendMessage').sendMessage.clientMsgId, clientMsgId);
});

test('while a conversation is followed a dead connection shows within 10 s, not after the server heartbeat', async () => {
  const { sockets, connection, clock } = setup();
  connection.start();
  connection.subscribe('c1').catch(() => {});
  const ws = handshake(sockets, { principalId: 'p1', heartbeatSeconds: 20 });
  clock.advance(5000);
  assert.ok(ws.last('ping'), 'pinged after 5 s');
  clock.advance(5000);
  await flush();
  assert.equal(ws.closed, true);
  assert.equal(connection.state, ConnectionState.RECONNECTING);
});

test('without a conversation the server heartbeat interval is kept', async () => {
  const { sockets, connection, clock } = setup();
  connection.start();
  const ws = handshake(sockets, { principalId: 'p1', heartbeatSeconds: 20 });
  clock.advance(10000);
  assert.equal(ws.last('ping'), undefined, 'no ping yet');
  clock.advance(10000);
  assert.ok(ws.last('ping'));
});
