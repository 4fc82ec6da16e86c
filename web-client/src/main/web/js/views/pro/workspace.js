// The professional's work page: office hours with duty switches, the live queues, and the open chats.
// Phone: tabs ("Wachtrij" + one per chat). Desktop: the queue on the left, the chats side by side.
// A moderator of peer-support groups also finds there the members' requests for a private talk ("Oppakken") and
// their open private talks, as chats next to the office-hour chats (TalkModel, TalkColumn).
import { h, replaceChildren } from '../../dom.js';
import { t, tn } from '../../i18n.js';
import { announce } from '../../live.js';
import { attention } from '../../notify.js';
import { clockTime, closesText, elapsed, parseTime, shortDateTime } from '../../format.js';
import { errorText } from '../errors.js';
import { ChatColumn } from './chatColumn.js';
import { TalkColumn } from './talkColumn.js';
import { morphChildren } from '../../morph.js';
import { openDialog } from '../../dialog.js';

const QUEUE_TAB = 'queue';

export class WorkspaceView {
  #session;
  #model;
  #columns = new Map(); // conversationId -> ChatColumn
  #tabs = new Map(); // key -> tab button
  #active = QUEUE_TAB;
  #unread = new Set();
  #off = [];
  #ticker = null;
  #errors = new Map(); // officeHourId -> message

  #canned;
  #talks;
  #talkError = '';

