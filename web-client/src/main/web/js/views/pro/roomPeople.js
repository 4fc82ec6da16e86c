// The moderator's pages about the people around a group (/pro/rooms/<id>/...):
//   knocks     the knock link (turn on, renew, turn off, copy) and the people asking to join, live; approve/refuse
//   talks      members' requests for a private talk (live; "Oppakken": the first moderator gets it), the open
//              private talks as chats, and safeguarding concerns with the Meldcode steps (record, edit)
//   meetings   the meetings planner: plan or edit (date, time, duration, place or online in the group), counts,
//              cancel, and the head count ("Aantal aanwezigen") of meetings that have started
// and, on the invites page, an invite's QR code for a poster (qrButton).
// Each page function gets the page's body and a context {request, connection, hub, room, principalId, onDispose}.
import { h, field, uniqueId } from '../../dom.js';
import { t } from '../../i18n.js';
import { announce } from '../../live.js';
import { parseTime, shortDateTime } from '../../format.js';
import { errorText } from '../errors.js';
import { ChatPanel } from '../chat.js';
import { CallPanel } from '../call/callPanel.js';
import { openDialog } from '../../dialog.js';

/** replaceChildren without the nulls (the DOM would show them as the text "null"). */
function fill(node, ...children) {
  node.replaceChildren(...children.filter((c) => c !== null && c !== undefined && c !== false));
}

/** The Meldcode's five steps, in order (protocol enum MeldcodeStep). */
export const MELDCODE_STEPS = Object.freeze(['MELDCODE_SIGNALS', 'MELDCODE_CONSULT', 'MELDCODE_CONVERSATION', 'MELDCODE_WEIGH', 'MELDCODE_DECIDE']);

/** The link a moderator hands out for knocking: this server's /g/k/<code>. */
export function knockLink(code, origin = globalThis.location?.origin || '') {
  return `${origin}/g/k/${code}`;
}

function errorNotice() {
  return h('p', { class: 'notice notice--error', role: 'alert', hidden: true });
}

function showError(node, err) {
  node.textContent = errorText(err);
  node.hidden = false;
}

// --- knocks ---

export async function knocksPage(body, ctx) {
  const error = errorNotice();
  const linkPart = h('div', {});
  const list = h('div', {});
  let current = { link: {}, knocks: [] };
  const render = () => {
    const code = current.link?.code || '';
    const link = code ? knockLink(code) : '';
    fill(linkPart,
      h('p', {}, code ? t('people.knocks.linkOn') : t('people.knocks.linkOff')),
      code ? h('p', {}, h('span', { class: 'invite-link' }, link)) : null,
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'btn btn--small btn--primary', onclick: () => setLink(true) }, code ? t('people.knocks.renew') : t('people.knocks.turnOn')),
        code ? h('button', { type: 'button', class: 'btn btn--small btn--secondary', onclick: () => setLink(false) }, t('people.knocks.turnOff')) : null),
    );
    const knocks = current.knocks || [];
    fill(list, knocks.length
      ? h('ul', { class: 'people-list' }, knocks.map((k) => h('li', { class: 'people-list__item' },
        h('span', { dir: 'auto' }, h('strong', {}, k.nickname), ' · ', t('people.knocks.since', { when: shortDateTime(parseTime(k.knockedAt)) })),
        h('span', { class: 'actions' },
          h('button', { type: 'button', class: 'btn btn--small btn--primary', onclick: () => answer(k, true) }, t('people.knocks.approve'), h('span', { class: 'visually-hidden' }, ` ${k.nickname}`)),
          h('button', { type: 'button', class: 'btn btn--small btn--danger', onclick: () => answer(k, false) }, t('people.knocks.refuse'), h('span', { class: 'visually-hidden' }, ` ${k.nickname}`))))))
      : h('p', {}, t('people.knocks.none')));
  };
  const load = async () => {
    try {
      ({ payload: current } = await ctx.request({ listKnocks: { roomId: ctx.room.id } }));
      error.hidden = true;
    } catch (err) {
      showError(error, err);
    }
    render();
  };
  const setLink = async (enabled) => {
    try {
      const { payload } = await ctx.request({ setKnockLink: { roomId: ctx.room.id, enabled } });
      current = { ...current, link: payload };
      announce(t(enabled ? 'people.knocks.linkOnAnnounce' : 'people.knocks.linkOffAnnounce'));
      render();
    } catch (err) {
      showError(error, err);
    }
  };
  const answer = async (knock, approve) => {
    try {
      await ctx.request({ answerKnock: { knockId: knock.id, approve } });
      announce(t(approve ? 'people.knocks.approved' : 'people.knocks.refused', { name: knock.nickname }));
    } catch (err) {
      showError(error, err);
    }
    await load();
  };
  ctx.onDispose(ctx.connection.on('push', (type, payload) => {
    // proApp announces a new knock wherever the moderator is; here the list follows
    if (type === 'knock' && payload.roomId === ctx.room.id) load();
  }));
  body.append(
    h('h2', {}, t('people.knocks.title')),
    h('p', {}, t('people.knocks.intro')),
    linkPart,
    error,
    h('h2', {}, t('people.knocks.waiting')),
    h('div', { 'aria-live': 'polite' }, list),
  );
  await load();
}

