import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OfficeHourModel, Phase, RESUME_WAIT_MS, STATUS_REFRESH_MS } from '../src/main/web/js/officeHourModel.js';
import { AnonymousSession } from '../src/main/web/js/anonymousSession.js';
import { CloseCode } from '../src/main/web/js/connection.js';
import { backoffDelay } from '../src/main/web/js/backoff.js';
import { FakeClock, FakeSocketFactory, flush, installFakeFetch, installFakeSessionStorage, installFakeStorage } from './fakes.js';

const STATUS_PATH = 'GET /api/public/organisations/demo/office-hours/inloop';
const OPEN = { officeHourId: 'oh-1', slug: 'inloop', name: 'Inloop', open: true, accepting: true, timeZone: 'Europe/Amsterdam' };
const FAR_FUTURE = '2999-01-01T00:00:00Z';

/**
 * The model on a real AnonymousSession and a real Connection; the server is a fake socket, the REST API a fake
 * fetch and time a fake clock. `storage` carries sessionStorage over a "reload" (a second setup in the same test).
 */
function setup(t, { status = OPEN, storage = null } = {}) {
  const clock = new FakeClock();
  const sockets = new FakeSocketFactory();
  const routes = {
    [STATUS_PATH]: () => ({ status: 200, body: status }),
    'POST /api/anonymous': { token: 'tok-1', expiresAt: FAR_FUTURE, principalId: 'client-1' },
  };
  const http = installFakeFetch(routes);
  const ownStorage = storage ? null : installFakeSessionStorage();
  t.after(() => {
    http.restore();
    ownStorage?.restore();
  });
  const timers = { setTimeout: clock.setTimeout, clearTimeout: clock.clearTimeout };
  const session = new AnonymousSession('demo', { url: 'ws://test/ws', WebSocketImpl: sockets.WebSocketImpl, now: () => clock.now, random: () => 0.5, ...timers });
  const model = new OfficeHourModel({ organisation: 'demo', slug: 'inloop', session, ...timers });
  const seen = [];
  for (const type of ['joined', 'movedUp', 'called', 'connection', 'sessionEnded', 'conversation', 'conversationClosed', 'status', 'queue']) {
    model.on(type, (arg) => seen.push(arg === undefined || type === 'connection' ? type : `${type}:${typeof arg === 'object' ? JSON.stringify(arg) : arg}`));
  }
  const phases = [];
  model.on('phase', ({ phase, detail }) => {
    phases.push(detail ? `${phase}:${detail}` : phase);
    seen.push(`phase:${phase}`);
  });
  return { clock, sockets, routes, http, storage: storage || ownStorage, session, model, phases, seen };
}

/** Open the current socket and answer its Hello. */
function helloOk(sockets, ok = {}) {
  const ws = sockets.current;
  ws.open();
  ws.receive({ requestId: ws.last('hello').requestId, helloOk: { principalId: 'client-1', heartbeatSeconds: 20, ...ok } });
  return ws;
}

/** Answer the last request of this type. */
function answer(ws, type, body) {
  ws.receive({ requestId: ws.last(type).requestId, ...body });
}

/** Start `action`, answer the `type` request it sends with `reply`; returns what it sent and the action's promise. */
async function exchange(ws, type, action, reply = { ack: {} }) {
  const done = action();
  await flush();
  const sent = ws.last(type)[type];
  answer(ws, type, reply);
  return { sent, done };
}

const waiting = (extra = {}) => ({ queueEntryId: 'q-1', officeHourId: 'oh-1', state: 'WAITING', conversationId: 'c-1', ...extra });

/** Join from the status page and get admitted at `position`; returns the socket. */
async function joinAndWait(env, position = 2) {
  const { sockets, model } = env;
  const joining = model.join({ nickname: 'Sam', firstQuestion: 'Mijn zoon wil niet naar school.', transcriptConsent: true });
  await flush();
  const ws = helloOk(sockets);
  await flush();
  answer(ws, 'joinQueue', { joinQueueResult: { admitted: true, status: waiting({ position, firstQuestion: 'Mijn zoon wil niet naar school.' }) } });
  await joining;
  return ws;
}

/** The conversation's SubscribeResult, so events reach the conversation model. */
function subscribed(ws, extra = {}) {
  answer(ws, 'subscribe', {
    subscribeResult: { conversationId: 'c-1', state: 'OPEN', epoch: 'e1', recovered: true, lastSeq: '1', yourParticipantId: 'me', yourRole: 'CLIENT', ...extra },
  });
}

