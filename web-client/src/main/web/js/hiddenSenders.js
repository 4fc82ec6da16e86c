// "Berichten van iemand verbergen": a member hides the messages of another member they find hard to read. Decided:
// kept on this device only (localStorage, key "spreekuur.hiddenSenders": room conversation id -> participant ids),
// not on the server: nobody else, not even the moderators, learns whom a member hides; the other member is not
// told; quick exit wipes it with the credential; on another device the member hides again. Moderators' messages
// cannot be hidden. No DOM.
import { readDevice, writeDevice } from './storage.js';

const KEY = 'hiddenSenders';

function all() {
  const value = readDevice(KEY);
  return value && typeof value === 'object' ? value : {};
}

/** The participant ids whose messages I hide in this room's conversation. */
export function hiddenSenders(conversationId) {
  const ids = all()[conversationId];
  return new Set(Array.isArray(ids) ? ids : []);
}

/** Hide (or show again) the messages of a participant in this room's conversation, on this device. */
export function setSenderHidden(conversationId, participantId, hidden) {
  const everything = all();
  const ids = hiddenSenders(conversationId);
  if (hidden) ids.add(participantId);
  else ids.delete(participantId);
  if (ids.size) everything[conversationId] = [...ids];
  else delete everything[conversationId];
  writeDevice(KEY, everything);
}

/** Whether this message is one I hide: another member's (never a moderator's, never mine). */
export function isHiddenMessage(conversationId, item) {
  return !item.mine && item.senderRole === 'MEMBER' && !!item.senderId && hiddenSenders(conversationId).has(item.senderId);
}
