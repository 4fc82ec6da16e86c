// Mentions in a group room: "@Els" in a message names the participant whose display name is Els, so the server
// stores their participant id with the message (SendRoomMessage.mentioned_participant_ids) and their client
// highlights it for them ("noemt jou"). Pure logic, no DOM.

/** The server takes at most this many mentions per message. */
export const MAX_MENTIONS = 20;

const isWordChar = (ch) => /[\p{L}\p{N}_]/u.test(ch);

/**
 * The participant ids mentioned in the text: "@" + a participant's display name (case-insensitive), not followed by
 * a letter or digit. Longer names win where one name starts another ("@Anna de Vries" is not "@Anna").
 * @param {string} text
 * @param {Iterable<{participantId: string, displayName?: string, left?: boolean}>} participants
 * @param {string} [myParticipantId] never mentioned (you do not mention yourself)
 */
export function mentionedIn(text, participants, myParticipantId = '') {
  const lower = String(text || '').toLocaleLowerCase();
  if (!lower.includes('@')) return [];
  const candidates = [...participants]
    .filter((p) => p.participantId && p.participantId !== myParticipantId && !p.left && (p.displayName || '').trim())
    .sort((a, b) => b.displayName.length - a.displayName.length);
  const taken = new Set(); // positions of "@" already used by a longer name
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