test('without a token the status is loaded and shown; no socket is opened', async (t) => {
  const { model, phases, sockets, http } = setup(t);
  await model.start();
  assert.deepEqual(phases, ['loading', 'status']);
  assert.equal(model.status.officeHourId, 'oh-1');
  assert.deepEqual(http.calls.map((c) => c.key), [STATUS_PATH]);
  assert.equal(sockets.sockets.length, 0);
});

test('an unknown office hour is "not found"; a failed load can be tried again', async (t) => {
  const missing = setup(t);
  missing.routes[STATUS_PATH] = () => ({ status: 404, body: { error: 'NOT_FOUND' } });
  await missing.model.start();
  assert.deepEqual(missing.phases, ['loading', 'error:notFound']);

  const down = setup(t);
  delete down.routes[STATUS_PATH];
  await down.model.start();
  assert.deepEqual(down.phases, ['loading', 'error:loadFailed']);
  down.routes[STATUS_PATH] = () => ({ status: 200, body: OPEN });
  await down.model.retry();
  assert.deepEqual(down.phases.slice(2), ['loading', 'status']);
});

test('joining: token, socket, JoinQueue, then waiting; queue pushes move the place up and a professional starts the chat', async (t) => {
  const env = setup(t);
  const { model, http, seen } = env;
  await model.start();
  const ws = await joinAndWait(env, 3);

  assert.deepEqual(http.calls.map((c) => c.key), [STATUS_PATH, 'POST /api/anonymous']);
  assert.deepEqual(ws.last('hello').hello.token, 'tok-1');
  assert.deepEqual(ws.last('joinQueue').joinQueue, {
    officeHourId: 'oh-1', nickname: 'Sam', firstQuestion: 'Mijn zoon wil niet naar school.', transcriptConsent: true, useConsentDefault: false,
  });
  assert.deepEqual(seen.slice(0, 5), ['phase:loading', 'phase:status', 'connection', 'joined', 'conversation:c-1'], 'the chat is there before the waiting phase, so one can type already');
  assert.equal(model.phase, Phase.WAITING);
  assert.equal(model.queueEntryId, 'q-1');
  assert.equal(ws.last('subscribe').subscribe.conversationId, 'c-1');

  seen.length = 0;
  ws.receive({ queueStatus: waiting({ position: 3 }) });
  ws.receive({ queueStatus: waiting({ position: 1 }) });
  ws.receive({ queueStatus: { ...waiting({ position: 1 }), queueEntryId: 'someone-else' } });
  assert.deepEqual(seen.map((s) => s.replace(/^queue:.*/, 'queue')), ['queue', 'queue', 'movedUp:1'], 'same place: no announcement; another entry: ignored');
  assert.equal(model.queue.position, 1);

  seen.length = 0;
  ws.receive({ queueStatus: waiting({ state: 'IN_CHAT' }) });
  ws.receive({ queueStatus: waiting({ state: 'IN_CHAT' }) });
  assert.deepEqual(seen, ['phase:chat', 'called'], 'called once, also when the push repeats');
});

test('a refusal, or a CLOSED answer, shows why; an invalid nickname is thrown to the form and the status stays', async (t) => {
  const env = setup(t);
  const { model, sockets, phases } = env;
  await model.start();
  const joining = model.join({ nickname: 'Sam', firstQuestion: '', transcriptConsent: false });
  await flush();
  const ws = helloOk(sockets);
  await flush();
  answer(ws, 'joinQueue', { joinQueueResult: { refusal: 'QUEUE_FULL', officeHour: { ...OPEN, accepting: false } } });
  await joining;
  assert.equal(model.phase, Phase.REFUSED);
  assert.equal(model.refusal, 'QUEUE_FULL');
  assert.equal(model.status.accepting, false, 'the answer brings the current status along');

  const join = (nickname) => () => model.join({ nickname, firstQuestion: '', transcriptConsent: false });
  await (await exchange(ws, 'joinQueue', join('Sam'), { error: { code: 'CLOSED' } })).done;
  assert.equal(model.refusal, 'OUTSIDE_OPENING_HOURS');

  await model.startOver();
  const invalid = await exchange(ws, 'joinQueue', join('<b>'), { error: { code: 'INVALID_ARGUMENT' } });
  await assert.rejects(invalid.done, (err) => err.code === 'INVALID_ARGUMENT');
  assert.equal(model.phase, Phase.STATUS);
  assert.deepEqual(phases, ['loading', 'status', 'refused', 'refused', 'status']);
});

