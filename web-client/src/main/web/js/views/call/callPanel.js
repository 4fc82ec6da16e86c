// The video part of a conversation, next to (or above) its chat: draws whatever phase the call controller is in
// (pre-join, lobby, the call, "the call ended") and, for a professional, the pre-join before starting one.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { announce } from '../../live.js';
import { attention } from '../../notify.js';
import { CallController, CallPhase } from '../../call/callController.js';
import { LocalMedia } from '../../call/media.js';
import { PreJoin } from './preJoin.js';
import { CallScreen } from './callScreen.js';

/** Texts per end reason ('call.ended.<reason>'); others fall back to the plain "ended". */
const END_REASONS = new Set(['CALL_END_BY_HOST', 'CALL_END_CANCELLED', 'CALL_END_DECLINED', 'CALL_END_NO_ANSWER', 'CALL_END_EVERYONE_LEFT', 'CALL_END_CONVERSATION_ENDED', 'CALL_END_QUICK_EXIT']);

const MEDIA_PHASES = new Set(['starting', CallPhase.INVITED, CallPhase.JOINABLE, CallPhase.LOBBY, CallPhase.IN_CALL]);

export class CallPanel {
  #controller;
  #audience;
  #hostName;
  #part = null; // PreJoin | CallScreen | null
  #shown = '';
  #preparing = false;
  #wantsJoin = false;
  #whenNoCall = null;
  #meeting = false; // a group room's online meeting (texts for starting it)
  #off = [];

