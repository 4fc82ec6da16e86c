// A member hides another member's messages, on this device only (localStorage; security.md says why).
import { readDevice, writeDevice } from './storage.js';

const KEY = 'hiddenSenders';

function all() {
  const value = readDevice(KEY);
  return value && typeof value === 'object' ? value : {};
}

export function hiddenSenders(conversationId) {
  const ids = all()[conversationId];
  return new Set(Array.isArray(ids) ? ids : []);
}

export function setSenderHidden(conversationId, participantId, hidden) {
  const everything = all();
  const ids = hiddenSenders(conversationId);
  if (hidden) ids.add(participantId);
  else ids.delete(participantId);
  if (ids.size) everything[conversationId] = [...ids];
  else delete everything[conversationId];
  writeDevice(KEY, everything);
}

/** Another member's message (never a moderator's, never mine) that I hide. */
export function isHiddenMessage(conversationId, item) {
  return !item.mine && item.senderRole === 'MEMBER' && !!item.senderId && hiddenSenders(conversationId).has(item.senderId);
}
