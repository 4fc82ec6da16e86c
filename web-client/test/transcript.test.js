import { test } from 'node:test';
import assert from 'node:assert/strict';
import { transcriptText, transcriptFileName } from '../src/main/web/js/transcript.js';

test('the copy of a chat has names, times and texts in order, without system lines or ids', () => {
  const at = (hm) => new Date(`2026-11-29T${hm}:00Z`);
  const text = transcriptText([
    { type: 'joined', seq: 1, joined: { participant: { displayName: 'Anna' } } },
    { type: 'text', seq: 2, senderName: 'Anna', at: at('10:01'), text: { text: 'Hoi, ik ben Anna.' } },
    { type: 'text', seq: 3, mine: true, senderName: 'Sam', at: at('10:02'), text: { text: 'Hoi.\nIk heb een vraag.' } },
    { type: 'ended', seq: 4, ended: { reason: 'ENDED_BY_CLIENT' } },
  ], { title: 'Inloopspreekuur, Demo Welzijn', you: 'Jij', time: (d) => d.toISOString().slice(11, 16) });
  assert.equal(text, 'Inloopspreekuur, Demo Welzijn\n\n[10:01] Anna:\n  Hoi, ik ben Anna.\n[10:02] Jij:\n  Hoi.\n  Ik heb een vraag.\n');
  assert.equal(transcriptFileName('2026-11-29'), 'gesprek-2026-11-29.txt');
});
