// Camera and microphone handling with a fake mediaDevices: join modes, mute, camera off and on again, device
// choice, and that every track is stopped at the end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LocalMedia, JoinMode, constraints, mediaErrorKind } from '../src/main/web/js/call/media.js';
import { levelOf, fallOff, FALL_OFF_HALF_LIFE_MS } from '../src/main/web/js/call/levelMeter.js';
import { toIceServers, rtcConfiguration, iceTransportPolicy, renewDelayMs, MIN_RENEW_DELAY_MS } from '../src/main/web/js/call/iceServers.js';
import { fakeDevices } from './callFakes.js';

const live = (devices) => devices.tracks.filter((t) => t.readyState === 'live');

test('constraints ask for the chosen devices exactly, and nothing for what is off', () => {
  const c = constraints({ audioDeviceId: 'mic-2', videoDeviceId: 'cam-2' });
  assert.deepEqual(c.audio.deviceId, { exact: 'mic-2' });
  assert.deepEqual(c.video.deviceId, { exact: 'cam-2' });
  assert.equal(constraints({ video: false }).video, false);
  assert.equal(constraints().audio.deviceId, undefined);
});

test('joining with video, then camera off stops the camera track and camera on asks for it again', async () => {
  const devices = fakeDevices();
  const media = new LocalMedia(devices);
  await media.start({ mode: JoinMode.VIDEO });
  assert.equal(media.cameraOn, true);
  assert.equal(live(devices).length, 2);
  await media.setCameraOn(false);
  assert.equal(media.cameraOn, false);
  assert.equal(media.videoTrack, null);
  assert.deepEqual(live(devices).map((t) => t.kind), ['audio'], 'camera light goes out');
  await media.setCameraOn(true);
  assert.equal(media.cameraOn, true);
  assert.equal(devices.calls.at(-1).audio, false, 'only the camera is asked again');
  media.release();
  assert.equal(live(devices).length, 0, 'every track stopped');
  assert.equal(media.stream, null);
});

test('camera off and audio-only joins ask for the microphone only; audio-only cannot switch the camera on', async () => {
  const devices = fakeDevices();
  const media = new LocalMedia(devices);
  await media.start({ mode: JoinMode.CAMERA_OFF });
  assert.equal(devices.calls[0].video, false);
  assert.equal(media.cameraOn, false);
  await media.start({ mode: JoinMode.AUDIO_ONLY });
  assert.equal(live(devices).length, 1, 'the first stream was stopped when replaced');
  await media.setCameraOn(true);
  assert.equal(media.cameraOn, false);
  assert.equal(devices.calls.length, 2);
  media.release();
});

test('mute disables the audio track without asking again; choosing another device keeps mute', async () => {
  const devices = fakeDevices();
  const media = new LocalMedia(devices);
  let changes = 0;
  media.on('change', () => changes++);
  await media.start();
  media.setMuted(true);
  assert.equal(media.audioTrack.enabled, false);
  await media.chooseDevices({ audioDeviceId: 'mic-2' });
  assert.equal(media.audioDeviceId, 'mic-2');
  assert.equal(media.audioTrack.enabled, false);
  assert.equal(media.cameraOn, true);
  assert.ok(changes >= 3);
  media.release();
  assert.equal(live(devices).length, 0);
});

test('a stream that arrives after release() is stopped at once', async () => {
  const devices = fakeDevices();
  const media = new LocalMedia(devices);
  const starting = media.start();
  media.release();
  assert.equal(await starting, null);
  assert.equal(live(devices).length, 0);
});

test('devices are listed per kind; browser errors map to what the page explains', async () => {
  const media = new LocalMedia(fakeDevices());
  const list = await media.listDevices();
  assert.deepEqual(list.audioInputs.map((d) => d.deviceId), ['mic-1']);
  assert.deepEqual(list.videoInputs.map((d) => [d.deviceId, d.label, d.index]), [['cam-1', '', 1]]);
  await assert.rejects(new LocalMedia(fakeDevices({ fail: 'NotAllowedError' })).start(), { name: 'NotAllowedError' });
  assert.equal(mediaErrorKind({ name: 'NotAllowedError' }), 'denied');
  assert.equal(mediaErrorKind({ name: 'NotFoundError' }), 'notFound');
  assert.equal(mediaErrorKind({ name: 'NotReadableError' }), 'inUse');
  assert.equal(mediaErrorKind(new Error('x')), 'failed');
  assert.equal(new LocalMedia(undefined).supported, false);
});

test('level: silence is 0, a full-scale signal is 1, speech-like levels fall in between', () => {
  assert.equal(levelOf(new Float32Array(128)), 0);
  assert.equal(levelOf(new Float32Array(128).fill(1)), 1);
  const speech = levelOf(new Float32Array(128).fill(0.05));
  assert.ok(speech > 0.3 && speech < 0.9, String(speech));
  assert.equal(levelOf([]), 0);
});

test('level: a short sound stays visible and falls off by half per half-life', () => {
  assert.equal(fallOff(0, 0.8, 16), 0.8);
  assert.ok(Math.abs(fallOff(0.8, 0, FALL_OFF_HALF_LIFE_MS) - 0.4) < 1e-9);
  assert.equal(fallOff(0.8, 0.9, 16), 0.9, 'a louder sound shows at once');
  assert.equal(fallOff(0.015, 0, FALL_OFF_HALF_LIFE_MS), 0, 'below 1 % is silence');
});

test('ICE servers: the server list becomes RTCIceServer entries; relay is forced only by the documented setting', () => {
  const list = [
    { urls: ['stun:stun.example.org:3478'] },
    { urls: ['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:443?transport=tcp'], username: '1700000000:p1', credential: 'c2VjcmV0' },
    { urls: [] },
  ];
  assert.deepEqual(toIceServers(list), [
    { urls: ['stun:stun.example.org:3478'] },
    { urls: ['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:443?transport=tcp'], username: '1700000000:p1', credential: 'c2VjcmV0' },
  ]);
  assert.equal(iceTransportPolicy(() => 'relay'), 'relay');
  assert.equal(iceTransportPolicy(() => null), 'all');
  assert.equal(iceTransportPolicy(() => 'anything'), 'all');
  assert.equal(rtcConfiguration(list, { policy: 'relay' }).iceTransportPolicy, 'relay');
  assert.equal(rtcConfiguration(undefined, { policy: 'all' }).iceServers.length, 0);
});

test('renewal is planned when a tenth of the lifetime is left, never sooner than the floor, not at all without TURN', () => {
  const now = Date.parse('2026-11-23T14:00:00Z');
  assert.equal(renewDelayMs('2026-11-23T14:10:00Z', now), 540000);
  assert.equal(renewDelayMs('2026-11-23T14:00:05Z', now), MIN_RENEW_DELAY_MS, 'almost expired: the floor');
  assert.equal(renewDelayMs('2026-11-23T13:00:00Z', now), MIN_RENEW_DELAY_MS, 'a browser clock ahead of the server');
  assert.equal(renewDelayMs(undefined, now), null);
  assert.equal(renewDelayMs('not a time', now), null);
});
