// /pro/rooms...: peer-support groups for their moderators (professionals) and org-admins.
//   /pro/rooms                   the groups I moderate (org-admins: all), with unread counts; "Nieuwe groep"
//   /pro/rooms/new               create a group
//   /pro/rooms/<id>              the group's conversation (the same message features as members, plus pin, hide,
//                                delete any message)
//   /pro/rooms/<id>/members      members: mute, lift a mute, remove
//   /pro/rooms/<id>/invites      invite links: create, copy, revoke, usage
//   /pro/rooms/<id>/moderation   pause, close, re-open, delete; hidden messages; the moderation log
//   /pro/rooms/<id>/safety       reports, messages waiting for review, holds, announcements, moderation hours,
//                                quiet hours, house rules (RoomSafetyPage)
//   /pro/rooms/<id>/settings     name, description, moderators, limits, history, retention
//   /pro/rooms/<id>/knocks       the knock link and the people asking to join (roomPeople.js)
//   /pro/rooms/<id>/talks        private talks (requests, open talks) and safeguarding concerns (roomPeople.js)
//   /pro/rooms/<id>/meetings     the meetings planner (roomPeople.js)
import { h, field, uniqueId } from '../../dom.js';
import { t } from '../../i18n.js';
import { announce } from '../../live.js';
import { openDialog, confirmDialog } from '../../dialog.js';
import { parseTime, shortDateTime } from '../../format.js';
import { toInt } from '../../format.js';
import { errorText } from '../errors.js';
import { RoomPanel } from '../roomPanel.js';
import { CallPanel } from '../call/callPanel.js';
import { askReason } from '../roomMessages.js';
import { RoomSafetyPage } from './roomSafetyPage.js';
import { knocksPage, talksPage, meetingsPage, openTalk, qrButton } from './roomPeople.js';

export const ROOM_PAGES = Object.freeze(['conversation', 'members', 'invites', 'knocks', 'talks', 'meetings', 'moderation', 'safety', 'settings']);


/** Mute lengths a moderator chooses from (the server takes 3600..604800 s). */
export const MUTE_CHOICES = Object.freeze([
  { key: 'hour', seconds: 3600 },
  { key: 'day', seconds: 86400 },
  { key: 'week', seconds: 604800 },
]);

/** The link a moderator hands out: this server's /g/<code>. */
export function inviteLink(code, origin = globalThis.location?.origin || '') {
  return `${origin}/g/${code}`;
}

/** What an invite's state is in words: usable, used up, expired or revoked. */
export function inviteStatus(invite, now = Date.now()) {
  if (invite.revokedAt) return 'revoked';
  const expires = parseTime(invite.expiresAt);
  if (expires && expires.getTime() <= now) return 'expired';
  const max = invite.singleUse ? 1 : invite.maxUses || 0;
  if (max && (invite.uses || 0) >= max) return 'usedUp';
  return 'usable';
}

export class RoomsView {
  #session;
  #navigate;
  #subpath;
  #panel = null;
  #call = null;
  #room = null;
  #safetyPage = null;
  #off = [];

  /** @param {{session, navigate, subpath: string[]}} o subpath after /pro/rooms */
  constructor({ session, navigate, subpath }) {
    this.#session = session;
    this.#navigate = navigate;
    this.#subpath = subpath;
    this.element = h('div', { class: 'rooms-page' }, h('p', { class: 'loading' }, t('common.loading')));
  }

  mount() {
    const [id = '', page = 'conversation'] = this.#subpath;
    if (!id) this.#showList();
    else if (id === 'new') this.#showEditor(null);
    else this.#showRoom(id, ROOM_PAGES.includes(page) ? page : 'conversation');
  }

  dispose() {
    for (const off of this.#off) off();
    this.#safetyPage?.dispose();
    this.#call?.dispose();
    this.#panel?.dispose();
    if (this.#room?.conversationId) this.#session.hub?.close(this.#room.conversationId);
  }

  get #connection() {
    return this.#session.connection;
  }

  #request(body) {
    return this.#connection.request(body);
  }

  // --- the list ---