// --- private talks and concerns ---

export async function talksPage(body, ctx) {
  const error = errorNotice();
  const requests = h('div', {});
  const open = h('div', {});
  const chats = new Map(); // conversationId -> ChatPanel
  const calls = new Map(); // conversationId -> CallPanel: video from the private talk, as from an office-hour chat
  ctx.onDispose(() => {
    chats.forEach((c) => c.dispose());
    calls.forEach((c) => c.dispose());
  });
  const moderator = (ctx.room.moderatorIds || []).includes(ctx.principalId);
  const load = async () => {
    let talks = [];
    try {
      ({ payload: { talks = [] } } = await ctx.request({ listPrivateTalks: { roomId: ctx.room.id } }));
      error.hidden = true;
    } catch (err) {
      showError(error, err);
    }
    const asked = talks.filter((x) => x.state === 'TALK_REQUESTED');
    fill(requests, asked.length
      ? h('ul', { class: 'people-list' }, asked.map((x) => h('li', { class: 'people-list__item' },
        h('span', { dir: 'auto' }, h('strong', {}, x.nickname), ' · ', t('people.talks.askedAt', { when: shortDateTime(parseTime(x.requestedAt)) })),
        moderator ? h('button', { type: 'button', class: 'btn btn--small btn--primary', onclick: () => claim(x) }, t('people.talks.claim'), h('span', { class: 'visually-hidden' }, ` ${x.nickname}`)) : null)))
      : h('p', {}, t('people.talks.noRequests')));
    const mine = talks.filter((x) => x.state === 'TALK_OPEN' && x.conversationId);
    for (const [id, chat] of chats) {
      if (!mine.some((x) => x.conversationId === id)) {
        chat.dispose();
        chats.delete(id);
        calls.get(id)?.dispose();
        calls.delete(id);
      }
    }
    fill(open, ...(mine.length ? mine.map((x) => talkBlock(x)) : [h('p', {}, t('people.talks.noOpen'))]));
  };
  const talkBlock = (talk) => {
    const headingId = uniqueId('talk');
    let chat = chats.get(talk.conversationId);
    const canChat = moderator && talk.moderatorName === ctx.displayName;
    if (!chat && canChat) {
      chat = new ChatPanel({ hub: ctx.hub, conversationId: talk.conversationId, audience: 'pro', messagesLabel: t('people.talks.messagesLabel', { name: talk.nickname }) });
      chats.set(talk.conversationId, chat);
      const talkChat = chat;
      calls.set(talk.conversationId, new CallPanel({ connection: ctx.connection, conversationId: talk.conversationId, myParticipantId: () => talkChat.model.myParticipantId, audience: 'pro', whenNoCall: 'start' }));
    }
    const call = canChat ? calls.get(talk.conversationId) : null;
    return h('section', { class: 'private-talk', 'aria-labelledby': headingId },
      h('h3', { id: headingId, dir: 'auto' }, t('people.talks.with', { name: talk.nickname })),
      h('p', { class: 'muted' }, t('people.talks.heldBy', { name: talk.moderatorName || '' })),
      call ? call.element : null,
      chat ? chat.element : null,
      canChat ? h('button', { type: 'button', class: 'btn btn--small btn--secondary', onclick: () => end(talk) }, t('people.talks.end'), h('span', { class: 'visually-hidden' }, ` ${talk.nickname}`)) : null);
  };
  const claim = async (talk) => {
    try {
      await ctx.request({ claimPrivateTalk: { talkId: talk.id } });
      announce(t('people.talks.claimed', { name: talk.nickname }));
    } catch (err) {
      error.textContent = err?.code === 'CONFLICT' ? t('people.talks.alreadyClaimed') : errorText(err);
      error.hidden = false;
    }
    await load();
  };
  const end = async (talk) => {
    try {
      await ctx.request({ endPrivateTalk: { talkId: talk.id } });
    } catch (err) {
      showError(error, err);
    }
    await load();
  };
  ctx.onDispose(ctx.connection.on('push', (type, payload) => {
    // proApp announces a new request wherever the moderator is; here the lists follow
    if (type === 'privateTalk' && payload.roomId === ctx.room.id) load();
  }));
  body.append(
    h('h2', {}, t('people.talks.requestsTitle')),
    h('p', {}, t('people.talks.intro')),
    error,
    h('div', { 'aria-live': 'polite' }, requests),
    h('h2', {}, t('people.talks.openTitle')),
    open,
  );
  await load();
  await concernsPart(body, ctx);
}

