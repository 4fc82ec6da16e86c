// The connect()/dispose() contract that the anonymous client's session and the professional's session share.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AnonymousSession } from '../src/main/web/js/anonymousSession.js';
import { ProSession } from '../src/main/web/js/proSession.js';
import { DISPOSED } from '../src/main/web/js/sessionSocket.js';
import { CloseCode, ConnectionState } from '../src/main/web/js/connection.js';
import { store } from '../src/main/web/js/store.js';
import { FakeClock, FakeSocketFactory, flush, installFakeFetch, installFakeSessionStorage } from './fakes.js';

const FAR_FUTURE = '2999-01-01T00:00:00Z';

const kinds = {
  /** An inwoner with a token from POST /api/anonymous. */
  anonymous: async (options) => {
    const session = new AnonymousSession('demo', options);
    await session.ensureToken();
    return session;
  },
  /** A professional after POST /api/login. */
  professional: async (options) => {
    const session = new ProSession(options);
    await session.login('demo', 'anna', 'geheim');
    return session;
  },
};

async function setup(t, kind) {
  const clock = new FakeClock();
  const sockets = new FakeSocketFactory();
  const http = installFakeFetch({
    'POST /api/anonymous': { token: 'tok-anon', expiresAt: FAR_FUTURE, principalId: 'client-1' },
    'POST /api/login': { token: 'tok-pro', expiresAt: FAR_FUTURE, principalId: 'pro-1', displayName: 'Anna', roles: ['PROFESSIONAL'] },
  });
  const storage = installFakeSessionStorage();
  t.after(() => {
    http.restore();
    storage.restore();
  });
  const session = await kinds[kind]({
    url: 'ws://test/ws', WebSocketImpl: sockets.WebSocketImpl, setTimeout: clock.setTimeout, clearTimeout: clock.clearTimeout, now: () => clock.now, random: () => 0.5,
  });
  return { clock, sockets, session };
}

function answerHello(ws, ok = { principalId: 'p', heartbeatSeconds: 20 }) {
  ws.open();
  ws.receive({ requestId: ws.last('hello').requestId, helloOk: ok });
}

for (const kind of Object.keys(kinds)) {
  test(`${kind}: connect() opens the socket with the token and resolves with the HelloOk; again while open at once`, async (t) => {
    const { sockets, session } = await setup(t, kind);
    assert.equal(session.connection, null);
    const connecting = session.connect();
    assert.equal(sockets.sockets.length, 1);
    assert.ok(session.hub, 'the conversation hub comes with the socket');
    assert.equal(sockets.current.last('hello'), undefined, 'Hello goes once the socket is open');
    answerHello(sockets.current, { principalId: 'p-7', displayName: 'Anna', heartbeatSeconds: 20 });
    assert.equal(sockets.current.last('hello').hello.token, session.token);
    assert.equal((await connecting).principalId, 'p-7');
    assert.equal(store.state.session.principalId, 'p-7', 'the HelloOk is mirrored into the app store');
    assert.equal(store.state.connection, ConnectionState.OPEN);
    assert.equal((await session.connect()).principalId, 'p-7');
    assert.equal(sockets.sockets.length, 1, 'still the one socket');
  });

  test(`${kind}: connect() rejects when the connection ends before HelloOk`, async (t) => {
    const { sockets, session } = await setup(t, kind);
    const connecting = session.connect();
    sockets.current.open();
    sockets.current.drop(CloseCode.POLICY_VIOLATION);
    await assert.rejects(connecting, /unauthenticated/);
  });

  test(`${kind}: dispose() closes the socket, ends with DISPOSED, drops listeners and timers; twice is fine; connect() starts over`, async (t) => {
    const { clock, sockets, session } = await setup(t, kind);
    session.connect();
    answerHello(sockets.current);
    const connection = session.connection;
    const ended = [];
    connection.on('ended', (reason) => ended.push(reason));
    let heard = 0;
    connection.on('push', () => heard++);
    session.dispose();
    session.dispose();
    assert.deepEqual(ended, [DISPOSED]);
    assert.equal(sockets.current.closed, true);
    assert.equal(session.connection, null);
    assert.equal(session.hub, null);
    assert.equal(clock.pending(), 0, 'no heartbeat or reconnect left');
    sockets.current.onmessage?.({ data: JSON.stringify({ queueStatus: {} }) });
    assert.equal(heard, 0);

    const again = session.connect();
    assert.equal(sockets.sockets.length, 2);
    assert.notEqual(session.connection, connection);
    answerHello(sockets.current);
    await again;
    await flush();
  });
}
