// "@Els" in a room message mentions Els (SendRoomMessage.mentioned_participant_ids; protocol.md, rooms).
export const MAX_MENTIONS = 20;

const isWordChar = (ch) => /[\p{L}\p{N}_]/u.test(ch);

/** Participant ids named "@name" (whole name, any case; the longest name wins), not mine, not who left. */
export function mentionedIn(text, participants, myParticipantId = '') {
  const lower = String(text || '').toLocaleLowerCase();
  if (!lower.includes('@')) return [];
  const candidates = [...participants]
    .filter((p) => p.participantId && p.participantId !== myParticipantId && !p.left && (p.displayName || '').trim())
    .sort((a, b) => b.displayName.length - a.displayName.length);
  const taken = new Set();
  const ids = [];
  for (const p of candidates) {
    const needle = `@${p.displayName.trim().toLocaleLowerCase()}`;
    for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + 1)) {
      const after = lower.charAt(at + needle.length);
      if (taken.has(at) || (after && isWordChar(after))) continue;
      taken.add(at);
      if (!ids.includes(p.participantId)) ids.push(p.participantId);
      break;
    }
    if (ids.length >= MAX_MENTIONS) break;
  }
  return ids;
}