/** A moderator opens a private talk with a member from the member list; then the talks page shows it. */
export async function openTalk(ctx, member) {
  await ctx.request({ openPrivateTalk: { roomId: ctx.room.id, participantId: member.participantId } });
}

async function concernsPart(body, ctx) {
  const section = h('section', { 'aria-labelledby': 'concerns-title' });
  body.append(section);
  let members = [];
  let concerns = [];
  try {
    [{ payload: { concerns = [] } }, { payload: { members = [] } }] = await Promise.all([
      ctx.request({ listConcerns: { roomId: ctx.room.id } }),
      ctx.request({ listRoomMembers: { roomId: ctx.room.id, includeFormer: true } }),
    ]);
  } catch (err) {
    if (err?.code === 'FORBIDDEN') return; // only the room's moderators and supervisors keep concerns
    section.append(h('p', { class: 'notice notice--error', role: 'alert' }, errorText(err)));
    return;
  }
  const list = h('div', {});
  const renderList = () => fill(list, concerns.length
    ? h('ul', { class: 'concern-list' }, concerns.map((c) => h('li', { 'data-concern': c.id },
      h('p', {}, h('strong', { dir: 'auto' }, c.nickname), ' · ', t('people.concerns.by', { name: c.createdByName || '', when: shortDateTime(parseTime(c.updatedAt || c.createdAt)) })),
      h('p', { dir: 'auto' }, c.note),
      (c.steps || []).length ? h('ol', {}, (c.steps || []).map((s) => h('li', {}, h('strong', {}, t(`people.meldcode.${s.step}`)), ': ', h('span', { dir: 'auto' }, s.whatWasDone)))) : null,
      h('button', { type: 'button', class: 'btn btn--small btn--secondary', 'data-edit': c.id, onclick: (event) => form.edit(c, event.currentTarget) },
        t('people.concerns.edit'), h('span', { class: 'visually-hidden' }, ` ${t('people.concerns.about', { name: c.nickname })}`)))))
    : h('p', {}, t('people.concerns.none')));
  const form = concernForm(ctx, members, (saved, updated) => {
    concerns = updated ? concerns.map((c) => (c.id === saved.id ? saved : c)) : [...concerns, saved];
    renderList();
    // back to where the moderator was: the concern's "Bewerken"
    if (updated) list.querySelector(`[data-edit="${CSS.escape(saved.id)}"]`)?.focus();
  }, (concernId) => concernId && list.querySelector(`[data-edit="${CSS.escape(concernId)}"]`)?.focus());
  renderList();
  // Another moderator or a supervisor recorded or changed a concern: list again (this read is audit-logged as ours).
  ctx.onDispose(ctx.connection.on('push', async (type, payload) => {
    if (type !== 'roomAlert' || payload.roomId !== ctx.room.id || payload.kind !== 'ALERT_CONCERNS_CHANGED') return;
    try {
      const { payload: { concerns: now = [] } } = await ctx.request({ listConcerns: { roomId: ctx.room.id } });
      if (JSON.stringify(now) === JSON.stringify(concerns)) return; // our own save: already shown
      const focused = list.contains(document.activeElement) ? document.activeElement.getAttribute('data-edit') : null;
      concerns = now;
      renderList();
      if (focused) list.querySelector(`[data-edit="${CSS.escape(focused)}"]`)?.focus();
    } catch {
      // the list stays as it was; opening the page again reads it
    }
  }));
  section.append(h('h2', { id: 'concerns-title' }, t('people.concerns.title')), h('p', {}, t('people.concerns.intro')), list, form.element);
}

