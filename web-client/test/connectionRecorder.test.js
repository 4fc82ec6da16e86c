// The call panel loads on demand: what the connection emits for the call before the panel exists is recorded and
// handed over in order when it is created (connectionRecorder.js), so a reloaded page resumes its call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Emitter } from '../src/main/web/js/emitter.js';
import { recordConnection, CALL_EVENTS } from '../src/main/web/js/connectionRecorder.js';
import { CallController, CallPhase } from '../src/main/web/js/call/callController.js';
import { LocalMedia } from '../src/main/web/js/call/media.js';
import { fakeDevices, FakePeerConnection } from './callFakes.js';

/** Like Connection: an Emitter with private state behind its methods. */
class FakeConnection extends Emitter {
  #sent = [];
  notify(message) {
    this.#sent.push(message);
  }

  async request(message) {
    this.#sent.push(message);
    return new Promise(() => {});
  }

  get sent() {
    return this.#sent;
  }
}

test('emissions before the listener comes are replayed in order, later ones arrive once', () => {
  const connection = new FakeConnection();
  const recorder = recordConnection(connection, ['event', 'push']);
  connection.emit('event', 1);
  connection.emit('push', 'callSignal', 2);
  connection.emit('typing', 'not recorded');
  connection.emit('event', 3);
  assert.equal(recorder.pending, 3);

  const got = [];
  recorder.connection.on('event', (n) => got.push(['event', n]));
  recorder.connection.on('push', (type, n) => got.push([type, n]));
  recorder.replay();
  connection.emit('event', 4);
  assert.deepEqual(got, [['event', 1], ['callSignal', 2], ['event', 3], ['event', 4]]);
  assert.equal(recorder.pending, 0);

  // Everything but on() is the connection itself, private fields and all.
  recorder.connection.notify({ hello: true });
  assert.deepEqual(recorder.connection.sent, [{ hello: true }]);
});

test('stop() forgets what was recorded; a removed listener gets nothing', () => {
  const connection = new FakeConnection();
  const recorder = recordConnection(connection, ['event']);
  connection.emit('event', 1);
  recorder.stop();
  const got = [];
  const off = recorder.connection.on('event', (n) => got.push(n));
  recorder.replay();
  connection.emit('event', 2);
  off();
  connection.emit('event', 3);
  assert.deepEqual(got, [2]);
});

test('a call controller created after its call arrived learns of it from the replay (a reloaded page)', () => {
  const connection = new FakeConnection();
  const recorder = recordConnection(connection, CALL_EVENTS);
  const call = {
    callId: 'call-1',
    state: 'CALL_STATE_ACTIVE',
    mode: 'CALL_ONE_TO_ONE',
    hostParticipantId: 'pro',
    participants: [
      { participantId: 'pro', state: 'CALL_CONNECTED', media: {} },
      { participantId: 'me', state: 'CALL_INVITED', media: {} },
    ],
  };
  // The chat's history, with the invitation, comes while the panel's module is still loading.
  connection.emit('history', 'conv-1', [{ conversationId: 'conv-1', seq: '7', callUpdate: { change: 'INVITED', participantId: 'me', call } }]);

  const controller = new CallController({
    connection: recorder.connection,
    conversationId: 'conv-1',
    media: new LocalMedia(fakeDevices()),
    myParticipantId: () => 'me',
    PeerConnectionImpl: FakePeerConnection,
  });
  assert.equal(controller.phase, CallPhase.NONE);
  recorder.replay();
  assert.equal(controller.phase, CallPhase.INVITED);
  assert.deepEqual(connection.sent, [{ callRinging: { callId: 'call-1' } }]);
  controller.dispose();
});