test('a queue entry that is over leaves the person where its state says', async (t) => {
  const expected = { LEFT: Phase.LEFT, EXPIRED: Phase.EXPIRED, NOT_SERVED: Phase.NOT_SERVED, FINISHED: Phase.ENDED };
  for (const [state, phase] of Object.entries(expected)) {
    const env = setup(t);
    await env.model.start();
    const ws = await joinAndWait(env);
    ws.receive({ queueStatus: waiting({ state }) });
    assert.equal(env.model.phase, phase, state);
    env.model.dispose();
  }
});

test('reconnect while waiting: the place is resumed from HelloOk, or "expired" when it is gone', async (t) => {
  const env = setup(t);
  const { model, sockets, clock, phases } = env;
  await model.start();
  const first = await joinAndWait(env);

  const firstRetry = backoffDelay(0, () => 0.5);
  first.drop(1006);
  clock.advance(firstRetry);
  assert.equal(sockets.sockets.length, 2, 'the connection tried again');
  const second = helloOk(sockets, { active: [{ conversationId: 'c-1', kind: 'OFFICE_HOUR_CHAT', queueEntryId: 'q-1', officeHourId: 'oh-1', queueState: 'WAITING' }] });
  assert.equal(model.phase, Phase.WAITING);
  assert.equal(second.last('subscribe').subscribe.conversationId, 'c-1', 'the chat is subscribed again');

  second.drop(1006);
  clock.advance(firstRetry);
  assert.equal(sockets.sockets.length, 3);
  helloOk(sockets, { active: [] });
  assert.deepEqual(phases, ['loading', 'status', 'waiting', 'waiting', 'expired']);
});

test('a reload in the same tab resumes the chat from the stored token; a slow server shows the status meanwhile', async (t) => {
  const before = setup(t);
  await before.model.start();
  await joinAndWait(before);
  before.model.dispose();
  assert.equal(before.sockets.current.closed, true);

  const after = setup(t, { storage: before.storage });
  const { model, sockets, clock, phases, http, seen } = after;
  await model.start();
  assert.equal(sockets.sockets.length, 1, 'the stored token connects at once');
  assert.deepEqual(phases, ['loading']);
  clock.advance(RESUME_WAIT_MS);
  assert.deepEqual(phases, ['loading', 'status']);

  const ws = helloOk(sockets, { active: [{ conversationId: 'c-1', kind: 'OFFICE_HOUR_CHAT', queueEntryId: 'q-1', officeHourId: 'oh-1', queueState: 'IN_CHAT' }] });
  assert.equal(ws.last('hello').hello.token, 'tok-1');
  assert.deepEqual(http.calls.map((c) => c.key), [STATUS_PATH], 'no new token');
  assert.deepEqual(phases, ['loading', 'status', 'chat']);
  assert.ok(!seen.includes('called'), 'resuming a chat does not call for attention');
  assert.equal(model.conversationId, 'c-1');
  assert.equal(ws.last('subscribe').subscribe.conversationId, 'c-1');
});

test('the chat ends by the other side, or by me; "chat again" puts it away and shows the status', async (t) => {
  const env = setup(t);
  const { model, sockets, phases, seen } = env;
  await model.start();
  const ws = await joinAndWait(env);
  subscribed(ws);
  ws.receive({ queueStatus: waiting({ state: 'IN_CHAT' }) });
  const changes = [];
  model.on('conversationChange', (c) => changes.push(c.professional?.displayName || ''));
  ws.receive({ event: { conversationId: 'c-1', seq: '2', joined: { participant: { participantId: 'pro', role: 'PROFESSIONAL', displayName: 'Anna' } } } });
  assert.deepEqual(changes, ['Anna'], 'the chat header learns who helps');

  ws.receive({ event: { conversationId: 'c-1', seq: '3', ended: { reason: 'ENDED_BY_PROFESSIONAL' } } });
  assert.equal(model.phase, Phase.ENDED);
  assert.equal(model.conversation.endReason, 'ENDED_BY_PROFESSIONAL');

  seen.length = 0;
  const again = model.startOver();
  assert.deepEqual(seen, ['conversationClosed']);
  assert.equal(ws.last('unsubscribe').unsubscribe.conversationId, 'c-1');
  await again;
  assert.equal(model.phase, Phase.STATUS);
  assert.deepEqual([model.conversationId, model.queueEntryId, model.queue, model.conversation], ['', '', null, null]);

  // Second round: this time I end it myself.
  const second = await joinAndWait(env);
  second.receive({ queueStatus: waiting({ state: 'IN_CHAT' }) });
  const ending = await exchange(second, 'endChat', () => model.endChat());
  assert.equal(ending.sent.conversationId, 'c-1');
  await ending.done;
  assert.equal(model.phase, Phase.ENDED);
  assert.equal(sockets.sockets.length, 1, 'one socket for both rounds');
  assert.deepEqual(phases, ['loading', 'status', 'waiting', 'chat', 'ended', 'status', 'waiting', 'chat', 'ended']);
});