  /** @param {{session, model, canned?, talks?: import('../../talkModel.js').TalkModel}} o */
  constructor({ session, model, canned = null, talks = null }) {
    this.#session = session;
    this.#model = model;
    this.#canned = canned;
    this.#talks = talks;
    this.tablist = h('div', { class: 'workspace-tabs', role: 'tablist', 'aria-label': t('pro.work.tabsLabel') });
    this.tablist.addEventListener('keydown', (e) => this.#onTabKey(e));
    this.queueContent = h('div', { class: 'pro-home' });
    // The cards are updated in place (morph.js), so their buttons act on what holds at the click.
    this.queueContent.addEventListener('click', (event) => this.#onCardClick(event));
    // The private talks of the groups I moderate: requests to pick up, my open talks (hidden without groups).
    this.talksContent = h('div', {});
    this.talksContent.addEventListener('click', (event) => this.#onTalkClick(event));
    this.queuePanel = h(
      'section',
      { class: 'workspace-panel is-active', id: 'panel-queue', role: 'tabpanel', 'aria-labelledby': 'tab-queue' },
      this.queueContent,
      this.talksContent,
    );
    this.chatsArea = h('div', { class: 'workspace-chats', 'data-empty': t('pro.work.noChats') });
    // The page heading stays outside the tab panels, so it is there whichever tab is open.
    this.element = h('div', {}, h('h1', { class: 'h1--compact' }, t('pro.work.title')), this.tablist, h('div', { class: 'workspace' }, this.queuePanel, this.chatsArea));
    this.#off.push(
      model.on('change', (kind, id) => {
        if (kind === 'chats') return;
        this.#renderQueues();
        if (kind === 'queue') for (const column of this.#columns.values()) column.render();
      }),
    );
    if (talks) this.#off.push(talks.on('change', () => this.#syncTalks()));
    this.#renderTabs();
    this.#renderQueues();
    this.#syncTalks();
    // Waiting times tick without rebuilding anything.
    this.#ticker = setInterval(() => this.#tick(), 1000);
  }

  onShow() {
    this.#renderQueues();
    this.#columns.get(this.#active)?.chat.setActive(true);
  }

  dispose() {
    clearInterval(this.#ticker);
    for (const off of this.#off) off();
    for (const column of this.#columns.values()) column.dispose();
    this.#columns.clear();
  }

  /**
   * Show a chat (claimed, transferred to me, supervised, or resumed after a reload).
   * Returns true when it was not open yet.
   */
  /** Whether I hold a chat that still runs (reading along does not count). */
  get holdsChat() {
    for (const column of this.#columns.values()) if (!column.supervising && !column.chat.model.ended) return true;
    return false;
  }

  openChat(info, mode, focus) {
    const isNew = this.#model.addChat(info, mode);
    let column = this.#columns.get(info.conversationId);
    if (column) {
      column.update(info);
    } else {
      column = new ChatColumn({
        session: this.#session,
        model: this.#model,
        info: this.#model.chats.get(info.conversationId),
        onClose: (detail) => this.#closeChat(info.conversationId, detail),
        onNewMessage: (event) => this.#onNewMessage(info.conversationId, event),
        canned: this.#canned,
      });
      this.#columns.set(info.conversationId, column);
      // After a reload the nickname is only known once the participants arrive: relabel the tab then.
      this.#off.push(column.chat.model.on('change', (kind) => kind === 'subscribed' && this.#renderTabs()));
      column.element.classList.add('workspace-panel');
      column.element.id = `panel-${info.conversationId}`;
      column.element.setAttribute('role', 'tabpanel');
      column.element.setAttribute('aria-labelledby', `tab-${info.conversationId}`);
      this.chatsArea.append(column.element);
      this.#renderTabs();
    }
    if (focus) {
      this.#activate(info.conversationId);
      column.chat.focusComposer();
    } else {
      this.#renderTabs();
      this.#applyActive();
    }
    return isNew;
  }

  /** A ChatNotes push: a colleague in the chat (or I, in another tab) added a note. */
  applyNotes({ conversationId, notes }) {
    this.#columns.get(conversationId)?.notes?.setNotes(notes || []);
  }

  // --- private talks with group members ---

  /** Columns follow my open talks: a talk picked up or started (here or elsewhere) comes, an ended one goes. */
  #syncTalks(focusConversationId = '') {
    const talks = this.#talks;
    if (!talks) return;
    for (const talk of talks.mineList()) {
      const column = this.#columns.get(talk.conversationId);
      if (column) {
        column.update(talk);
        continue;
      }
      const created = new TalkColumn({
        session: this.#session,
        talk,
        roomName: talks.roomName(talk.roomId),
        onNewMessage: (event) => this.#onNewMessage(talk.conversationId, event),
      });
      created.element.classList.add('workspace-panel');
      created.element.id = `panel-${talk.conversationId}`;
      created.element.setAttribute('role', 'tabpanel');
      created.element.setAttribute('aria-labelledby', `tab-${talk.conversationId}`);
      this.#columns.set(talk.conversationId, created);
      this.chatsArea.append(created.element);
    }
    for (const [id, column] of [...this.#columns]) {
      if (column instanceof TalkColumn && !talks.talkOf(id)) {
        announce(t('pro.talk.ended', { name: column.nickname }));
        this.#closeChat(id);
      }
    }
    this.#renderTabs();
    if (focusConversationId && this.#columns.has(focusConversationId)) {
      this.#activate(focusConversationId);
      this.#columns.get(focusConversationId).chat.focusComposer();
    } else {
      this.#applyActive();
    }
    this.#renderTalks();
  }

  #renderTalks() {
    const talks = this.#talks;
    if (!talks || !talks.rooms.size) {
      this.talksContent.replaceChildren();
      return;
    }
    const requests = talks.requestList();
    const mine = talks.mineList();
    // Work first, as with the office hours: with requests or talks the card goes above them, else below.
    const onTop = requests.length + mine.length > 0;
    if (onTop && this.talksContent.nextSibling !== this.queueContent) this.queuePanel.insertBefore(this.talksContent, this.queueContent);
    else if (!onTop && this.queueContent.nextSibling !== this.talksContent) this.queuePanel.append(this.talksContent);
    const parts = [
      h('div', { class: 'oh-card__head' }, h('h2', { id: 'talks-title' }, t('pro.talk.cardTitle'))),
      h('h3', { class: 'h3' }, tn('pro.talk.requests', requests.length)),
    ];
    parts.push(requests.length
      ? h('ul', { class: 'active-chats' }, requests.map((talk) => h('li', { 'data-key': `talk-request-${talk.id}` },
        h('span', { dir: 'auto' }, h('bdi', {}, talk.nickname || t('chat.someone')), ' · ', talks.roomName(talk.roomId),
          talk.requestedAt ? ` · ${t('people.talks.askedAt', { when: shortDateTime(parseTime(talk.requestedAt)) })}` : ''),
        h('button', { type: 'button', class: 'btn btn--small btn--primary', 'data-key': `claim-talk-${talk.id}`, 'data-action': 'claimTalk', 'data-talk': talk.id },
          t('people.talks.claim'), h('span', { class: 'visually-hidden' }, ` ${talk.nickname || ''}`)))))
      : h('p', { class: 'muted' }, t('people.talks.noRequests')));
    if (mine.length) {
      parts.push(h('h3', { class: 'h3' }, t('pro.talk.mine')));
      parts.push(h('ul', { class: 'active-chats' }, mine.map((talk) => {
        const unread = this.#unread.has(talk.conversationId);
        return h('li', { 'data-key': `talk-${talk.id}` },
          h('span', { dir: 'auto' }, h('bdi', {}, talk.nickname || t('chat.someone')), ' · ', talks.roomName(talk.roomId)),
          unread ? h('span', { class: 'badge badge--urgent' }, t('pro.talk.newMessage')) : null,
          h('button', { type: 'button', class: 'btn btn--small btn--secondary', 'data-key': `show-talk-${talk.id}`, 'data-action': 'show', 'data-conversation': talk.conversationId },
            t('pro.queue.show'), h('span', { class: 'visually-hidden' }, ` ${t('pro.talk.title', { name: talk.nickname || '' })}`)));
      })));
    }
    if (this.#talkError) parts.push(h('p', { class: 'notice notice--error', role: 'alert' }, this.#talkError));
    morphChildren(this.talksContent, h('div', {}, h('section', { class: 'card talks-card', 'aria-labelledby': 'talks-title', 'data-key': 'talks-card' }, parts)));
  }

  #onTalkClick(event) {
    const button = event.target.closest?.('button[data-action]');
    if (!button || !this.talksContent.contains(button)) return;
    const { action, talk, conversation } = button.dataset;
    if (action === 'claimTalk') this.#claimTalk(talk);
    else if (action === 'show') this.#activate(conversation);
  }

  /** "Oppakken": the first moderator gets the talk; the others are told it was already picked up. */
  async #claimTalk(talkId) {
    const request = this.#talks?.requests.get(talkId);
    try {
      const { payload } = await this.#session.connection.request({ claimPrivateTalk: { talkId } });
      this.#talkError = '';
      this.#talks.addMine(payload);
      announce(t('people.talks.claimed', { name: request?.nickname || payload.nickname || '' }));
      this.#syncTalks(payload.conversationId);
    } catch (err) {
      this.#talkError = err?.code === 'CONFLICT' ? t('people.talks.alreadyClaimed') : errorText(err);
      this.#renderTalks();
    }
  }

  #closeChat(conversationId, detail = {}) {
    const column = this.#columns.get(conversationId);
    if (!column) return;
    const name = column.nickname;
    // A talk the member ended goes on its own: the focus moves only when it was in the column.
    const hadFocus = column.element.contains(document.activeElement);
    column.dispose();
    column.element.remove();
    this.#columns.delete(conversationId);
    this.#unread.delete(conversationId);
    this.#session.hub?.close(conversationId);
    this.#model.removeChat(conversationId);
    if (this.#active === conversationId) this.#active = QUEUE_TAB;
    this.#renderTabs();
    this.#applyActive();
    if (detail?.transferred) announce(t('pro.chat.announceTransferred', { name }));
    if (hadFocus) this.#tabs.get(this.#active)?.focus();
  }

  #onNewMessage(conversationId, event) {
    if (event.type !== 'text') return;
    const visible = document.visibilityState === 'visible' && (this.#active === conversationId || this.#isWide());
    if (!visible) {
      this.#unread.add(conversationId);
      this.#renderTabs();
      this.#renderTalks();
    }
    attention();
  }

  #isWide() {
    return globalThis.matchMedia?.('(min-width: 64em)').matches;
  }

  // --- tabs (phones) ---

  /**
   * Tabs are kept and updated in place: the queue changes often, and a tab rebuilt on every change could be
   * replaced between a professional's touch and its click (the click was lost).
   */
  #renderTabs() {
    const tabs = [[QUEUE_TAB, t('pro.work.queueTab'), this.#model.totalWaiting() + (this.#talks?.requests.size || 0)]];
    for (const [id, column] of this.#columns) tabs.push([id, column instanceof TalkColumn ? t('pro.talk.tab', { name: column.nickname }) : column.nickname, 0]);
    const previous = this.#tabs;
    this.#tabs = new Map();
    const buttons = tabs.map(([key, label, count]) => {
      const selected = key === this.#active;
      let button = previous.get(key);
      if (!button) {
        button = h('button', {
          type: 'button',
          role: 'tab',
          id: `tab-${key}`,
          'data-key': key,
          'aria-controls': `panel-${key}`,
          onclick: () => this.#activate(key),
        });
      }
      button.setAttribute('aria-selected', String(selected));
      button.setAttribute('tabindex', selected ? '0' : '-1');
      const unread = this.#unread.has(key);
      const content = JSON.stringify([label, count, unread]);
      if (button.dataset.content !== content) {
        button.dataset.content = content;
        replaceChildren(
          button,
          label,
          count ? h('span', { class: 'count' }, String(count)) : null,
          unread ? h('span', { class: 'tab__dot', role: 'img', 'aria-label': t('pro.work.unread') }) : null,
        );
      }
      this.#tabs.set(key, button);
      return button;
    });
    const same = buttons.length === this.tablist.children.length && buttons.every((b, i) => this.tablist.children[i] === b);
    if (!same) {
      const focusedKey = this.tablist.contains(document.activeElement) ? document.activeElement.dataset.key : null;
      this.tablist.replaceChildren(...buttons);
      if (focusedKey) this.#tabs.get(focusedKey)?.focus();
    }
  }

  #activate(key) {
    if (key !== QUEUE_TAB && !this.#columns.has(key)) key = QUEUE_TAB;
    this.#active = key;
    const wasUnread = this.#unread.delete(key);
    this.#renderTabs();
    if (wasUnread) this.#renderTalks();
    this.#applyActive();
    // On a phone the new panel starts at the tabs; do not leave the reader somewhere down the old panel.
    if (!this.#isWide() && this.tablist.getBoundingClientRect().top < 0) this.tablist.scrollIntoView({ block: 'start' });
  }

  #applyActive() {
    this.queuePanel.classList.toggle('is-active', this.#active === QUEUE_TAB);
    for (const [id, column] of this.#columns) {
      const active = id === this.#active;
      column.element.classList.toggle('is-active', active);
      column.chat.setActive(active || this.#isWide());
    }
  }

  #onTabKey(event) {
    const keys = [...this.#tabs.keys()];
    const index = keys.indexOf(event.target.dataset?.key);
    if (index < 0) return;
    let next = null;
    if (event.key === 'ArrowRight') next = keys[(index + 1) % keys.length];
    else if (event.key === 'ArrowLeft') next = keys[(index - 1 + keys.length) % keys.length];
    else if (event.key === 'Home') next = keys[0];
    else if (event.key === 'End') next = keys[keys.length - 1];
    if (next === null) return;
    event.preventDefault();
    this.#activate(next);
    this.#tabs.get(next)?.focus();
  }

  // --- queues ---

  #tick() {
    const now = new Date();
    for (const el of this.queueContent.querySelectorAll('[data-since]')) {
      const since = new Date(el.dataset.since);
      el.textContent = t('pro.queue.waitingFor', { time: elapsed(since, now) });
    }
  }

  /**
   * The cards are built afresh and then merged into the page (morph.js): an element that stays the same stays,
   * so the focus, a screen reader's position and a press between mouse-down and click survive every queue change.
   */
  #renderQueues() {
    const cards = this.#cardOrder().map((id) => this.#officeHourCard(id));
    if (!cards.length) cards.push(h('p', { class: 'muted' }, t('pro.work.noOfficeHours')));
    morphChildren(this.queueContent, h('div', {}, cards));
    // The queue tab shows how many are waiting.
    const queueTab = this.#tabs.get(QUEUE_TAB);
    if (queueTab) this.#renderTabs();
  }

  /** Where I am on duty first (that is where the work is), then the queues I watch, then the rest by name. */
  #cardOrder() {
    const model = this.#model;
    const rank = (id) => (model.onDuty.has(id) ? 0 : model.watching.has(id) ? 1 : 2);
    return [...model.order].sort((a, b) => rank(a) - rank(b) || model.officeHourName(a).localeCompare(model.officeHourName(b), 'nl'));
  }

  #officeHourCard(id) {
    const model = this.#model;
    const oh = model.officeHours.get(id) || {};
    const status = model.statuses.get(id) || {};
    const onDuty = model.onDuty.has(id);
    const watching = model.watching.has(id);
    const view = model.queueViews.get(id);
    const titleId = `oh-title-${id}`;
    const open = status.open === true;
    const head = h(
      'div',
      { class: 'oh-card__head' },
      h('h2', { id: titleId }, oh.name || status.name || id),
      h('span', { class: ['badge', open ? 'badge--open' : 'badge--closed'] }, t(open ? 'pro.work.open' : 'pro.work.closed')),
    );
    const meta = [];
    const closes = open ? closesText(parseTime(status.closesAt), status.timeZone || oh.timeZone) : '';
    if (closes) meta.push(closes);
    meta.push(tn('pro.work.waitingCount', status.waiting || 0));
    meta.push(tn('pro.work.onDutyCount', status.professionalsOnDuty || 0));
    const dutyButton = h(
      'button',
      {
        type: 'button',
        class: ['btn', 'btn--small', onDuty ? 'btn--secondary' : 'btn--primary'],
        'data-key': `duty-${id}`,
        'data-action': 'duty',
        'data-oh': id,
      },
      onDuty ? t('pro.work.stopDuty') : t('pro.work.startDuty'),
    );
    const controls = [dutyButton];
    if (!onDuty && this.#session.canSupervise) {
      controls.push(
        h(
          'button',
          { type: 'button', class: 'btn btn--small btn--secondary', 'aria-pressed': String(watching), 'data-key': `watch-${id}`, 'data-action': 'watch', 'data-oh': id },
          t('pro.work.watch'),
        ),
      );
    }
    const body = [
      head,
      h('p', { class: 'oh-card__meta' }, meta.join(' · ')),
      onDuty ? h('p', { class: 'badge badge--open' }, t('pro.work.youAreOnDuty')) : null,
      h('div', { class: 'actions' }, controls),
    ];
    const error = this.#errors.get(id);
    if (error) body.push(h('p', { class: 'notice notice--error', role: 'alert' }, error));
    if (view && (onDuty || watching)) body.push(...this.#queueSection(id, view, onDuty));
    return h('section', { class: 'card oh-card', 'aria-labelledby': titleId, 'data-key': `card-${id}` }, body);
  }

  #queueSection(id, view, onDuty) {
    const waiting = view.waiting || [];
    const parts = [];
    parts.push(h('h3', { class: 'h3' }, tn('pro.queue.title', waiting.length)));
    if (onDuty && waiting.length) {
      parts.push(
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'btn btn--primary', 'data-key': `next-${id}`, 'data-action': 'next', 'data-oh': id }, t('pro.queue.claimNext')),
        ),
      );
    }
    if (!waiting.length) parts.push(h('p', { class: 'muted' }, t('pro.queue.empty')));
    else parts.push(h('ol', { class: 'queue' }, waiting.map((item) => this.#queueItem(id, item, onDuty))));
    const chats = view.chats || [];
    if (chats.length) {
      parts.push(h('h3', { class: 'h3' }, t('pro.queue.activeChats')));
      parts.push(h('ul', { class: 'active-chats' }, chats.map((chat) => this.#activeChatItem(chat))));
    }
    if (view.unhandledOfflineMessages) {
      parts.push(h('p', {}, h('a', { href: '/pro/offline', 'data-link': '' }, tn('pro.queue.offlineMessages', view.unhandledOfflineMessages))));
    }
    return parts;
  }

  #queueItem(officeHourId, item, onDuty) {
    const joined = parseTime(item.joinedAt);
    const badges = [];
    if (item.urgent) badges.push(h('span', { class: 'badge badge--urgent' }, t('pro.queue.urgent')));
    if (item.returnedByTransfer) badges.push(h('span', { class: 'badge badge--neutral' }, t('pro.queue.returned')));
    if (item.connected === false) badges.push(h('span', { class: 'badge badge--neutral' }, t('pro.queue.disconnected')));
    const actions = [];
    if (onDuty) {
      actions.push(
        h('button', { type: 'button', class: 'btn btn--small btn--secondary', 'data-key': `claim-${item.queueEntryId}`, 'data-action': 'claim', 'data-oh': officeHourId, 'data-entry': item.queueEntryId }, t('pro.queue.claim', { name: item.nickname })),
      );
    }
    actions.push(
      h(
        'button',
        { type: 'button', class: 'btn btn--small btn--secondary', 'aria-pressed': String(!!item.urgent), 'data-key': `urgent-${item.queueEntryId}`, 'data-action': 'urgent', 'data-oh': officeHourId, 'data-entry': item.queueEntryId },
        t('pro.queue.markUrgent'),
      ),
      h('button', { type: 'button', class: 'btn btn--small btn--secondary', 'data-key': `spam-${item.queueEntryId}`, 'data-action': 'spam', 'data-oh': officeHourId, 'data-entry': item.queueEntryId }, t('pro.queue.spam')),
    );
    return h(
      'li',
      { class: ['queue__item', item.urgent && 'queue__item--urgent'], 'data-key': `item-${item.queueEntryId}` },
      h(
        'div',
        { class: 'queue__top' },
        h('span', { class: 'queue__name' }, `${item.position || ''}. `, h('bdi', {}, item.nickname || t('chat.someone'))),
        joined ? h('span', { class: 'queue__wait', 'data-since': joined.toISOString() }, t('pro.queue.waitingFor', { time: elapsed(joined) })) : null,
        badges,
      ),
      h('p', { class: ['queue__question', !item.firstQuestion && 'muted'] }, item.firstQuestion || t('pro.queue.noQuestion')),
      h('div', { class: 'queue__actions' }, actions),
    );
  }

  #activeChatItem(chat) {
    const mine = chat.professionalId === this.#session.principalId;
    const open = this.#columns.has(chat.conversationId);
    const started = parseTime(chat.startedAt);
    const text = [
      t('pro.queue.chatLine', { client: chat.clientNickname || t('chat.someone'), professional: chat.professionalName || '' }),
      started ? t('pro.queue.since', { time: clockTime(started) }) : '',
      chat.supervisorNames?.length ? t('pro.queue.supervisors', { names: chat.supervisorNames.join(', ') }) : '',
    ].filter(Boolean).join(' · ');
    let action = null;
    if (!mine && !open && this.#session.canSupervise) {
      action = h('button', { type: 'button', class: 'btn btn--small btn--secondary', 'data-key': `supervise-${chat.conversationId}`, 'data-action': 'supervise', 'data-conversation': chat.conversationId }, t('pro.queue.supervise'));
    } else if (open) {
      action = h('button', { type: 'button', class: 'btn btn--small btn--secondary', 'data-key': `show-${chat.conversationId}`, 'data-action': 'show', 'data-conversation': chat.conversationId }, t('pro.queue.show'));
    }
    return h('li', { 'data-key': `chat-${chat.conversationId}` }, h('span', {}, text), action);
  }

  // --- actions ---

  /** One listener for every card button: reads the state at the click, not at the last render. */
  #onCardClick(event) {
    const button = event.target.closest?.('button[data-action]');
    if (!button || !this.queueContent.contains(button)) return;
    const { action, oh, entry, conversation } = button.dataset;
    const model = this.#model;
    if (action === 'duty') this.#toggleDuty(oh, !model.onDuty.has(oh));
    else if (action === 'watch') this.#toggleWatch(oh, !model.watching.has(oh));
    else if (action === 'next') this.#claim(oh, '');
    else if (action === 'claim') this.#claim(oh, entry);
    else if (action === 'urgent') {
      const item = (model.queueViews.get(oh)?.waiting || []).find((w) => w.queueEntryId === entry);
      if (item) this.#flagUrgent(oh, item);
    } else if (action === 'spam') {
      const item = (model.queueViews.get(oh)?.waiting || []).find((w) => w.queueEntryId === entry);
      if (item) this.#removeAsSpam(oh, item);
    } else if (action === 'supervise') {
      const chat = [...model.queueViews.values()].flatMap((v) => v.chats || []).find((c) => c.conversationId === conversation);
      if (chat) this.#supervise(chat);
    } else if (action === 'show') this.#activate(conversation);
  }

  async #run(officeHourId, action) {
    try {
      await action();
      if (this.#errors.delete(officeHourId)) this.#renderQueues();
    } catch (err) {
      this.#errors.set(officeHourId, errorText(err));
      this.#renderQueues();
    }
  }

  #toggleDuty(officeHourId, onDuty) {
    return this.#run(officeHourId, async () => {
      await this.#session.connection.request({ setDuty: { officeHourId, onDuty } });
      this.#model.setDuty(officeHourId, onDuty);
      announce(onDuty ? t('pro.work.announceOnDuty', { name: this.#model.officeHourName(officeHourId) }) : t('pro.work.announceOffDuty'));
    });
  }

  #toggleWatch(officeHourId, watch) {
    return this.#run(officeHourId, async () => {
      await this.#session.connection.request({ watchQueue: { officeHourId, watch } });
      this.#model.setWatching(officeHourId, watch);
    });
  }

  /** "Verwijder als spam" (RemoveAsSpam), after a confirmation: the place ends and that session is blocked. */
  async #removeAsSpam(officeHourId, item) {
    const ok = await openDialog({
      title: t('pro.queue.spamTitle'),
      body: [h('p', {}, t('pro.queue.spamText', { name: item.nickname || t('chat.someone') }))],
      actions: [
        { label: t('common.cancel'), value: false },
        { label: t('pro.queue.spamConfirm'), danger: true, value: true },
      ],
    });
    if (ok !== true) return;
    await this.#run(officeHourId, async () => {
      await this.#session.connection.request({ removeAsSpam: { queueEntryId: item.queueEntryId } });
      announce(t('pro.queue.spamDone'));
    });
  }

  #claim(officeHourId, queueEntryId) {
    return this.#run(officeHourId, async () => {
      const { payload } = await this.#session.connection.request({ claimClient: { officeHourId, queueEntryId } });
      this.openChat(payload, 'own', true);
    });
  }

  #flagUrgent(officeHourId, item) {
    return this.#run(officeHourId, () =>
      this.#session.connection.request({ flagUrgent: { queueEntryId: item.queueEntryId, urgent: !item.urgent } }),
    );
  }

  #supervise(chat) {
    const officeHourId = [...this.#model.queueViews].find(([, v]) => (v.chats || []).some((c) => c.conversationId === chat.conversationId))?.[0] || '';
    return this.#run(officeHourId, async () => {
      await this.#session.connection.request({ supervise: { conversationId: chat.conversationId } });
      this.openChat({ conversationId: chat.conversationId, officeHourId, clientNickname: chat.clientNickname }, 'supervise', true);
    });
  }
}