/**
 * The concern form: records a new concern, or (edit) changes a concern's note and Meldcode steps. The member of a
 * concern does not change. onSaved(concern, updated); onCancel(concernId) after "Annuleren" of an edit.
 */
function concernForm(ctx, members, onSaved, onCancel = () => {}) {
  const memberSelect = h('select', { name: 'member', required: true }, members.map((m) => h('option', { value: m.participantId }, m.nickname)));
  const memberField = field({ label: t('people.concerns.member'), input: memberSelect });
  const note = h('textarea', { name: 'note', rows: '4', maxlength: '4000', required: true });
  const noteField = field({ label: t('people.concerns.note'), input: note, hint: t('people.concerns.noteHint') });
  const steps = MELDCODE_STEPS.map((step) => {
    const input = h('textarea', { name: step, rows: '2', maxlength: '2000' });
    return { step, input, field: field({ label: t(`people.meldcode.${step}`), input, optional: t('common.optional') }) };
  });
  const error = errorNotice();
  const titleId = uniqueId('concern-form-title');
  const heading = h('h3', { id: titleId, tabindex: '-1' }, t('people.concerns.new'));
  const submit = h('button', { type: 'submit', class: 'btn btn--primary' }, t('people.concerns.save'));
  const cancel = h('button', { type: 'button', class: 'btn btn--secondary', hidden: true }, t('common.cancel'));
  const form = h('form', { class: 'form', novalidate: true, 'aria-labelledby': titleId },
    heading,
    memberField.wrapper, noteField.wrapper,
    h('fieldset', { class: 'fieldset' }, h('legend', {}, t('people.concerns.steps')), ...steps.map((s) => s.field.wrapper)),
    error,
    h('div', { class: 'actions' }, submit, cancel));
  let editing = null; // the concern being changed, or null for a new one
  const toNew = () => {
    editing = null;
    form.reset();
    memberSelect.disabled = false;
    noteField.setError('');
    error.hidden = true;
    heading.textContent = t('people.concerns.new');
    submit.textContent = t('people.concerns.save');
    cancel.hidden = true;
  };
  cancel.addEventListener('click', () => {
    const id = editing?.id;
    toNew();
    onCancel(id);
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.hidden = true;
    if (!note.value.trim()) {
      noteField.setError(t('people.concerns.noteEmpty'));
      note.focus();
      return;
    }
    noteField.setError('');
    const concern = {
      id: editing?.id || '',
      roomId: ctx.room.id,
      participantId: editing ? editing.participantId : memberSelect.value,
      note: note.value.trim(),
      steps: steps.filter((s) => s.input.value.trim()).map((s) => ({ step: s.step, whatWasDone: s.input.value.trim() })),
    };
    const updated = !!editing;
    try {
      const { payload } = await ctx.request({ saveConcern: { concern } });
      toNew();
      announce(t(updated ? 'people.concerns.updated' : 'people.concerns.saved'));
      onSaved(payload, updated);
    } catch (err) {
      showError(error, err);
    }
  });
  return {
    element: form,
    /** Opens the form on an existing concern, prefilled; the focus goes to its note. */
    edit(concern) {
      toNew();
      editing = concern;
      if (![...memberSelect.options].some((o) => o.value === concern.participantId)) {
        memberSelect.append(h('option', { value: concern.participantId }, concern.nickname || ''));
      }
      memberSelect.value = concern.participantId;
      memberSelect.disabled = true;
      note.value = concern.note || '';
      for (const s of steps) s.input.value = (concern.steps || []).find((e) => e.step === s.step)?.whatWasDone || '';
      heading.textContent = t('people.concerns.editTitle', { name: concern.nickname || '' });
      submit.textContent = t('people.concerns.saveChanges');
      cancel.hidden = false;
      form.scrollIntoView?.({ block: 'start' });
      note.focus();
    },
  };
}