test('leaving the queue: the status is fetched again every 30 s while deciding, not while waiting', async (t) => {
  const env = setup(t);
  const { model, clock, http, seen } = env;
  await model.start();
  const ws = await joinAndWait(env);
  const statusLoads = () => http.calls.filter((c) => c.key === STATUS_PATH).length;

  clock.advance(STATUS_REFRESH_MS);
  await flush();
  assert.equal(statusLoads(), 1, 'not while waiting');

  const leaving = await exchange(ws, 'leaveQueue', () => model.leaveQueue());
  assert.equal(leaving.sent.queueEntryId, 'q-1');
  await leaving.done;
  assert.equal(model.phase, Phase.LEFT);

  env.routes[STATUS_PATH] = () => ({ status: 200, body: { ...OPEN, waiting: 4 } });
  seen.length = 0;
  clock.advance(STATUS_REFRESH_MS);
  await flush();
  await flush();
  assert.equal(statusLoads(), 2);
  assert.equal(model.status.waiting, 4);
  assert.ok(seen.some((s) => s.startsWith('status:')), 'the view hears of the fresh status');
  assert.equal(model.phase, Phase.LEFT);
});

test('the question can be changed while waiting; a failure is thrown and the old question stays', async (t) => {
  const env = setup(t);
  const { model } = env;
  await model.start();
  const ws = await joinAndWait(env);
  const queueEvents = [];
  model.on('queue', (q) => queueEvents.push(q.firstQuestion));

  const refused = await exchange(ws, 'updateFirstQuestion', () => model.updateFirstQuestion('Nu iets anders.'), { error: { code: 'TOO_LARGE' } });
  await assert.rejects(refused.done, (err) => err.code === 'TOO_LARGE');
  assert.equal(model.queue.firstQuestion, 'Mijn zoon wil niet naar school.');

  const saved = await exchange(ws, 'updateFirstQuestion', () => model.updateFirstQuestion('Nu iets anders.'));
  assert.deepEqual(saved.sent, { queueEntryId: 'q-1', firstQuestion: 'Nu iets anders.' });
  await saved.done;
  assert.equal(model.queue.firstQuestion, 'Nu iets anders.');
  assert.deepEqual(queueEvents, ['Nu iets anders.']);
});

test('a revoked token while waiting loses the session: forgotten, socket gone, "session lost"', async (t) => {
  const env = setup(t);
  const { model, sockets, storage, session, phases, seen } = env;
  await model.start();
  const ws = await joinAndWait(env);
  assert.equal(storage.items.size, 1, 'the token is kept for a reload');

  seen.length = 0;
  ws.drop(CloseCode.POLICY_VIOLATION);
  assert.deepEqual(seen, ['sessionEnded', 'phase:sessionLost']);
  assert.deepEqual(phases.slice(-1), ['sessionLost']);
  assert.equal(storage.items.size, 0);
  assert.equal(session.connection, null);
  assert.equal(session.hasToken, false);
  assert.equal(sockets.sockets.length, 1, 'no reconnect with a token that no longer works');
});

test('a chat offline message: token, socket and LeaveOfflineMessage for this office hour', async (t) => {
  const env = setup(t, { status: { ...OPEN, open: false, accepting: false } });
  const { model, sockets } = env;
  await model.start();
  const sending = model.leaveOfflineMessage({ nickname: 'Kim', text: 'Bel me terug', contact: '' });
  await flush();
  const ws = helloOk(sockets);
  await flush();
  assert.deepEqual(ws.last('leaveOfflineMessage').leaveOfflineMessage, { officeHourId: 'oh-1', nickname: 'Kim', text: 'Bel me terug', contact: '' });
  answer(ws, 'leaveOfflineMessage', { ack: {} });
  await sending;
  assert.equal(model.phase, Phase.STATUS, 'the form itself says thank you');
});

test('dispose stops the timers, closes the socket and can be called twice', async (t) => {
  const env = setup(t);
  const { model, clock, sockets, http, phases } = env;
  await model.start();
  await joinAndWait(env);
  model.dispose();
  model.dispose();
  assert.equal(sockets.current.closed, true);
  assert.equal(clock.pending(), 0, 'no timer left: no status refresh, no heartbeat, no reconnect');
  const calls = http.calls.length;
  clock.advance(10 * STATUS_REFRESH_MS);
  await flush();
  assert.equal(http.calls.length, calls);
  assert.deepEqual(phases, ['loading', 'status', 'waiting'], 'disposing is not a phase change');
});