  /**
   * @param {object} o
   * @param {import('../../connection.js').Connection} o.connection
   * @param {string} o.conversationId
   * @param {() => string} o.myParticipantId
   * @param {'client'|'pro'} o.audience
   * @param {() => string} [o.hostName] the professional's name, for the client's texts
   * @param {'join'|'start'|null} [o.whenNoCall] a consult: with no call yet the client goes straight to the
   *        pre-join (JoinCall starts the consult's call), the professional gets a "start" button
   */
  constructor({ connection, conversationId, myParticipantId, audience, hostName = () => '', whenNoCall = null, meeting = false }) {
    this.#audience = audience;
    this.#meeting = meeting;
    this.#hostName = hostName;
    this.#whenNoCall = whenNoCall;
    this.#wantsJoin = whenNoCall === 'join';
    this.#controller = new CallController({ connection, conversationId, media: new LocalMedia(), myParticipantId });
    this.element = h('div', { class: 'call-panel', hidden: true, 'data-call-phase': CallPhase.NONE });
    this.#off.push(this.#controller.on('change', ({ previousPhase, phase }) => this.#onChange(previousPhase, phase)));
    // Draw what is possible before the server answers (a consult's pre-join or "start" button), then ask it.
    if (whenNoCall) queueMicrotask(() => this.#render());
    this.#controller.refresh();
  }

  get controller() {
    return this.#controller;
  }

  get phase() {
    return this.#preparing ? 'starting' : this.#controller.phase;
  }

  /** Whether a call is going on (or being prepared) here: the chat column hides its "start video" button. */
  get busy() {
    return this.#preparing || this.#controller.active;
  }

  /** Professional: show the pre-join to start a call in this conversation. */
  prepareStart() {
    if (this.busy) return;
    this.#preparing = true;
    this.#render();
  }

  #onChange(previous, phase) {
    if (phase === CallPhase.INVITED && previous !== CallPhase.INVITED) {
      attention();
      announce(t('call.invited.announce', { name: this.#hostName() || t('call.theProfessional') }));
    }
    if (phase === CallPhase.ENDED && previous !== CallPhase.ENDED) announce(this.#endedText());
    this.#render();
  }

  #render() {
    const c = this.#controller;
    const phase = this.phase;
    // The same phase keeps its part (the call screen updates itself); only a new phase rebuilds.
    let key = phase === CallPhase.HOSTING ? CallPhase.IN_CALL : phase;
    if (key === CallPhase.NONE && !c.call && this.#whenNoCall === 'join') key = CallPhase.JOINABLE;
    if (key === CallPhase.NONE && !c.active && this.#whenNoCall === 'start') key = 'startOffer';
    if (key === CallPhase.JOINABLE && !this.#wantsJoin) key = 'offer';
    if (key !== CallPhase.JOINABLE) this.#wantsJoin = false;
    this.element.dataset.callPhase = phase;
    this.onChange?.();
    if (key === this.#shown) return;
    const focusInside = this.element.contains(document.activeElement) || this.#shown === '' || document.activeElement === document.body;
    this.#shown = key;
    this.#part?.dispose();
    this.#part = null;
    // Camera and microphone run only while they are needed: preview, lobby and call.
    if (!MEDIA_PHASES.has(key)) c.media.release();
    const name = this.#hostName() || t('call.theProfessional');
    let content = [];
    switch (key) {
      case 'starting':
        this.#part = new PreJoin({
          media: c.media,
          title: this.#meeting ? t('call.meeting.start') : t('call.start.title'),
          intro: this.#meeting ? t('call.meeting.intro') : t('call.start.intro'),
          joinLabel: this.#meeting ? t('call.meeting.start') : t('call.start.join'),
          onJoin: async () => {
            await c.start();
            this.#preparing = false;
            this.#render();
          },
          declineLabel: t('common.cancel'),
          onDecline: () => {
            this.#preparing = false;
            this.#render();
          },
        });
        break;
      case CallPhase.INVITED:
        this.#part = new PreJoin({
          media: c.media,
          title: this.#audience === 'client' ? t('call.invited.title', { name }) : t('call.invitedPro.title'),
          intro: this.#audience === 'client' ? t('call.invited.intro') : t('call.start.intro'),
          joinLabel: t('call.preJoin.join'),
          onJoin: () => c.accept(),
          onDecline: () => c.decline().catch(() => {}),
          declineLabel: this.#audience === 'client' ? null : t('call.invitedPro.decline'),
          privacyHint: this.#audience === 'client',
        });
        break;
      case CallPhase.JOINABLE:
        this.#part = new PreJoin({
          media: c.media,
          title: c.call ? t('call.joinable.title') : t('call.consult.title'),
          intro: this.#audience === 'client' ? t('call.joinable.introClient') : t('call.joinable.intro'),
          joinLabel: t('call.preJoin.join'),
          onJoin: () => c.join(),
          privacyHint: this.#audience === 'client',
        });
        break;
      case 'offer':
        content = [this.#offer()];
        break;
      case 'startOffer':
        content = [h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn btn--primary', onclick: () => this.prepareStart() }, this.#meeting ? t('call.meeting.start') : t('call.start.join')))];
        break;
      case CallPhase.LOBBY:
        content = [this.#lobby(name)];
        break;
      case CallPhase.IN_CALL:
        this.#part = new CallScreen({ controller: c });
        break;
      case CallPhase.ENDED:
        content = [this.#ended()];
        break;
      default:
        break;
    }
    if (this.#part) content = [this.#part.element];
    this.element.replaceChildren(...content);
    this.element.hidden = content.length === 0;
    if (this.#part instanceof PreJoin) this.#part.start();
    // Say what changed: focus the new heading, unless the person is busy elsewhere (typing in the chat).
    if (focusInside || key === CallPhase.INVITED) {
      const heading = this.element.querySelector('h2');
      if (heading) {
        heading.setAttribute('tabindex', '-1');
        heading.focus({ preventScroll: false });
      }
    }
  }

  /** A call to join is there; the camera starts only when the person asks for the pre-join. */
  #offer() {
    return h(
      'section',
      { class: 'call-offer notice notice--info', 'aria-labelledby': 'call-offer-title' },
      h('h2', { id: 'call-offer-title', class: 'h3' }, t('call.joinable.title')),
      h('p', {}, t('call.joinable.offer')),
      h('button', { type: 'button', class: 'btn btn--primary', onclick: () => {
        this.#wantsJoin = true;
        this.#render();
      } }, t('call.joinable.open')),
    );
  }

  #lobby(name) {
    const c = this.#controller;
    return h(
      'section',
      { class: 'call-lobby', 'aria-labelledby': 'call-lobby-title' },
      h('h2', { id: 'call-lobby-title', class: 'call__title' }, t('call.lobby.title')),
      h('p', {}, t('call.lobby.text', { name })),
      h('p', { class: 'muted' }, t('call.lobby.keepOpen')),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn btn--secondary', onclick: () => c.leave().catch(() => {}) }, t('call.lobby.leave'))),
    );
  }

  #endedText() {
    const c = this.#controller;
    const me = c.me;
    if (me?.state === 'CALL_REMOVED') return t('call.ended.removed');
    if (me?.state === 'CALL_LEFT' && c.call?.state !== 'CALL_STATE_ENDED') return t('call.ended.left');
    const reason = c.call?.endReason;
    return END_REASONS.has(reason) ? t(`call.ended.${reason}`) : t('call.ended.plain');
  }

  #ended() {
    return h(
      'section',
      { class: 'call-ended notice notice--info', 'aria-labelledby': 'call-ended-title' },
      h('h2', { id: 'call-ended-title', class: 'h3' }, t('call.ended.title')),
      h('p', {}, this.#endedText()),
      h('button', { type: 'button', class: 'btn btn--secondary btn--small', onclick: () => this.#controller.dismissEnded() }, t('common.close')),
    );
  }

  /** Quick exit and leaving the page: the camera and microphone are released at once. */
  dispose() {
    for (const off of this.#off) off();
    this.#off = [];
    this.#part?.dispose();
    this.#part = null;
    this.#controller.dispose();
  }
}