// --- meetings ---

/** A time as the value of an <input type="datetime-local"> (local time, minutes). */
export function localInputValue(date) {
  if (!date || Number.isNaN(date.getTime())) return '';
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * What is wrong with a meeting form's values before asking the server, as {field: i18n key}; empty when fine.
 * `values`: {when, duration, online, location}.
 */
export function meetingProblems({ when, duration, online, location }) {
  const problems = {};
  if (!when) problems.when = 'people.meetings.whenEmpty';
  const minutes = Number(duration);
  if (!Number.isInteger(minutes) || minutes < 15 || minutes > 480) problems.duration = 'people.meetings.durationInvalid';
  if (!online && !String(location || '').trim()) problems.location = 'people.meetings.locationEmpty';
  return problems;
}

export async function meetingsPage(body, ctx) {
  const error = errorNotice();
  const list = h('div', {});
  const past = h('div', {});
  const form = meetingForm(ctx, async (savedId) => {
    await load();
    if (savedId) list.querySelector(`[data-edit="${CSS.escape(savedId)}"]`)?.focus();
  }, (meetingId) => meetingId && list.querySelector(`[data-edit="${CSS.escape(meetingId)}"]`)?.focus());
  // an upcoming meeting can be edited or cancelled; one that has started gets its head count
  const item = (m, started) => {
    const when = shortDateTime(parseTime(m.startsAt));
    return h('li', { class: 'people-list__item', 'data-meeting': m.id },
      h('span', { dir: 'auto' }, h('strong', {}, when), ' · ', m.title ? `${m.title} · ` : '', m.online ? t('people.meeting.online') : m.location),
      h('span', {}, t('people.meetings.counts', { coming: m.coming || 0, notComing: m.notComing || 0 })),
      started ? attendanceForm(ctx, m, load) : h('span', { class: 'actions' },
        h('button', { type: 'button', class: 'btn btn--small btn--secondary', 'data-edit': m.id, onclick: () => form.edit(m) }, t('people.meetings.edit'), h('span', { class: 'visually-hidden' }, ` ${when}`)),
        h('button', { type: 'button', class: 'btn btn--small btn--danger', onclick: () => cancel(m) }, t('people.meetings.cancel'), h('span', { class: 'visually-hidden' }, ` ${when}`))));
  };
  const load = async () => {
    try {
      const { payload } = await ctx.request({ listMeetings: { roomId: ctx.room.id } });
      const now = Date.now();
      const meetings = payload.meetings || [];
      // a meeting that has started gets its head count (also after it ended: moderators see those of the last two weeks)
      const started = meetings.filter((m) => parseTime(m.startsAt).getTime() <= now);
      const coming = meetings.filter((m) => parseTime(m.startsAt).getTime() > now);
      fill(list, coming.length
        ? h('ul', { class: 'people-list' }, coming.map((m) => item(m, false)))
        : h('p', {}, t('people.meetings.none')));
      fill(past, started.length
        ? h('ul', { class: 'people-list' }, started.map((m) => item(m, true)))
        : h('p', {}, t('people.meetings.noneStarted')));
      error.hidden = true;
    } catch (err) {
      showError(error, err);
    }
  };
  const cancel = async (m) => {
    try {
      await ctx.request({ cancelMeeting: { meetingId: m.id } });
      announce(t('people.meetings.cancelled'));
      form.cancelled(m.id);
    } catch (err) {
      showError(error, err);
    }
    await load();
  };
  ctx.onDispose(ctx.connection.on('push', (type, payload) => {
    if (type === 'meeting' && payload.roomId === ctx.room.id) load();
  }));
  // Another moderator plans, changes or cancels a meeting: the room's conversation says so (MeetingsChanged).
  const moderator = (ctx.room.moderatorIds || []).includes(ctx.principalId);
  if (moderator && ctx.hub && ctx.room.conversationId) {
    const model = ctx.hub.open(ctx.room.conversationId);
    ctx.onDispose(model.on('change', (kind, event) => {
      if (kind === 'event' && event?.type === 'meetingsChanged') load();
    }));
  }
  body.append(h('h2', {}, t('people.meetings.title')), form.element, error,
    h('h2', {}, t('people.meetings.upcoming')), h('div', { 'aria-live': 'polite' }, list),
    h('h2', {}, t('people.meetings.started')), h('p', {}, t('people.meetings.startedHint')), past);
  await load();
}

/** "Aantal aanwezigen": the head count of a meeting that has started (0..2000), recorded again to correct it. */
function attendanceForm(ctx, m, reload) {
  const when = shortDateTime(parseTime(m.startsAt));
  const count = h('input', { type: 'number', name: 'attended', min: '0', max: '2000', step: '1', inputmode: 'numeric', required: true, value: m.attendanceRecorded ? String(m.attended || 0) : '', class: 'input--short' });
  const countField = field({
    label: t('people.meetings.attended'),
    input: count,
    hint: m.attendanceRecorded ? t('people.meetings.attendedRecorded', { n: m.attended || 0, when }) : t('people.meetings.attendedNone', { when }),
  });
  const form = h('form', { class: 'form form--inline', novalidate: true }, countField.wrapper,
    h('button', { type: 'submit', class: 'btn btn--small btn--primary' }, t('people.meetings.attendedSave'), h('span', { class: 'visually-hidden' }, ` ${when}`)));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const n = Number(count.value);
    if (count.value.trim() === '' || !Number.isInteger(n) || n < 0 || n > 2000) {
      countField.setError(t('people.meetings.attendedInvalid'));
      count.focus();
      return;
    }
    countField.setError('');
    try {
      await ctx.request({ recordMeetingAttendance: { meetingId: m.id, attended: n } });
      announce(t('people.meetings.attendedSaved', { n }));
      await reload();
    } catch (err) {
      countField.setError(errorText(err));
      count.focus();
    }
  });
  return form;
}

