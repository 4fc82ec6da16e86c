// /pro/...: the professional app. One socket for the whole visit; sub-pages switch without reloading.
//   /pro/            work: office hours (duty), queues, chats
//   /pro/offline     offline messages
//   /pro/stats       statistics per office hour
//   /pro/rooms...    peer-support groups (views/pro/roomsView.js)
//   /pro/admin       office hour management (org-admins), /pro/admin/new, /pro/admin/<id>
//   /pro/consults    scheduled video consults (plan, links, list), /pro/consults/<id> one consult's call and chat
import { h, focusHeading } from '../../dom.js';
import { t } from '../../i18n.js';
import { announce } from '../../live.js';
import { attention, setSound } from '../../notify.js';
import { Keys, readSession, writeSession } from '../../storage.js';
import { navigate } from '../../router.js';
import { store } from '../../store.js';
import { ConnectionStatus } from '../connectionStatus.js';
import { ProSession } from '../../proSession.js';
import { DISPOSED } from '../../sessionSocket.js';
import { WorkModel } from '../../workModel.js';
import { TalkModel } from '../../talkModel.js';
import { loginView } from './login.js';
import { WorkspaceView } from './workspace.js';
import { DutyCheck } from '../../dutyCheck.js';
import { openDialog } from '../../dialog.js';
import { OfflineMessagesView } from './offlineView.js';
import { StatisticsView } from './statsView.js';
import { AdminView } from './adminView.js';
import { EffectsView } from './effectsView.js';
import { ConsultsView, ConsultDetailView } from './consultsView.js';
import { RoomsView } from './roomsView.js';
import { CannedSet, CannedResponsesView } from './cannedResponses.js';
import { waitAlertSettings } from './waitAlertSettings.js';
import { AccountsView } from './accountsView.js';
import { SecurityView } from './securityView.js';
import { AuditView } from './auditView.js';

export class ProApp {
  #session = new ProSession();
  #model = new WorkModel();
  #talks = this.#newTalkModel();
  #workspace = null;
  #page = null; // current non-workspace view
  #connectionStatus = null;
  #off = [];
  #subpath = [];
  #root = null;
  #firstHello = true;
  #canned = null;
  #roomAlerts = new Map(); // roomId -> open reports + held messages (RoomAlert, GetRoomSafety)

  constructor({ subpath = [] } = {}) {
    this.#subpath = subpath;
  }

