// The "connection is weak" verdict from getStats: loss since the last sample, round-trip time, and hysteresis.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summarise, assess, usesRelay, QualityMonitor, LOSS_WEAK, RTT_WEAK_MS } from '../src/main/web/js/call/quality.js';

const report = ({ received, lost, rtt = 0.05 }) => new Map([
  ['in-v', { type: 'inbound-rtp', kind: 'video', packetsReceived: received, packetsLost: lost }],
  ['in-a', { type: 'inbound-rtp', kind: 'audio', packetsReceived: 0, packetsLost: 0 }],
  ['cp', { type: 'candidate-pair', nominated: true, state: 'succeeded', currentRoundTripTime: rtt }],
  ['cp-old', { type: 'candidate-pair', nominated: false, state: 'failed', currentRoundTripTime: 9 }],
]);

test('summarise adds inbound packets and takes the nominated pair\'s round trip', () => {
  assert.deepEqual(summarise(report({ received: 100, lost: 3, rtt: 0.12 })), { received: 100, lost: 3, rttMs: 120 });
  assert.deepEqual(summarise(new Map()), { received: 0, lost: 0, rttMs: null });
});

test('loss counts since the previous sample, not since the start', () => {
  const first = summarise(report({ received: 1000, lost: 200 }));
  const second = summarise(report({ received: 2000, lost: 201 }));
  const verdict = assess(first, second);
  assert.ok(verdict.loss < 0.01);
  assert.equal(verdict.weak, false);
  assert.equal(assess(second, summarise(report({ received: 2100, lost: 211 }))).weak, true, `>= ${LOSS_WEAK}`);
  assert.equal(assess(null, summarise(report({ received: 10, lost: 0, rtt: RTT_WEAK_MS / 1000 }))).weak, true, 'slow round trip');
});

test('the monitor flips only after two samples in a row and skips connections that are not connected', async () => {
  let received = 0;
  let lost = 0;
  const pc = { connectionState: 'connected', getStats: async () => report({ received, lost }) };
  const idle = { connectionState: 'new', getStats: async () => { throw new Error('not asked'); } };
  const changes = [];
  const monitor = new QualityMonitor({ connections: () => [pc, idle], onChange: (weak) => changes.push(weak), setInterval: () => 1, clearInterval: () => {} });
  const step = async (r, l) => {
    received += r;
    lost += l;
    await monitor.sample();
  };
  await step(100, 0);
  await step(100, 30);
  assert.deepEqual(changes, [], 'one bad sample is not enough');
  await step(100, 30);
  assert.deepEqual(changes, [true]);
  assert.equal(monitor.weak, true);
  await step(100, 0);
  await step(100, 30);
  await step(100, 0);
  assert.deepEqual(changes, [true], 'a single good sample between bad ones changes nothing');
  await step(100, 0);
  assert.deepEqual(changes, [true, false]);
  monitor.stop();
});

test('usesRelay looks at the selected candidate pair only', () => {
  const stats = (selected, extra = []) => new Map([
    ['t', { id: 't', type: 'transport', selectedCandidatePairId: selected }],
    ['direct', { id: 'direct', type: 'candidate-pair', nominated: true, state: 'succeeded', localCandidateId: 'l-host', remoteCandidateId: 'r-srflx' }],
    ['relayed', { id: 'relayed', type: 'candidate-pair', nominated: false, state: 'succeeded', localCandidateId: 'l-relay', remoteCandidateId: 'r-srflx' }],
    ['l-host', { id: 'l-host', type: 'local-candidate', candidateType: 'host' }],
    ['l-relay', { id: 'l-relay', type: 'local-candidate', candidateType: 'relay' }],
    ['r-srflx', { id: 'r-srflx', type: 'remote-candidate', candidateType: 'srflx' }],
    ...extra,
  ]);
  assert.equal(usesRelay(stats('direct')), false);
  assert.equal(usesRelay(stats('relayed')), true);
  // without a transport's selection: the nominated, succeeded pair
  const noTransport = stats('direct');
  noTransport.delete('t');
  assert.equal(usesRelay(noTransport), false);
  noTransport.set('direct', { ...noTransport.get('direct'), remoteCandidateId: 'r-relay' });
  noTransport.set('r-relay', { id: 'r-relay', type: 'remote-candidate', candidateType: 'relay' });
  assert.equal(usesRelay(noTransport), true, 'the remote side\'s relay counts too');
  assert.equal(usesRelay(new Map()), false);
});