/**
 * The meeting form: plans a new meeting, or (edit) changes one: time, duration, place or online, title.
 * onSaved(meetingId of a changed one, or '') after saving; onCancel(meetingId) after "Annuleren" of an edit.
 */
function meetingForm(ctx, onSaved, onCancel) {
  const when = h('input', { type: 'datetime-local', name: 'startsAt', required: true });
  const whenField = field({ label: t('people.meetings.when'), input: when });
  const duration = h('input', { type: 'number', name: 'duration', min: '15', max: '480', value: '90', inputmode: 'numeric', required: true });
  const durationField = field({ label: t('people.meetings.duration'), input: duration });
  const online = h('input', { type: 'checkbox', id: uniqueId('online'), name: 'online' });
  const location = h('input', { type: 'text', name: 'location', maxlength: '300' });
  const locationField = field({ label: t('people.meetings.location'), input: location, hint: t('people.meetings.locationHint') });
  const title = h('input', { type: 'text', name: 'title', maxlength: '80' });
  const titleField = field({ label: t('people.meetings.titleLabel'), input: title, optional: t('common.optional') });
  online.addEventListener('change', () => {
    locationField.wrapper.hidden = online.checked;
  });
  const error = errorNotice();
  const titleId = uniqueId('meeting-form-title');
  const heading = h('h3', { id: titleId, tabindex: '-1' }, t('people.meetings.plan'));
  const submit = h('button', { type: 'submit', class: 'btn btn--primary' }, t('people.meetings.save'));
  const cancel = h('button', { type: 'button', class: 'btn btn--secondary', hidden: true }, t('common.cancel'));
  const form = h('form', { class: 'form', novalidate: true, 'aria-labelledby': titleId },
    heading,
    whenField.wrapper, durationField.wrapper,
    h('div', { class: 'check' }, online, h('label', { for: online.id }, t('people.meetings.online'))),
    locationField.wrapper, titleField.wrapper, error,
    h('div', { class: 'actions' }, submit, cancel));
  const fields = { when: whenField, duration: durationField, location: locationField };
  let editing = null; // the meeting being changed, or null for a new one
  const toNew = () => {
    editing = null;
    form.reset();
    locationField.wrapper.hidden = false;
    for (const f of Object.values(fields)) f.setError('');
    error.hidden = true;
    heading.textContent = t('people.meetings.plan');
    submit.textContent = t('people.meetings.save');
    cancel.hidden = true;
  };
  cancel.addEventListener('click', () => {
    const id = editing?.id;
    toNew();
    onCancel(id);
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.hidden = true;
    const problems = meetingProblems({ when: when.value, duration: duration.value, online: online.checked, location: location.value });
    for (const [name, f] of Object.entries(fields)) f.setError(problems[name] ? t(problems[name]) : '');
    const first = ['when', 'duration', 'location'].find((name) => problems[name]);
    if (first) {
      fields[first].input.focus();
      return;
    }
    const meeting = {
      id: editing?.id || '',
      roomId: ctx.room.id,
      startsAt: new Date(when.value).toISOString(),
      durationMinutes: Number(duration.value),
      online: online.checked,
      location: online.checked ? '' : location.value.trim(),
      title: title.value.trim(),
    };
    const changedId = editing?.id || '';
    try {
      await ctx.request({ saveMeeting: { meeting } });
      toNew();
      announce(t(changedId ? 'people.meetings.updated' : 'people.meetings.saved'));
      await onSaved(changedId);
    } catch (err) {
      error.textContent = err?.code === 'INVALID_ARGUMENT' ? t('people.meetings.invalid') : errorText(err);
      error.hidden = false;
    }
  });
  return {
    element: form,
    /** Opens the form on a planned meeting, prefilled; the focus goes to its date and time. */
    edit(meeting) {
      toNew();
      editing = meeting;
      when.value = localInputValue(parseTime(meeting.startsAt));
      duration.value = String(meeting.durationMinutes || 90);
      online.checked = !!meeting.online;
      locationField.wrapper.hidden = online.checked;
      location.value = meeting.online ? '' : meeting.location || '';
      title.value = meeting.title || '';
      heading.textContent = t('people.meetings.editTitle', { when: shortDateTime(parseTime(meeting.startsAt)) });
      submit.textContent = t('people.meetings.saveChanges');
      cancel.hidden = false;
      form.scrollIntoView?.({ block: 'start' });
      when.focus();
    },
    /** The meeting being changed was cancelled: back to a new one. */
    cancelled(meetingId) {
      if (editing?.id === meetingId) toNew();
    },
  };
}

