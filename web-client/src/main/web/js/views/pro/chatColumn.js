// One chat in the professional's workspace: who it is, their first question, transfer notes, the messages,
// and what the professional can do (transfer, end, stop reading along, close when it has ended).
import { h, field } from '../../dom.js';
import { t } from '../../i18n.js';
import { openDialog } from '../../dialog.js';
import { ChatPanel } from '../chat.js';
import { CallPanel } from '../call/callPanel.js';
import { errorText } from '../errors.js';
import { openTransferDialog } from './transferDialog.js';
import { ChatNotesPanel } from './chatNotes.js';
import { attachCannedResponses } from './cannedResponses.js';

/**
 * Which buttons the head of a chat column shows. They change only when the chat ends or the role changes, so the
 * buttons are rebuilt only then: rebuilding them on every message replaced a button between a professional's
 * mouse-down and mouse-up, and the click was lost.
 */
export function chatActionKinds({ ended, supervising, inCall = false }) {
  if (ended) return ['close'];
  if (supervising) return ['unsupervise'];
  return inCall ? ['transfer', 'end'] : ['video', 'transfer', 'end'];
}

export class ChatColumn {
  #session;
  #model;
  #info;
  #off = [];
  #actionsShown = '';

  /**
   * @param {object} o
   * @param {import('../../proSession.js').ProSession} o.session
   * @param {import('../../workModel.js').WorkModel} o.model
   * @param {object} o.info chat info (conversationId, officeHourId, clientNickname, firstQuestion, notes, viaTransfer, mode)
   * @param {() => void} o.onClose remove this column
   * @param {(event) => void} o.onNewMessage
   */
  constructor({ session, model, info, onClose, onNewMessage, canned = null }) {
    this.#session = session;
    this.#model = model;
    this.#info = info;
    this.onClose = onClose;
    this.conversationId = info.conversationId;
    this.chat = new ChatPanel({ hub: session.hub, conversationId: info.conversationId, audience: 'pro', readOnly: info.mode === 'supervise' });
    this.chat.onNewMessage = onNewMessage;
    this.titleId = `chat-title-${info.conversationId}`;
    this.title = h('h2', { id: this.titleId });
    this.subtitle = h('p', { class: 'muted' });
    this.details = h('div', { class: 'chat-panel__details' });
    // Private notes during the chat (and those left with a transfer): kept, not rebuilt with the details.
    this.notes = new ChatNotesPanel({ connection: session.connection, conversationId: info.conversationId, notes: info.notes || [] });
    this.notes.load();
    if (canned && info.mode !== 'supervise') attachCannedResponses(this.chat, canned);
    this.actions = h('div', { class: 'chat-panel__actions' });
    // Video in the same chat: the professional starts it here; pre-join, lobby and call sit above the messages.
    const chatModel = this.chat.model;
    this.call = info.mode === 'supervise' ? null : new CallPanel({
      connection: session.connection,
      conversationId: info.conversationId,
      myParticipantId: () => chatModel.myParticipantId,
      audience: 'pro',
    });
    if (this.call) this.call.onChange = () => this.#renderActions();
    this.element = h(
      'section',
      { class: 'card chat-panel', 'aria-labelledby': this.titleId },
      h('div', { class: 'chat-panel__head' }, h('div', {}, this.title, this.subtitle), this.actions),
      this.details,
      this.call?.element,
      this.notes.element,
      this.chat.element,
    );
    this.#off.push(this.chat.model.on('change', (kind) => {
      if (kind === 'subscribed' || kind === 'event' || kind === 'history' || kind === 'reset') this.render();
      // A chat that ends takes its video call with it (quick exit: "the client left in a hurry").
      if (this.chat.model.ended) this.call?.controller.conversationEnded(this.chat.model.endReason === 'QUICK_EXIT');
    }));
    this.render();
  }

  get supervising() {
    return this.#info.mode === 'supervise' || this.chat.model.myRole === 'SUPERVISOR';
  }

  /** The nickname: from the assignment if we have it, else from the participants. */
  get nickname() {
    return this.#info.clientNickname || this.chat.model.client?.displayName || t('chat.someone');
  }

  update(info) {
    this.#info = { ...this.#info, ...info };
    if (info.notes) this.notes.setNotes(info.notes);
    this.render();
  }

  render() {
    const model = this.chat.model;
    const info = this.#info;
    this.title.textContent = this.supervising ? t('pro.chat.titleSupervising', { name: this.nickname }) : this.nickname;
    // Several chats side by side: each message region needs its own name.
    this.chat.setMessagesLabel(t('chat.messagesLabelWith', { name: this.nickname }));
    const parts = [this.#model.officeHourName(info.officeHourId || model.officeHourId)];
    if (this.supervising && model.professional) parts.push(t('pro.chat.withProfessional', { name: model.professional.displayName }));
    if (info.viaTransfer) parts.push(t('pro.chat.viaTransfer'));
    this.subtitle.textContent = parts.filter(Boolean).join(' · ');
    const details = [];
    if (info.firstQuestion) {
      details.push(h('p', { class: 'chat-panel__question' }, h('strong', {}, t('pro.chat.firstQuestion')), ' ', info.firstQuestion));
    }
    details.push(h('p', { class: 'muted' }, model.transcriptConsent ? t('pro.chat.consentYes') : t('pro.chat.consentNo')));
    this.details.replaceChildren(...details);
    this.#renderActions();
  }

  #renderActions() {
    const kinds = chatActionKinds({ ended: this.chat.model.ended, supervising: this.supervising, inCall: !this.call || this.call.busy });
    const shown = kinds.join(' ');
    if (shown === this.#actionsShown) return;
    this.#actionsShown = shown;
    const id = this.conversationId;
    const buttons = {
      video: () => h('button', { type: 'button', class: 'btn btn--primary btn--small', 'data-key': `video-${id}`, onclick: () => this.call?.prepareStart() }, t('call.startButton')),
      close: () => h('button', { type: 'button', class: 'btn btn--primary btn--small', 'data-key': `close-${id}`, onclick: () => this.onClose() }, t('pro.chat.close')),
      unsupervise: () => h('button', { type: 'button', class: 'btn btn--secondary btn--small', 'data-key': `unsupervise-${id}`, onclick: () => this.#stopSupervising() }, t('pro.chat.stopSupervising')),
      transfer: () => h('button', { type: 'button', class: 'btn btn--secondary btn--small', 'data-key': `transfer-${id}`, onclick: () => this.#transfer() }, t('pro.chat.transfer')),
      end: () => h('button', { type: 'button', class: 'btn btn--danger btn--small', 'data-key': `end-${id}`, onclick: () => this.#end() }, t('pro.chat.end')),
    };
    const focusedKey = this.actions.contains(document.activeElement) ? document.activeElement.dataset.key : null;
    this.actions.replaceChildren(...kinds.map((kind) => buttons[kind]()));
    if (focusedKey) this.actions.querySelector(`[data-key="${focusedKey}"]`)?.focus();
    this.error = this.error || h('p', { class: 'notice notice--error', role: 'alert', hidden: true });
    this.actions.append(this.error);
  }

  #showError(message) {
    this.error.textContent = message;
    this.error.hidden = !message;
  }

  async #transfer() {
    const officeHourId = this.#info.officeHourId || this.chat.model.officeHourId;
    const result = await openTransferDialog({
      nickname: this.nickname,
      colleagues: this.#model.colleaguesOnDuty(officeHourId, this.#session.principalId),
      onSubmit: (toProfessionalId, note) =>
        this.#session.connection.request({ transferChat: { conversationId: this.conversationId, toProfessionalId, note } }),
    });
    if (result) this.onClose({ transferred: true });
  }

  /** Leave as reader (the client sees the colleague go), then close the column. */
  async #stopSupervising() {
    try {
      await this.#session.connection.request({ stopSupervising: { conversationId: this.conversationId } });
    } catch (err) {
      // CONFLICT/NOT_FOUND: we are not reading along any more anyway (the chat ended meanwhile).
      if (!['CONFLICT', 'NOT_FOUND'].includes(err?.code)) {
        this.#showError(errorText(err));
        return;
      }
    }
    this.onClose();
  }

  async #end() {
    const form = followUpFields();
    const ok = await openDialog({
      title: t('pro.chat.endTitle'),
      body: [h('p', {}, t('pro.chat.endText', { name: this.nickname })), form.element],
      actions: [
        { label: t('common.cancel'), value: false },
        {
          label: t('pro.chat.end'),
          danger: true,
          onClick: () => form.validate(),
          value: true,
        },
      ],
    });
    if (ok !== true) return;
    try {
      const followUp = form.value();
      await this.#session.connection.request({ endChat: { conversationId: this.conversationId, ...(followUp ? { followUp } : {}) } });
      this.#showError('');
    } catch (err) {
      this.#showError(errorText(err));
    }
  }

  dispose() {
    for (const off of this.#off) off();
    this.call?.dispose();
    this.chat.dispose();
  }
}

const FOLLOW_UP_KINDS = ['FOLLOW_UP_FACE_TO_FACE', 'FOLLOW_UP_PHONE', 'FOLLOW_UP_VIDEO', 'FOLLOW_UP_REFERRAL', 'FOLLOW_UP_NONE'];

/**
 * The follow-up agreed with the client, recorded when ending the chat (effect measurement): the kind, optionally a
 * proposed date and time and a place, which the client sees in their end-of-chat block. value() is the FollowUp
 * for EndChat, or null when nothing was chosen; validate() returns false (and says why) for a time in the past.
 */
export function followUpFields() {
  const kind = field({
    label: t('pro.followUp.kind'),
    input: h('select', { name: 'followUpKind' }, h('option', { value: '' }, t('pro.followUp.notRecorded')), FOLLOW_UP_KINDS.map((k) => h('option', { value: k }, t(`followUp.kind.${k}`)))),
  });
  const when = field({ label: t('pro.followUp.when'), input: h('input', { type: 'datetime-local', name: 'followUpWhen' }), optional: t('common.optional') });
  const place = field({ label: t('pro.followUp.place'), input: h('input', { type: 'text', name: 'followUpPlace', maxlength: '200', autocomplete: 'off' }), optional: t('common.optional') });
  const details = h('div', { class: 'followup-fields__details' }, when.wrapper, place.wrapper);
  const sync = () => {
    details.hidden = !kind.input.value || kind.input.value === 'FOLLOW_UP_NONE';
  };
  kind.input.addEventListener('change', sync);
  sync();
  const element = h('fieldset', { class: 'followup-fields' }, h('legend', {}, t('pro.followUp.legend')), kind.wrapper, details);
  return {
    element,
    validate() {
      when.setError(null);
      if (!details.hidden && when.input.value && !(new Date(when.input.value).getTime() > Date.now())) {
        when.setError(t('pro.followUp.past'));
        when.input.focus();
        return false;
      }
      return true;
    },
    value() {
      if (!kind.input.value) return null;
      const followUp = { kind: kind.input.value };
      if (!details.hidden) {
        if (when.input.value) followUp.proposedStart = new Date(when.input.value).toISOString();
        if (place.input.value.trim()) followUp.place = place.input.value.trim();
      }
      return followUp;
    },
  };
}