  #newTalkModel() {
    return new TalkModel({ myId: () => this.#session.principalId, myName: () => this.#session.displayName });
  }

  mount(root) {
    this.#root = root;
    if (this.#session.loggedIn) this.#start();
    else this.#showLogin();
  }

  navigate({ subpath = [] }) {
    this.#subpath = subpath;
    if (this.#session.loggedIn) this.#renderPage(true);
  }

  dispose() {
    this.#page?.dispose?.();
    this.#workspace?.dispose();
    this.#connectionStatus?.dispose();
    for (const off of this.#off) off();
    this.#session.dispose();
  }

  #showLogin(notice = '') {
    this.#root.replaceChildren(
      loginView({
        notice,
        onLogin: (organisation, username, password, code) => this.#session.login(organisation, username, password, code),
        onSignedIn: () => this.#start(),
      }),
    );
    this.#renderTools();
    this.#root.querySelector('input')?.focus();
  }

  #start() {
    // Failing before the first HelloOk (the login is no longer valid) arrives as the 'ended' event below.
    this.#session.connect().catch(() => {});
    const connection = this.#session.connection;
    this.#firstHello = true;
    this.#connectionStatus = new ConnectionStatus(connection);
    this.#canned = new CannedSet(connection);
    this.#workspace = new WorkspaceView({ session: this.#session, model: this.#model, canned: this.#canned, talks: this.#talks });
    this.#off.push(
      connection.on('helloOk', (ok) => this.#onHelloOk(ok)),
      connection.on('push', (type, payload) => this.#onPush(type, payload)),
      connection.on('ended', (reason) => this.#onEnded(reason)),
      this.#model.on('change', (kind) => {
        if (kind === 'queue' || kind === 'duty') this.#updateNavCounts();
      }),
    );
    this.#startDutyCheck();
    this.#layout();
    this.#renderPage(false);
  }

  /** "Ben je nog in dienst?" after a long quiet time on duty without a chat; no answer goes off duty. */
  #startDutyCheck() {
    const check = new DutyCheck({ shouldAsk: () => this.#model.onDuty.size > 0 && !this.#workspace?.holdsChat });
    let closeQuestion = null;
    const onActivity = () => check.activity();
    const types = ['keydown', 'pointerdown'];
    for (const type of types) document.addEventListener(type, onActivity, { capture: true, passive: true });
    this.#off.push(
      () => {
        for (const type of types) document.removeEventListener(type, onActivity, { capture: true });
        check.stop();
        closeQuestion?.();
      },
      check.on('ask', async () => {
        attention();
        const answer = await openDialog({
          title: t('pro.dutyCheck.title'),
          body: h('p', {}, t('pro.dutyCheck.text')),
          actions: [
            { label: t('pro.dutyCheck.stop'), value: 'stop' },
            { label: t('pro.dutyCheck.stay'), value: 'stay', primary: true },
          ],
          onOpen: (dialog, close) => (closeQuestion = () => close('expired')),
        });
        closeQuestion = null;
        if (answer === 'stay') check.confirm();
        else if (answer === 'stop') {
          check.confirm();
          await this.#allOffDuty(t('pro.work.announceOffDuty'));
        } else if (answer === undefined) {
          check.confirm(); // closed with Escape or ×: the professional is clearly there
        }
      }),
      check.on('expired', () => {
        closeQuestion?.();
        this.#allOffDuty(t('pro.dutyCheck.expired'));
      }),
    );
  }

  async #allOffDuty(message) {
    const connection = this.#session.connection;
    for (const id of [...this.#model.onDuty]) {
      try {
        await connection.request({ setDuty: { officeHourId: id, onDuty: false } });
        this.#model.setDuty(id, false);
      } catch {
        // still on duty there; the next question (or the server's grace) follows
      }
    }
    announce(message);
  }

  async #onHelloOk(ok) {
    this.#session.applyHelloOk(ok);
    this.#renderTools();
    this.#renderNav();
    const c = this.#session.connection;
    if (this.#firstHello) this.#model.setDutyIds(ok.onDutyOfficeHourIds);
    this.#firstHello = false;
    this.#canned.load().catch(() => {}); // the picker tries again when opened
    this.#loadRoomAlerts(ok.active || []);
    this.#loadTalks(ok.active || []);
    try {
      const { payload } = await c.request({ listOfficeHours: {} });
      this.#model.setOfficeHourList(payload);
    } catch {
      // the workspace shows what it has; the next reconnect tries again
    }
    // Make sure the server sends fresh queue views for where we are on duty or watching (also after a reconnect).
    for (const id of this.#model.onDuty) c.request({ setDuty: { officeHourId: id, onDuty: true } }).catch(() => {});
    for (const id of this.#model.watching) c.request({ watchQueue: { officeHourId: id, watch: true } }).catch(() => {});
    // Chats we were in before a reload come back through HelloOk.active.
    for (const item of ok.active || []) {
      if (item.conversationId && (!item.kind || item.kind === 'OFFICE_HOUR_CHAT')) {
        this.#workspace.openChat({ conversationId: item.conversationId, officeHourId: item.officeHourId, queueEntryId: item.queueEntryId }, 'own', false);
      }
    }
  }

  #onPush(type, payload) {
    switch (type) {
      case 'queueView': {
        const newcomers = this.#model.applyQueueView(payload);
        if (newcomers.length && this.#model.onDuty.has(payload.officeHourId)) {
          attention();
          for (const item of newcomers) announce(t('pro.queue.announceNew', { name: item.nickname || t('chat.someone') }));
        }
        break;
      }
      case 'officeHourStatus':
        this.#model.applyStatus(payload);
        break;
      case 'chatNotes':
        this.#workspace.applyNotes(payload);
        break;
      case 'roomAlert': {
        // A group I moderate: a report, a message waiting for review, a member on hold (or one of them dealt with).
        this.#roomAlerts.set(payload.roomId, (payload.openReports || 0) + (payload.heldMessages || 0));
        this.#updateNavCounts();
        if (payload.kind && payload.kind !== 'ALERT_CLEARED' && payload.kind !== 'ALERT_CONCERNS_CHANGED') {
          attention();
          announce(t(`pro.rooms.alert.${payload.kind}`));
        }
        break;
      }
      case 'knock':
        // Someone knocks on a group I moderate, or asks me (and the other moderators) for a private talk: wherever
        // I am in the app, with sound and title badge like the queue; the group's pages show the list.
        if (payload.state === 'KNOCK_PENDING') {
          attention();
          announce(t('people.knocks.newAnnounce', { name: payload.nickname || t('chat.someone') }));
        }
        break;
      case 'privateTalk':
        if (payload.state === 'TALK_REQUESTED') {
          attention();
          announce(t('people.talks.newAnnounce', { name: payload.nickname || t('chat.someone') }));
        }
        // The workspace shows the requests and my open talks; a group I was only now made moderator of loads anew.
        if (!this.#talks.rooms.has(payload.roomId)) this.#loadTalks([]);
        else this.#talks.apply(payload);
        break;
      case 'chatAssigned':
        // A colleague transferred a chat to me.
        if (this.#workspace.openChat(payload, 'own', false)) {
          attention();
          announce(t('pro.chat.announceAssigned', { name: payload.clientNickname || t('chat.someone') }));
        }
        break;
      default:
        break;
    }
  }

  #onEnded(reason) {
    if (reason === DISPOSED) return;
    this.#teardown();
    this.#showLogin(t('pro.login.sessionEnded'));
  }

  #teardown() {
    this.#page?.dispose?.();
    this.#page = null;
    this.#workspace?.dispose();
    this.#workspace = null;
    this.#connectionStatus?.dispose();
    this.#connectionStatus = null;
    for (const off of this.#off) off();
    this.#off = [];
    this.#session.forget();
    this.#session.dispose();
    this.#model = new WorkModel();
    this.#talks = this.#newTalkModel();
  }

  async #logout() {
    this.#teardown();
    await this.#session.logout();
    this.#showLogin(t('pro.login.loggedOut'));
    if (location.pathname !== '/pro/') history.replaceState(null, '', '/pro/');
  }

  // --- layout ---

  #layout() {
    this.nav = h('nav', { 'aria-label': t('pro.nav.label') });
    this.settings = h('div', { class: 'settings' });
    this.content = h('div', { class: 'pro-content' });
    this.#root.replaceChildren(this.nav, this.settings, this.#connectionStatus.element, this.content);
    this.#renderNav();
    this.#renderSettings();
    this.#renderTools();
  }