// --- an invite's QR code for a poster ---

/** A button that shows the invite link as a QR code (drawn by the server), to save and print on a poster. */
export function qrButton(request, invite, name) {
  return h('button', {
    type: 'button',
    class: 'btn btn--small btn--secondary',
    onclick: async () => {
      let qr;
      try {
        ({ payload: qr } = await request({ getInviteQr: { inviteId: invite.id, origin: globalThis.location.origin } }));
      } catch (err) {
        announce(errorText(err));
        return;
      }
      // a data: URL (the page's Content-Security-Policy allows images from 'self' and data: only)
      const url = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(qr.svg)}`;
      await openDialog({
        title: t('people.qr.title', { name }),
        body: [
          h('img', { class: 'invite-qr', src: url, alt: t('people.qr.alt', { link: qr.link }), width: '256', height: '256' }),
          h('p', {}, h('span', { class: 'invite-link' }, qr.link)),
          h('p', {}, t('people.qr.hint')),
          h('p', {}, h('a', { href: url, download: `uitnodiging-${name || 'groep'}.svg`.replace(/[^\w.-]+/g, '-') }, t('people.qr.download'))),
        ],
        actions: [{ label: t('common.close') }],
      });
    },
  }, t('people.qr.button'), h('span', { class: 'visually-hidden' }, ` ${name}`));
}