  async #showList() {
    const list = h('div', {}, h('p', { class: 'loading' }, t('common.loading')));
    this.element.replaceChildren(
      h(
        'section',
        { class: 'card' },
        h('h1', {}, t('pro.rooms.title')),
        h('p', {}, t('pro.rooms.intro')),
        h('p', {}, h('a', { class: 'btn btn--primary', href: '/pro/rooms/new', 'data-link': '' }, t('pro.rooms.new'))),
        list,
      ),
    );
    try {
      const { payload } = await this.#request({ listRooms: {} });
      const rooms = payload.rooms || [];
      list.replaceChildren(
        rooms.length
          ? h(
            'ul',
            { class: 'rooms-list' },
            rooms.map((room) =>
              h(
                'li',
                {},
                h(
                  'a',
                  { href: `/pro/rooms/${room.id}`, 'data-link': '' },
                  room.name,
                  room.unreadCount
                    ? h('span', { class: 'count' }, h('span', { 'aria-hidden': 'true' }, unreadText(room.unreadCount)), h('span', { class: 'visually-hidden' }, t('pro.rooms.unread', { n: unreadText(room.unreadCount) })))
                    : null,
                ),
                h('span', { class: 'muted' }, [t(`pro.rooms.state.${room.state || 'ROOM_OPEN'}`), t('pro.rooms.members', { n: room.memberCount || 0 })].join(' · ')),
              ),
            ),
          )
          : h('p', {}, t('pro.rooms.none')),
      );
    } catch (err) {
      list.replaceChildren(h('p', { class: 'notice notice--error', role: 'alert' }, errorText(err)));
    }
  }

  // --- one room ---

  async #showRoom(id, page) {
    let room;
    try {
      ({ payload: room } = await this.#request({ getRoom: { roomId: id } }));
    } catch (err) {
      this.element.replaceChildren(h('section', { class: 'card' }, h('h1', {}, t('pro.rooms.notFound')), h('p', {}, errorText(err)), backLink()));
      return;
    }
    this.#room = room;
    if (page === 'settings') {
      this.#showEditor(room);
      return;
    }
    const body = h('div', {});
    this.element.replaceChildren(
      h(
        'section',
        { class: 'card' },
        backLink(),
        h('h1', {}, room.name),
        roomNav(room.id, page),
        body,
      ),
    );
    const build = {
      conversation: () => this.#conversation(body, room),
      members: () => this.#members(body, room),
      invites: () => this.#invites(body, room),
      moderation: () => this.#moderation(body, room),
      safety: () => {
        this.#safetyPage = new RoomSafetyPage({ request: (b) => this.#request(b), room, connection: this.#connection });
        body.append(this.#safetyPage.element);
        return this.#safetyPage.reload();
      },
      knocks: () => knocksPage(body, this.#peopleContext(room)),
      talks: () => talksPage(body, this.#peopleContext(room)),
      meetings: () => meetingsPage(body, this.#peopleContext(room)),
    }[page];
    await build();
  }

  /** What the pages of roomPeople.js need. */
  #peopleContext(room) {
    return {
      request: (body) => this.#request(body),
      connection: this.#connection,
      hub: this.#session.hub,
      room,
      principalId: this.#session.principalId,
      displayName: this.#session.displayName,
      onDispose: (off) => this.#off.push(off),
    };
  }

  #conversation(body, room) {
    const moderator = (room.moderatorIds || []).includes(this.#session.principalId);
    if (!moderator) {
      // Org-admins who do not moderate the room are not in its conversation.
      body.append(h('p', { class: 'notice notice--info' }, t('pro.rooms.notModerator')));
      return;
    }
    this.#panel = new RoomPanel({ hub: this.#session.hub, conversationId: room.conversationId, moderator: true, initialState: room.state });
    // The group's online meeting: a moderator starts it; members join and leave freely.
    const panel = this.#panel;
    this.#call = new CallPanel({
      connection: this.#session.connection,
      conversationId: room.conversationId,
      myParticipantId: () => panel.model.myParticipantId,
      audience: 'pro',
      whenNoCall: 'start',
      meeting: true,
    });
    body.append(this.#call.element, this.#panel.element);
  }

  async #members(body, room) {
    const includeFormer = h('input', { type: 'checkbox', id: 'include-former' });
    const table = h('div', { class: 'table-scroll' });
    const error = h('p', { class: 'notice notice--error', role: 'alert', hidden: true });
    const load = async () => {
      try {
        const [{ payload }, invites, seen] = await Promise.all([
          this.#request({ listRoomMembers: { roomId: room.id, includeFormer: includeFormer.checked } }),
          this.#request({ listInvites: { roomId: room.id } }).then((r) => r.payload.invites || []).catch(() => []),
          this.#request({ listLastSeen: { roomId: room.id } }).then((r) => r.payload.members || []).catch(() => []),
        ]);
        const labels = new Map(invites.map((i) => [i.id, i.label || t('pro.rooms.invites.noLabel')]));
        const lastSeen = new Map(seen.map((m) => [m.participantId, { at: parseTime(m.lastSeenAt), away: parseTime(m.awayUntil) }]));
        table.replaceChildren(this.#membersTable(room, payload.members || [], labels, load, error, lastSeen));
      } catch (err) {
        error.textContent = errorText(err);
        error.hidden = false;
      }
    };
    includeFormer.addEventListener('change', load);
    body.append(
      h('h2', {}, t('pro.rooms.members.title')),
      h('div', { class: 'check' }, includeFormer, h('label', { for: 'include-former' }, t('pro.rooms.members.includeFormer'))),
      error,
      table,
    );
    await load();
  }

  #membersTable(room, members, labels, reload, error, lastSeen = new Map()) {
    if (!members.length) return h('p', {}, t('pro.rooms.members.none'));
    const now = Date.now();
    return h(
      'table',
      { class: 'room-table' },
      h('caption', { class: 'visually-hidden' }, t('pro.rooms.members.title')),
      h('thead', {}, h('tr', {}, ['name', 'joined', 'invite', 'seen', 'status', 'actions'].map((c) => h('th', { scope: 'col' }, t(`pro.rooms.members.col.${c}`))))),
      h(
        'tbody',
        {},
        members.map((m) => {
          const muted = parseTime(m.mutedUntil);
          const mutedNow = muted && muted.getTime() > now;
          const active = (m.status || 'MEMBER_ACTIVE') === 'MEMBER_ACTIVE';
          const status = active ? (mutedNow ? t('pro.rooms.members.mutedUntil', { when: shortDateTime(muted) }) : t('pro.rooms.members.active')) : t(`pro.rooms.members.${m.status}`);
          const actions = active
            ? [
              h('button', { type: 'button', class: 'btn btn--small btn--secondary', onclick: () => this.#mute(room, m, reload, error) }, mutedNow ? t('pro.rooms.members.unmute') : t('pro.rooms.members.mute'), h('span', { class: 'visually-hidden' }, ` ${m.nickname}`)),
              h('button', { type: 'button', class: 'btn btn--small btn--danger', onclick: () => this.#remove(room, m, reload, error) }, t('pro.rooms.members.remove'), h('span', { class: 'visually-hidden' }, ` ${m.nickname}`)),
              (room.moderatorIds || []).includes(this.#session.principalId)
                ? h('button', {
                  type: 'button',
                  class: 'btn btn--small btn--secondary',
                  onclick: async () => {
                    try {
                      await openTalk(this.#peopleContext(room), m);
                      this.#navigate(`/pro/rooms/${room.id}/talks`);
                    } catch (err) {
                      error.textContent = errorText(err);
                      error.hidden = false;
                    }
                  },
                }, t('people.talks.open'), h('span', { class: 'visually-hidden' }, ` ${m.nickname}`))
                : null,
            ]
            : [];
          // privacy rights (AVG): export a member's data, or erase it, also for former members
          actions.push(
            h('button', { type: 'button', class: 'btn btn--small btn--secondary', 'data-action': 'member-export', onclick: () => this.#memberData(room, m, false, reload, error) }, t('pro.rooms.members.export'), h('span', { class: 'visually-hidden' }, ` ${m.nickname}`)),
            h('button', { type: 'button', class: 'btn btn--small btn--danger', 'data-action': 'member-erase', onclick: () => this.#memberData(room, m, true, reload, error) }, t('pro.rooms.members.erase'), h('span', { class: 'visually-hidden' }, ` ${m.nickname}`)),
          );
          return h(
            'tr',
            {},
            h('th', { scope: 'row' }, m.nickname || t('chat.someone')),
            h('td', {}, m.joinedAt ? shortDateTime(parseTime(m.joinedAt)) : ''),
            h('td', {}, labels.get(m.inviteId) || (m.inviteId ? '' : t('people.knocks.joinedByKnock'))),
            h('td', {}, seenText(lastSeen.get(m.participantId))),
            h('td', {}, status),
            h('td', {}, h('div', { class: 'row-actions' }, actions)),
          );
        }),
      ),
    );
  }

  /** Downloads what is stored about the member (JSON), and with `erase` erases it after a confirmation. */
  async #memberData(room, member, erase, reload, error) {
    if (erase) {
      const ok = await confirmDialog({ title: t('pro.rooms.members.eraseTitle', { name: member.nickname || '' }), text: t('pro.rooms.members.eraseText'), confirmLabel: t('pro.rooms.members.eraseConfirm'), danger: true });
      if (!ok) return;
    }
    try {
      const { payload } = await this.#request({ memberData: { roomId: room.id, participantId: member.participantId, erase } });
      const url = URL.createObjectURL(new Blob([JSON.stringify(payload, null, 2)], { type: 'application/json;charset=utf-8' }));
      const link = h('a', { href: url, download: `lid-${member.participantId}.json`, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      announce(t(erase ? 'pro.rooms.members.erased' : 'pro.rooms.members.exported'));
      if (erase) await reload();
    } catch (err) {
      error.textContent = errorText(err);
      error.hidden = false;
    }
  }

  async #mute(room, member, reload, error) {
    const muted = parseTime(member.mutedUntil);
    if (muted && muted.getTime() > Date.now()) {
      const reason = await askReason({
        title: t('pro.rooms.members.unmuteTitle', { name: member.nickname }),
        confirmLabel: t('pro.rooms.members.unmute'),
        onConfirm: (r) => this.#request({ muteMember: { roomId: room.id, participantId: member.participantId, durationSeconds: '0', reason: r } }),
      });
      if (reason) await reload();
      return;
    }
    const id = uniqueId('mute');
    const select = h('select', { id, name: 'duration' }, MUTE_CHOICES.map((c) => h('option', { value: String(c.seconds) }, t(`pro.rooms.mute.${c.key}`))));
    const reason = await askReason({
      title: t('pro.rooms.members.muteTitle', { name: member.nickname }),
      text: t('pro.rooms.members.muteText'),
      extra: h('div', { class: 'field' }, h('label', { for: id, class: 'field__label' }, t('pro.rooms.mute.duration')), select),
      confirmLabel: t('pro.rooms.members.mute'),
      onConfirm: (r) => this.#request({ muteMember: { roomId: room.id, participantId: member.participantId, durationSeconds: select.value, reason: r } }),
    });
    if (reason) {
      announce(t('pro.rooms.members.mutedAnnounce', { name: member.nickname }));
      await reload();
    }
    error.hidden = true;
  }

  async #remove(room, member, reload) {
    const reason = await askReason({
      title: t('pro.rooms.members.removeTitle', { name: member.nickname }),
      text: t('pro.rooms.members.removeText'),
      confirmLabel: t('pro.rooms.members.remove'),
      danger: true,
      onConfirm: (r) => this.#request({ removeMember: { roomId: room.id, participantId: member.participantId, reason: r } }),
    });
    if (reason) {
      announce(t('pro.rooms.members.removedAnnounce', { name: member.nickname }));
      await reload();
    }
  }

  async #invites(body, room) {
    const list = h('div', { class: 'table-scroll' });
    const error = h('p', { class: 'notice notice--error', role: 'alert', hidden: true });
    const load = async () => {
      try {
        const { payload } = await this.#request({ listInvites: { roomId: room.id } });
        list.replaceChildren(this.#invitesTable(payload.invites || [], load, error));
      } catch (err) {
        error.textContent = errorText(err);
        error.hidden = false;
      }
    };
    body.append(h('h2', {}, t('pro.rooms.invites.title')), h('p', {}, t('pro.rooms.invites.intro')), this.#inviteForm(room, load), error, h('h2', {}, t('pro.rooms.invites.listTitle')), list);
    await load();
  }

  #inviteForm(room, reload) {
    const label = h('input', { type: 'text', name: 'label', maxlength: '80' });
    const singleUse = h('input', { type: 'checkbox', id: uniqueId('single'), name: 'singleUse' });
    const maxUses = h('input', { type: 'number', name: 'maxUses', min: '0', max: '10000', inputmode: 'numeric' });
    const expires = h('input', { type: 'date', name: 'expires' });
    const labelField = field({ label: t('pro.rooms.invites.label'), input: label, hint: t('pro.rooms.invites.labelHint'), optional: t('common.optional') });
    const maxField = field({ label: t('pro.rooms.invites.maxUses'), input: maxUses, hint: t('pro.rooms.invites.maxUsesHint'), optional: t('common.optional') });
    const expiresField = field({ label: t('pro.rooms.invites.expires'), input: expires, hint: t('pro.rooms.invites.expiresHint'), optional: t('common.optional') });
    const error = h('p', { class: 'notice notice--error', role: 'alert', hidden: true });
    const result = h('div', { role: 'status' });
    const form = h(
      'form',
      { class: 'form', novalidate: true },
      labelField.wrapper,
      h('div', { class: 'check' }, singleUse, h('label', { for: singleUse.id }, t('pro.rooms.invites.singleUse'))),
      maxField.wrapper,
      expiresField.wrapper,
      error,
      h('button', { type: 'submit', class: 'btn btn--primary' }, t('pro.rooms.invites.create')),
      result,
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      error.hidden = true;
      const request = { roomId: room.id, singleUse: singleUse.checked, label: label.value.trim() };
      if (maxUses.value && !singleUse.checked) request.maxUses = Number(maxUses.value);
      // The end of the chosen day, local time.
      if (expires.value) request.expiresAt = new Date(`${expires.value}T23:59:59`).toISOString();
      try {
        const { payload } = await this.#request({ createInvite: request });
        const link = inviteLink(payload.code);
        result.replaceChildren(h('p', { class: 'notice notice--success' }, t('pro.rooms.invites.created'), ' ', h('span', { class: 'invite-link' }, link), ' ', copyButton(link)));
        form.reset();
        await reload();
      } catch (err) {
        error.textContent = err?.code === 'INVALID_ARGUMENT' ? t('pro.rooms.invites.invalid') : errorText(err);
        error.hidden = false;
      }
    });
    return form;
  }

  #invitesTable(invites, reload, error) {
    if (!invites.length) return h('p', {}, t('pro.rooms.invites.none'));
    return h(
      'table',
      { class: 'room-table' },
      h('caption', { class: 'visually-hidden' }, t('pro.rooms.invites.listTitle')),
      h('thead', {}, h('tr', {}, ['label', 'link', 'uses', 'status', 'actions'].map((c) => h('th', { scope: 'col' }, t(`pro.rooms.invites.col.${c}`))))),
      h(
        'tbody',
        {},
        invites.map((invite) => {
          const status = inviteStatus(invite);
          const link = inviteLink(invite.code);
          const max = invite.singleUse ? 1 : invite.maxUses || 0;
          const expires = parseTime(invite.expiresAt);
          const name = invite.label || t('pro.rooms.invites.noLabel');
          return h(
            'tr',
            {},
            h('th', { scope: 'row' }, name),
            h('td', {}, h('span', { class: 'invite-link' }, link)),
            h('td', {}, max ? t('pro.rooms.invites.usesOf', { n: invite.uses || 0, max }) : String(invite.uses || 0)),
            h('td', {}, t(`pro.rooms.invites.status.${status}`), expires && status === 'usable' ? ` · ${t('pro.rooms.invites.until', { when: shortDateTime(expires) })}` : ''),
            h(
              'td',
              {},
              status === 'usable' ? copyButton(link, name) : null,
              status === 'usable' ? qrButton((body) => this.#request(body), invite, name) : null,
              status === 'usable'
                ? h('button', {
                  type: 'button',
                  class: 'btn btn--small btn--danger',
                  onclick: async () => {
                    try {
                      await this.#request({ revokeInvite: { inviteId: invite.id } });
                      announce(t('pro.rooms.invites.revoked', { name }));
                      await reload();
                    } catch (err) {
                      error.textContent = errorText(err);
                      error.hidden = false;
                    }
                  },
                }, t('pro.rooms.invites.revoke'), h('span', { class: 'visually-hidden' }, ` ${name}`))
                : null,
            ),
          );
        }),
      ),
    );
  }

  async #moderation(body, room) {
    const error = h('p', { class: 'notice notice--error', role: 'alert', hidden: true });
    const state = room.state || 'ROOM_OPEN';
    const stateButton = (target, danger = false) =>
      h('button', {
        type: 'button',
        class: ['btn', danger ? 'btn--danger' : 'btn--secondary'],
        onclick: async () => {
          const reason = await askReason({
            title: t(`pro.rooms.moderation.to.${target}.title`),
            text: t(`pro.rooms.moderation.to.${target}.text`),
            confirmLabel: t(`pro.rooms.moderation.to.${target}.button`),
            onConfirm: (r) => this.#request({ setRoomState: { roomId: room.id, state: target, reason: r } }),
          });
          if (reason) {
            announce(t(`pro.rooms.state.${target}`));
            this.#showRoom(room.id, 'moderation');
          }
        },
      }, t(`pro.rooms.moderation.to.${target}.button`));
    const targets = ['ROOM_OPEN', 'ROOM_PAUSED', 'ROOM_CLOSED'].filter((s) => s !== state);
    const log = h('div', { class: 'table-scroll' }, h('p', { class: 'loading' }, t('common.loading')));
    const hidden = h('div', {});
    body.append(
      h('h2', {}, t('pro.rooms.moderation.stateTitle')),
      h('p', {}, t('pro.rooms.moderation.stateNow', { state: t(`pro.rooms.state.${state}`) })),
      h('div', { class: 'actions' }, targets.map((target) => stateButton(target))),
      error,
      h('h2', {}, t('pro.rooms.moderation.hiddenTitle')),
      hidden,
      h('h2', {}, t('pro.rooms.moderation.logTitle')),
      log,
      h('h2', {}, t('pro.rooms.moderation.deleteTitle')),
      h('p', {}, t('pro.rooms.moderation.deleteText')),
      h('button', { type: 'button', class: 'btn btn--danger', onclick: () => this.#deleteRoom(room) }, t('pro.rooms.moderation.delete')),
    );
    try {
      const [{ payload: logPayload }, { payload: hiddenPayload }] = await Promise.all([
        this.#request({ getModerationLog: { roomId: room.id } }),
        this.#request({ getHiddenMessages: { roomId: room.id } }),
      ]);
      log.replaceChildren(this.#logTable(logPayload.entries || []));
      const events = (hiddenPayload.events || []).filter((e) => e.text || e.roomMessage);
      hidden.replaceChildren(
        events.length
          ? h('ul', {}, events.map((e) => h('li', {}, h('strong', {}, `${e.senderName || t('chat.someone')}: `), (e.text || e.roomMessage).text || '')))
          : h('p', {}, t('pro.rooms.moderation.hiddenNone')),
      );
    } catch (err) {
      log.replaceChildren();
      error.textContent = errorText(err);
      error.hidden = false;
    }
  }

  #logTable(entries) {
    if (!entries.length) return h('p', {}, t('pro.rooms.moderation.logNone'));
    return h(
      'table',
      { class: 'room-table' },
      h('caption', { class: 'visually-hidden' }, t('pro.rooms.moderation.logTitle')),
      h('thead', {}, h('tr', {}, ['when', 'who', 'action', 'reason'].map((c) => h('th', { scope: 'col' }, t(`pro.rooms.log.col.${c}`))))),
      h(
        'tbody',
        {},
        [...entries].reverse().map((e) => {
          const until = parseTime(e.mutedUntil);
          const action = t(`pro.rooms.log.${e.action || 'MODERATION_ACTION_UNSPECIFIED'}`) + (until ? ` (${t('pro.rooms.log.until', { when: shortDateTime(until) })})` : '') + (toInt(e.seq) ? ` · ${t('pro.rooms.log.message', { seq: toInt(e.seq) })}` : '');
          return h('tr', {}, h('td', {}, e.at ? shortDateTime(parseTime(e.at)) : ''), h('td', {}, e.moderatorName || ''), h('td', {}, action), h('td', {}, e.reason || ''));
        }),
      ),
    );
  }

  async #deleteRoom(room) {
    const id = uniqueId('confirm-name');
    const nameInput = h('input', { type: 'text', id, autocomplete: 'off' });
    const reason = await askReason({
      title: t('pro.rooms.moderation.deleteConfirmTitle', { name: room.name }),
      text: t('pro.rooms.moderation.deleteConfirmText'),
      extra: h('div', { class: 'field' }, h('label', { for: id, class: 'field__label' }, t('pro.rooms.moderation.typeName', { name: room.name })), nameInput),
      confirmLabel: t('pro.rooms.moderation.delete'),
      danger: true,
      onConfirm: async (r) => {
        if (nameInput.value.trim() !== room.name) throw { text: t('pro.rooms.moderation.nameMismatch') };
        await this.#request({ deleteRoom: { roomId: room.id, reason: r } });
      },
    });
    if (reason) {
      this.#room = null;
      announce(t('pro.rooms.moderation.deleted', { name: room.name }));
      this.#navigate('/pro/rooms');
    }
  }

  // --- create / edit ---

  async #showEditor(room) {
    const isNew = !room;
    const name = h('input', { type: 'text', name: 'name', maxlength: '80', required: true });
    const description = h('textarea', { name: 'description', rows: '4', maxlength: '1000' });
    const limit = h('input', { type: 'number', name: 'memberLimit', min: '1', max: '2000', inputmode: 'numeric' });
    const retention = h('input', { type: 'number', name: 'retentionDays', min: '0', max: '3650', inputmode: 'numeric' });
    const fromJoin = h('input', { type: 'checkbox', id: 'history-from-join', name: 'fromJoin' });
    name.value = room?.name || '';
    description.value = room?.description || '';
    limit.value = String(room?.memberLimit || 200);
    retention.value = String(room?.retentionDays || 0);
    fromJoin.checked = room?.historyVisibility === 'FROM_JOIN';
    const nameField = field({ label: t('pro.rooms.edit.name'), input: name });
    const fields = [
      nameField.wrapper,
      field({ label: t('pro.rooms.edit.description'), input: description, hint: t('pro.rooms.edit.descriptionHint'), optional: t('common.optional') }).wrapper,
      field({ label: t('pro.rooms.edit.memberLimit'), input: limit, hint: t('pro.rooms.edit.memberLimitHint') }).wrapper,
      field({ label: t('pro.rooms.edit.retention'), input: retention, hint: t('pro.rooms.edit.retentionHint') }).wrapper,
      h('div', { class: 'check' }, fromJoin, h('label', { for: 'history-from-join' }, t('pro.rooms.edit.fromJoin'))),
    ];
    // Moderators: org-admins choose among the organisation's professionals; a professional keeps themselves.
    const me = this.#session.principalId;
    let moderatorBoxes = [];
    if (this.#session.isOrgAdmin) {
      try {
        const { payload } = await this.#request({ listAccounts: {} });
        const professionals = (payload.accounts || []).filter((a) => (a.roles || []).includes('ROLE_PROFESSIONAL') && !a.disabled);
        const chosen = new Set(room?.moderatorIds || [me]);
        moderatorBoxes = professionals.map((a) => {
          const box = h('input', { type: 'checkbox', id: `mod-${a.id}`, value: a.id, checked: chosen.has(a.id) });
          return { box, row: h('div', { class: 'check' }, box, h('label', { for: box.id }, a.displayName || a.username)) };
        });
      } catch {
        moderatorBoxes = [];
      }
    }
    if (moderatorBoxes.length) {
      fields.push(h('fieldset', { class: 'fieldset' }, h('legend', {}, t('pro.rooms.edit.moderators')), moderatorBoxes.map((m) => m.row)));
    } else {
      fields.push(h('p', { class: 'muted' }, t('pro.rooms.edit.youModerate')));
    }
    const error = h('p', { class: 'notice notice--error', role: 'alert', hidden: true });
    const form = h('form', { class: 'form', novalidate: true }, fields, error, h('button', { type: 'submit', class: 'btn btn--primary' }, isNew ? t('pro.rooms.edit.create') : t('common.save')));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      error.hidden = true;
      if (!name.value.trim()) {
        nameField.setError(t('pro.rooms.edit.nameRequired'));
        name.focus();
        return;
      }
      nameField.setError('');
      const moderatorIds = moderatorBoxes.length ? moderatorBoxes.filter((m) => m.box.checked).map((m) => m.box.value) : room?.moderatorIds || [me];
      const saved = {
        ...(room ? { id: room.id } : {}),
        name: name.value.trim(),
        description: description.value.trim(),
        moderatorIds,
        memberLimit: Number(limit.value) || 0,
        retentionDays: Number(retention.value) || 0,
        historyVisibility: fromJoin.checked ? 'FROM_JOIN' : 'FULL_HISTORY',
      };
      try {
        const { payload } = await this.#request({ saveRoom: { room: saved } });
        announce(t('pro.rooms.edit.saved'));
        this.#navigate(`/pro/rooms/${payload.id}`);
      } catch (err) {
        error.textContent = err?.code === 'INVALID_ARGUMENT' ? t('pro.rooms.edit.invalid', { detail: err.message }) : errorText(err);
        error.hidden = false;
      }
    });
    this.element.replaceChildren(
      h(
        'section',
        { class: 'card' },
        backLink(),
        h('h1', {}, isNew ? t('pro.rooms.new') : room.name),
        room ? roomNav(room.id, 'settings') : null,
        isNew ? null : h('h2', {}, t('pro.rooms.nav.settings')),
        form,
      ),
    );
  }
}

/** "laatst gezien …" and, on a break, "weg tot …". */
function seenText(seen) {
  if (!seen) return '';
  const parts = [];
  if (seen.at) parts.push(t('people.lastSeen', { when: shortDateTime(seen.at) }));
  if (seen.away) parts.push(t('people.lastSeen.away', { when: shortDateTime(seen.away) }));
  return parts.join(' · ');
}

function unreadText(n) {
  return n >= 100 ? '99+' : String(n);
}

function backLink() {
  return h('p', {}, h('a', { href: '/pro/rooms', 'data-link': '' }, `← ${t('pro.rooms.back')}`));
}

function roomNav(id, current) {
  return h(
    'nav',
    { 'aria-label': t('pro.rooms.nav.label') },
    h(
      'ul',
      { class: 'room-tabs pro-nav' },
      ROOM_PAGES.map((page) =>
        h('li', {}, h('a', { href: page === 'conversation' ? `/pro/rooms/${id}` : `/pro/rooms/${id}/${page}`, 'data-link': '', 'aria-current': page === current ? 'page' : null }, t(`pro.rooms.nav.${page}`))),
      ),
    ),
  );
}

/** A button that copies an invite link (the Clipboard API; else the link is selected to copy by hand). */
function copyButton(link, name = '') {
  const button = h('button', {
    type: 'button',
    class: 'btn btn--small btn--secondary',
    onclick: async () => {
      try {
        await navigator.clipboard.writeText(link);
        announce(t('pro.rooms.invites.copied'));
        button.firstChild.textContent = t('pro.rooms.invites.copiedShort');
      } catch {
        announce(t('pro.rooms.invites.copyFailed'));
      }
    },
  }, h('span', {}, t('pro.rooms.invites.copy')), name ? h('span', { class: 'visually-hidden' }, ` ${name}`) : null);
  return button;
}