  #pageName() {
    const [first = '', second] = this.#subpath;
    if (first === 'offline') return 'offline';
    if (first === 'stats') return 'stats';
    if (first === 'rooms') return 'rooms';
    if (first === 'responses') return 'responses';
    if (first === 'accounts') return 'accounts';
    if (first === 'security') return 'security';
    if (first === 'audit') return 'audit';
    if (first === 'admin') return second ? 'adminEdit' : 'admin';
    if (first === 'consults') return second ? 'consult' : 'consults';
    if (first === 'effects') return second === 'benchmark' ? 'effectsBenchmark' : 'effects';
    // A kwaliteitsmedewerker has no work queue: the reports are their start page.
    if (this.#session.onlyReadsEffects) return 'effects';
    return 'work';
  }

  #renderNav() {
    if (!this.nav) return;
    const page = this.#pageName();
    const item = (name, href, label, count = 0) =>
      h(
        'li',
        {},
        h(
          'a',
          { href, 'data-link': '', 'aria-current': page === name || (name === 'admin' && page === 'adminEdit') || (name === 'consults' && page === 'consult') ? 'page' : null },
          label,
          count ? h('span', { class: 'count', 'data-count': name }, String(count)) : null,
        ),
      );
    const items = this.#session.onlyReadsEffects
      ? []
      : [
          item('work', '/pro/', t('pro.nav.work'), this.#model.totalWaiting()),
          item('offline', '/pro/offline', t('pro.nav.offline'), this.#model.unhandledOffline()),
          item('rooms', '/pro/rooms', t('pro.nav.rooms'), this.#roomAlertCount()),
          item('stats', '/pro/stats', t('pro.nav.stats')),
          item('consults', '/pro/consults', t('pro.nav.consults')),
        ];
    if (!this.#session.onlyReadsEffects) items.push(item('responses', '/pro/responses', t('pro.nav.responses')));
    if (this.#session.isOrgAdmin) items.push(item('admin', '/pro/admin', t('pro.nav.admin')), item('accounts', '/pro/accounts', t('pro.nav.accounts')));
    if (this.#session.canSupervise) items.push(item('audit', '/pro/audit', t('pro.nav.audit')));
    items.push(item('security', '/pro/security', t('pro.nav.security')));
    if (this.#session.canReadEffects) {
      const effectsItem = item('effects', '/pro/effects', t('pro.nav.effects'));
      if (page === 'effectsBenchmark') effectsItem.querySelector('a').setAttribute('aria-current', 'page');
      items.push(effectsItem);
    }
    this.nav.replaceChildren(h('ul', { class: 'pro-nav' }, items));
  }

  #updateNavCounts() {
    // Rebuilding the nav would steal focus from a nav link; only touch the counters.
    const update = (name, n) => {
      const link = this.nav?.querySelector(`a[href="${{ work: '/pro/', offline: '/pro/offline', rooms: '/pro/rooms' }[name]}"]`);
      if (!link) return;
      let badge = link.querySelector('.count');
      if (!n) badge?.remove();
      else if (badge) badge.textContent = String(n);
      else link.append(h('span', { class: 'count' }, String(n)));
    };
    update('work', this.#model.totalWaiting());
    update('offline', this.#model.unhandledOffline());
    update('rooms', this.#roomAlertCount());
  }

  /** The counts of the groups I moderate, after (re)connecting; the RoomAlert pushes keep them up to date. */
  async #loadRoomAlerts(active) {
    const c = this.#session.connection;
    for (const item of active.filter((a) => a.kind === 'GROUP_ROOM' && a.roomId)) {
      try {
        const { payload } = await c.request({ getRoomSafety: { roomId: item.roomId } });
        this.#roomAlerts.set(item.roomId, (payload.openReports || 0) + (payload.heldMessages || 0));
      } catch {
        // the next alert or reconnect brings it
      }
    }
    this.#updateNavCounts();
  }

  /**
   * The private talks of the groups I moderate, after (re)connecting: my open ones (HelloOk.active) and the
   * members' requests waiting there; the PrivateTalk pushes keep them up to date.
   */
  async #loadTalks(active) {
    if (this.#session.onlyReadsEffects) return;
    const c = this.#session.connection;
    this.#talks.knowMine(active.filter((a) => a.kind === 'ROOM_PRIVATE_TALK').map((a) => a.conversationId));
    try {
      const { payload } = await c.request({ listRooms: {} });
      this.#talks.setRooms(payload.rooms || [], this.#session.principalId);
      for (const roomId of [...this.#talks.rooms.keys()]) {
        const { payload: list } = await c.request({ listPrivateTalks: { roomId } });
        this.#talks.setRoomTalks(roomId, list.talks || []);
      }
    } catch {
      // the next push or reconnect brings them
    }
  }

  /** Open reports and messages waiting for review in the groups I moderate (from the RoomAlert pushes). */
  #roomAlertCount() {
    let n = 0;
    for (const count of this.#roomAlerts.values()) n += count;
    return n;
  }

  #renderSettings() {
    const soundOn = readSession(Keys.SOUND) === true;
    setSound(soundOn, { preview: false });
    const soundButton = h('button', { type: 'button', class: 'btn btn--small btn--secondary', 'aria-pressed': String(soundOn) }, t('pro.settings.sound'));
    soundButton.addEventListener('click', () => {
      const on = soundButton.getAttribute('aria-pressed') !== 'true';
      store.set({ soundOn: on });
      soundButton.setAttribute('aria-pressed', String(on));
      writeSession(Keys.SOUND, on);
      setSound(on, { preview: true });
    });
    soundButton.setAttribute('aria-describedby', 'sound-hint');
    const waitAlert = waitAlertSettings({ model: this.#model });
    this.#off.push(() => waitAlert.dispose());
    this.settings.replaceChildren(
      h('div', { class: 'settings__item' }, soundButton, h('p', { class: 'muted settings__hint', id: 'sound-hint' }, t('pro.settings.soundHint'))),
      waitAlert.element,
    );
  }

  /** Name and logout in the top bar. */
  #renderTools() {
    const tools = document.getElementById('topbar-tools');
    if (!tools) return;
    tools.querySelectorAll('[data-pro]').forEach((el) => el.remove());
    if (!this.#session.loggedIn) return;
    tools.prepend(
      h('span', { class: 'topbar__user', 'data-pro': '' }, this.#session.displayName),
    );
    tools.append(h('button', { type: 'button', class: 'btn btn--small btn--ghost', 'data-pro': '', onclick: () => this.#logout() }, t('pro.logout')));
  }

  #renderPage(moveFocus) {
    if (!this.content) return;
    const page = this.#pageName();
    this.#renderNav();
    this.#page?.dispose?.();
    this.#page = null;
    const context = { session: this.#session, model: this.#model, navigate };
    if (page === 'work') {
      this.content.replaceChildren(this.#workspace.element);
      this.#workspace.onShow();
    } else if (page === 'offline') {
      this.#page = new OfflineMessagesView(context);
    } else if (page === 'stats') {
      this.#page = new StatisticsView(context);
    } else if (page === 'effects' || page === 'effectsBenchmark') {
      this.#page = this.#session.canReadEffects ? new EffectsView({ ...context, benchmark: page === 'effectsBenchmark' }) : null;
    } else if (page === 'consults') {
      this.#page = new ConsultsView(context);
    } else if (page === 'consult') {
      this.#page = new ConsultDetailView({ ...context, consultId: this.#subpath[1] });
    } else if (page === 'rooms') {
      this.#page = new RoomsView({ ...context, subpath: this.#subpath.slice(1) });
    } else if (page === 'accounts') {
      this.#page = this.#session.isOrgAdmin ? new AccountsView(context) : null;
    } else if (page === 'audit') {
      this.#page = this.#session.canSupervise ? new AuditView(context) : null;
    } else if (page === 'security') {
      this.#page = new SecurityView(context);
    } else if (page === 'responses') {
      this.#page = new CannedResponsesView({ ...context, canned: this.#canned });
    } else if (page === 'admin' || page === 'adminEdit') {
      this.#page = this.#session.isOrgAdmin
        ? new AdminView({ ...context, editId: page === 'adminEdit' ? this.#subpath[1] : null })
        : null;
    }
    if (this.#page) {
      this.content.replaceChildren(this.#page.element);
      this.#page.mount?.();
    } else if (page !== 'work') {
      this.content.replaceChildren(h('section', { class: 'card' }, h('h1', {}, t('pro.forbidden.title')), h('p', {}, t('pro.forbidden.text'))));
    }
    if (moveFocus) focusHeading(this.content);
  }
}