test('the status badge never says closed while the office hour is open', async () => {
  const { statusBadge } = await import('../src/main/web/js/officeHourModel.js');
  assert.equal(statusBadge({ open: true, accepting: true, professionalsOnDuty: 1 }), 'open');
  assert.equal(statusBadge({ open: true, accepting: false, professionalsOnDuty: 0 }), 'busy');
  assert.equal(statusBadge({ open: true, accepting: false, professionalsOnDuty: 2 }), 'busy');
  assert.equal(statusBadge({ open: false }), 'closed');
  assert.equal(statusBadge(null), 'closed');
});

test('"remember on this device": the join says first, the next one returning; erasing the chat forgets the mark', async (t) => {
  const local = installFakeStorage('localStorage');
  t.after(local.restore);
  const env = setup(t);
  const { model, sockets } = env;
  await model.start();
  const joining = model.join({ nickname: 'Sam', firstQuestion: '', transcriptConsent: false, rememberVisit: true });
  await flush();
  const ws = helloOk(sockets);
  await flush();
  assert.equal(ws.last('joinQueue').joinQueue.visit, 'VISIT_FIRST');
  assert.equal(local.items.size, 0, 'the mark is set only once admitted');
  answer(ws, 'joinQueue', { joinQueueResult: { admitted: true, status: waiting() } });
  await joining;
  assert.deepEqual([...local.items], [['spreekuur.visited.demo', 'true']]);

  const again = setup(t);
  await again.model.start();
  const second = again.model.join({ nickname: 'Sam', firstQuestion: '', transcriptConsent: false, rememberVisit: true });
  await flush();
  const ws2 = helloOk(again.sockets);
  await flush();
  assert.equal(ws2.last('joinQueue').joinQueue.visit, 'VISIT_RETURNING');
  answer(ws2, 'joinQueue', { joinQueueResult: { admitted: true, status: waiting() } });
  await second;

  await (await exchange(ws2, 'deleteMyConversation', () => again.model.deleteConversation('c-1'))).done;
  assert.equal(local.items.size, 0, 'erasing the chat also forgets that this device was here');
});

test('without the tick the join carries no visit and a refused join keeps no mark', async (t) => {
  const local = installFakeStorage('localStorage');
  t.after(local.restore);
  const env = setup(t);
  await env.model.start();
  const ws = await joinAndWait(env);
  assert.equal('visit' in ws.last('joinQueue').joinQueue, false);
  assert.equal(local.items.size, 0);

  const refused = setup(t);
  await refused.model.start();
  const joining = refused.model.join({ nickname: 'Sam', firstQuestion: '', transcriptConsent: false, rememberVisit: true });
  await flush();
  const ws2 = helloOk(refused.sockets);
  await flush();
  answer(ws2, 'joinQueue', { joinQueueResult: { refusal: 'QUEUE_FULL', officeHour: { ...OPEN, accepting: false } } });
  await joining;
  assert.equal(local.items.size, 0);
});

test('the socket part loads only when needed: not for the status page, before the first use when joining', async (t) => {
  const clock = new FakeClock();
  const http = installFakeFetch({
    [STATUS_PATH]: () => ({ status: 200, body: OPEN }),
    'POST /api/anonymous': () => ({ status: 503, body: { error: 'UNAVAILABLE' } }),
  });
  const storage = installFakeSessionStorage();
  t.after(() => {
    http.restore();
    storage.restore();
  });
  const steps = [];
  const model = new OfficeHourModel({
    organisation: 'demo',
    slug: 'inloop',
    beforeSession: async () => steps.push('view parts loaded'),
    setTimeout: clock.setTimeout,
    clearTimeout: clock.clearTimeout,
  });
  t.after(() => model.dispose());
  await model.start();
  assert.equal(model.phase, Phase.STATUS);
  assert.deepEqual(steps, [], 'the status page needs no session');
  assert.equal(model.hub, null);

  await assert.rejects(model.join({ nickname: 'Sam', firstQuestion: '', transcriptConsent: false }), (err) => err.status === 503);
  assert.deepEqual(steps, ['view parts loaded'], 'loaded once, before the session was used');
  assert.deepEqual(http.calls.map((c) => c.key).filter((k) => k.startsWith('POST')), ['POST /api/anonymous']);
  await assert.rejects(model.join({ nickname: 'Sam', firstQuestion: '', transcriptConsent: false }));
  assert.deepEqual(steps, ['view parts loaded'], 'and not again');
});
