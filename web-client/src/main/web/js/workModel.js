// What a professional works with: their office hours, where they are on duty, the live queue views, and the
// chats they have open (their own, and the ones they read along in). Updated from pushes; no DOM here.
import { Emitter } from './emitter.js';

export class WorkModel extends Emitter {
  officeHours = new Map(); // id -> OfficeHour (configuration)
  statuses = new Map(); // id -> OfficeHourStatus
  order = []; // office hour ids in list order
  onDuty = new Set();
  watching = new Set();
  queueViews = new Map(); // officeHourId -> QueueView
  chats = new Map(); // conversationId -> {conversationId, officeHourId, queueEntryId, clientNickname, firstQuestion, notes, viaTransfer, mode}
  #seenWaiting = new Map(); // officeHourId -> Set(queueEntryId), to notice newcomers

  setOfficeHourList(list) {
    const hours = list.officeHours || [];
    const statuses = list.statuses || [];
    this.officeHours = new Map(hours.map((oh) => [oh.id, oh]));
    this.order = hours.map((oh) => oh.id);
    statuses.forEach((status, i) => {
      const id = status.officeHourId || hours[i]?.id;
      if (id) this.statuses.set(id, status);
    });
    this.emit('change', 'officeHours');
  }

  setDutyIds(ids) {
    this.onDuty = new Set(ids || []);
    this.emit('change', 'duty');
  }

  setDuty(officeHourId, onDuty) {
    if (onDuty) this.onDuty.add(officeHourId);
    else {
      this.onDuty.delete(officeHourId);
      if (!this.watching.has(officeHourId)) this.queueViews.delete(officeHourId);
    }
    this.emit('change', 'duty');
  }

  setWatching(officeHourId, watching) {
    if (watching) this.watching.add(officeHourId);
    else {
      this.watching.delete(officeHourId);
      if (!this.onDuty.has(officeHourId)) this.queueViews.delete(officeHourId);
    }
    this.emit('change', 'duty');
  }

  /** Returns the queue items that are new since the previous view (for notifications). */
  applyQueueView(view) {
    const id = view.officeHourId;
    const waiting = view.waiting || [];
    const seen = this.#seenWaiting.get(id);
    const newcomers = seen ? waiting.filter((item) => !seen.has(item.queueEntryId)) : [];
    this.#seenWaiting.set(id, new Set(waiting.map((item) => item.queueEntryId)));
    if (view.status) this.statuses.set(id, view.status);
    if (this.onDuty.has(id) || this.watching.has(id)) this.queueViews.set(id, view);
    this.emit('change', 'queue', id);
    return newcomers;
  }

  applyStatus(status) {
    if (!status?.officeHourId) return;
    this.statuses.set(status.officeHourId, status);
    this.emit('change', 'status', status.officeHourId);
  }

  /** A chat became mine (claim, transfer) or I read along (supervise). */
  addChat(info, mode = 'own') {
    const existing = this.chats.get(info.conversationId);
    this.chats.set(info.conversationId, { ...existing, ...info, mode: existing?.mode === 'own' ? 'own' : mode });
    this.emit('change', 'chats', info.conversationId);
    return !existing;
  }

  removeChat(conversationId) {
    if (this.chats.delete(conversationId)) this.emit('change', 'chats', conversationId);
  }

  officeHourName(id) {
    return this.officeHours.get(id)?.name || this.statuses.get(id)?.name || '';
  }

  /** Colleagues on duty for an office hour, except me. */
  colleaguesOnDuty(officeHourId, myId) {
    return (this.queueViews.get(officeHourId)?.onDuty || []).filter((p) => p.professionalId !== myId);
  }

  totalWaiting() {
    let n = 0;
    for (const [id, view] of this.queueViews) if (this.onDuty.has(id)) n += (view.waiting || []).length;
    return n;
  }

  unhandledOffline() {
    let n = 0;
    for (const view of this.queueViews.values()) n += view.unhandledOfflineMessages || 0;
    return n;
  }
}
