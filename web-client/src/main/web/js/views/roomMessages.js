// What a message in a group room has besides its text: the message it answers (quoted), "bewerkt", "verwijderd",
// "verborgen door moderator", reactions, "vastgezet", and a small menu of what you may do with it (answer, react,
// edit or delete your own; moderators also pin, hide, restore and delete any message). ChatPanel draws the message;
// decorate() adds these parts and redraws them only when they changed. Used by members and moderators alike.
import { h, uniqueId } from '../dom.js';
import { t } from '../i18n.js';
import { REACTIONS } from '../conversation.js';
import { confirmDialog, openDialog } from '../dialog.js';
import { errorText } from './errors.js';
import { announce } from '../live.js';
import { excerpt } from './chat.js';

/** Dutch/English names of the reaction emoji, for screen readers (the emoji alone are read very differently). */
export const REACTION_KEYS = Object.freeze({ '👍': 'thumbsUp', '❤️': 'heart', '😂': 'laugh', '😮': 'surprised', '😢': 'sad', '🙏': 'thanks' });

export class RoomMessageTools {
  #hub;
  #conversationId;
  #canModerate;
  #onReply;
  #onError;

  /**
   * @param {object} o
   * @param {import('../conversation.js').ConversationHub} o.hub
   * @param {string} o.conversationId the room's conversation
   * @param {() => boolean} o.canModerate whether I moderate this room (pin, hide, delete any message)
   * @param {(seq: number) => void} o.onReply answer this message (the panel's reply bar)
   * @param {(message: string) => void} o.onError show why an action did not work
   */
  #hidden = null; // hiddenSenders.js, loaded with the room

  constructor({ hub, conversationId, canModerate, onReply, onError }) {
    import('../hiddenSenders.js').then((m) => {
      this.#hidden = m;
      this.#model?.emit('change', 'hiddenSenders');
    }).catch(() => {});
    this.#hub = hub;
    this.#conversationId = conversationId;
    this.#canModerate = canModerate;
    this.#onReply = onReply;
    this.#onError = onError;
  }

  get #model() {
    return this.#hub.get(this.#conversationId);
  }

  /** Add (or bring up to date) the room parts of one message's list item. */
  decorate(node, item) {
    const model = this.#model;
    if (!model) return;
    const pending = item.type === 'pending';
    const view = pending ? { text: item.text, replyToSeq: item.replyToSeq || 0, reactions: [] } : model.messageView(item);
    const writable = model.roomState === 'ROOM_OPEN' || (model.roomState === 'ROOM_PAUSED' && this.#canModerate());
    const reply = view.replyToSeq ? model.events.get(view.replyToSeq) : null;
    const replyView = reply ? model.messageView(reply) : null;
    const hiddenByMe = !pending && !this.#canModerate() && !!this.#hidden?.isHiddenMessage(this.#conversationId, item);
    const signature = JSON.stringify([view, writable, this.#canModerate(), replyView?.text, replyView?.deleted, replyView?.hidden, !pending && model.mentionsMe(item), hiddenByMe, !!this.#hidden]);
    if (node.dataset.room === signature) return;
    node.dataset.room = signature;
    if (!pending) node.dataset.seq = String(item.seq);
    const focusedKey = node.contains(document.activeElement) ? document.activeElement.dataset.key : null;
    const menuOpen = node.querySelector('.msg__more')?.open === true;
    node.querySelectorAll('[data-room-part]').forEach((el) => el.remove());
    node.classList.toggle('msg--gone', !!(view.deleted || view.hidden));
    node.classList.toggle('msg--pinned', !!view.pinned);
    const mentioned = !pending && model.mentionsMe(item);
    node.classList.toggle('msg--mention', mentioned);

    const text = node.querySelector('.msg__text');
    if (view.deleted) text.textContent = t(view.byModerator ? 'room.msg.deletedByModerator' : 'room.msg.deleted');
    else if (view.hidden) text.textContent = t('room.msg.hidden');
    else if (hiddenByMe) text.textContent = t('people.hideMember.hidden', { name: item.senderName || t('chat.someone') });
    else text.textContent = view.text;
    text.classList.toggle('msg__text--gone', !!(view.deleted || view.hidden || hiddenByMe));
    const meta = node.querySelector('.msg__meta');
    if (item.senderRole === 'MODERATOR') meta.querySelector('.msg__who')?.after(part('span', { class: 'msg__role' }, ` · ${t('room.moderator')}`));
    if (view.replyToSeq) text.before(this.#quote(reply, replyView));
    if (view.edited && !view.deleted && !view.hidden) text.after(part('p', { class: 'msg__edited' }, t('room.msg.edited')));
    if (view.pinned) meta.after(part('p', { class: 'msg__pin' }, t('room.msg.pinned')));
    node.classList.toggle('msg--announcement', !!view.announcement);
    if (view.announcement) meta.after(part('p', { class: 'msg__announcement' }, t('room.msg.announcement')));
    if (mentioned && !view.deleted && !view.hidden) meta.after(part('p', { class: 'msg__mention' }, t('room.msg.mentionsYou')));
    if (pending) return;
    const status = node.querySelector('.msg__status');
    const reactions = hiddenByMe ? null : this.#reactions(item, view, writable);
    if (reactions) (status ? status.before(reactions) : node.append(reactions));
    const menu = this.#menu(item, view, writable, hiddenByMe);
    if (menu) {
      menu.open = menuOpen;
      node.append(menu);
    }
    if (focusedKey) node.querySelector(`[data-key="${focusedKey}"]`)?.focus();
  }

  #quote(reply, replyView) {
    if (!reply) return part('p', { class: 'msg__quote' }, t('room.msg.replyToUnknown'));
    let quoted = excerpt(replyView.text);
    if (replyView.deleted) quoted = t('room.msg.deleted');
    else if (replyView.hidden) quoted = t('room.msg.hidden');
    const who = reply.mine ? t('chat.you') : reply.senderName || t('chat.someone');
    return part('blockquote', { class: 'msg__quote' }, h('span', { class: 'visually-hidden' }, t('room.msg.replyTo')), h('span', { class: 'msg__quote-who' }, `${who}: `), quoted);
  }

  /** Reactions under the message: each a button that adds or takes back mine. */
  #reactions(item, view, writable) {
    if (view.deleted || view.hidden || !view.reactions.length) return null;
    return part(
      'ul',
      { class: 'msg__reactions', 'aria-label': t('room.reactions.label') },
      view.reactions.map((r) =>
        h(
          'li',
          {},
          h(
            'button',
            {
              type: 'button',
              class: ['reaction', r.mine && 'reaction--mine'],
              'aria-pressed': String(r.mine),
              'aria-label': t('room.reactions.count', { name: t(`room.reaction.${REACTION_KEYS[r.emoji]}`), n: r.count }),
              'data-key': `r-${item.seq}-${r.emoji}`,
              disabled: !writable,
              onclick: () => this.#react(item.seq, r.emoji, r.mine),
            },
            h('span', { 'aria-hidden': 'true' }, `${r.emoji} ${r.count}`),
          ),
        ),
      ),
    );
  }

  /** "Meer" under a message: what I may do with it, as plain buttons in a disclosure (keyboard: Enter, Tab). */
  #menu(item, view, writable, hiddenByMe = false) {
    const moderator = this.#canModerate();
    const gone = view.deleted;
    if (gone && !moderator) return null;
    const seq = item.seq;
    const button = (key, label, onclick, extra = {}) =>
      h('button', { type: 'button', class: ['btn', 'btn--small', extra.danger ? 'btn--danger' : 'btn--secondary'], 'data-key': `${key}-${seq}`, onclick, ...extra.attrs }, label);
    const actions = [];
    const sender = item.senderName || t('chat.someone');
    const hideSender = this.#hidden && !moderator && !item.mine && item.senderRole === 'MEMBER' && item.senderId
      ? button('hide-sender', t(hiddenByMe ? 'people.hideMember.show' : 'people.hideMember.hide', { name: sender }), () => this.#toggleSender(item, !hiddenByMe))
      : null;
    if (hiddenByMe) {
      actions.push(hideSender);
      return this.#details(item, actions);
    }
    if (writable && !gone && !view.hidden) {
      actions.push(button('reply', t('room.action.reply'), () => this.#onReply(seq)));
      const mineSet = new Set(view.reactions.filter((r) => r.mine).map((r) => r.emoji));
      actions.push(
        h(
          'div',
          { class: 'msg__react-choices', role: 'group', 'aria-label': t('room.action.react') },
          REACTIONS.map((emoji) =>
            h(
              'button',
              {
                type: 'button',
                class: ['btn', 'btn--small', 'btn--secondary', 'reaction-choice'],
                'aria-pressed': String(mineSet.has(emoji)),
                'aria-label': t(`room.reaction.${REACTION_KEYS[emoji]}`),
                'data-key': `pick-${seq}-${emoji}`,
                onclick: () => this.#react(seq, emoji, mineSet.has(emoji)),
              },
              h('span', { 'aria-hidden': 'true' }, emoji),
            ),
          ),
        ),
      );
      if (item.mine) actions.push(button('edit', t('room.action.edit'), () => this.#edit(item, view)));
    }
    if (writable && !gone && (item.mine || moderator)) {
      actions.push(button('delete', t('room.action.delete'), () => this.#delete(item), { danger: true }));
    }
    if (!moderator && !item.mine && !gone && !view.hidden) {
      actions.push(button('report', t('room.action.report'), () => this.#report(item)));
    }
    if (moderator && writable && !gone) {
      if (!view.hidden) actions.push(button('pin', view.pinned ? t('room.action.unpin') : t('room.action.pin'), () => this.#act('pinMessage', { seq: String(seq), unpin: view.pinned })));
      actions.push(button('hide', view.hidden ? t('room.action.restore') : t('room.action.hide'), () => this.#hide(item, view.hidden)));
    }
    if (hideSender && !gone) actions.push(hideSender);
    return this.#details(item, actions);
  }

  #toggleSender(item, hide) {
    this.#hidden.setSenderHidden(this.#conversationId, item.senderId, hide);
    const name = item.senderName || t('chat.someone');
    this.#onError('');
    this.#model?.emit('change', 'hiddenSenders');
    announce(t(hide ? 'people.hideMember.hiddenAnnounce' : 'people.hideMember.shownAnnounce', { name }));
  }

  #details(item, actions) {
    if (!actions.length) return null;
    const seq = item.seq;
    const who = item.mine ? t('chat.you') : item.senderName || t('chat.someone');
    return part(
      'details',
      { class: 'msg__more' },
      h('summary', { 'aria-label': t('room.action.moreFor', { name: who }), 'data-key': `more-${seq}` }, t('room.action.more')),
      h('div', { class: 'msg__actions' }, actions),
    );
  }

  async #act(type, fields) {
    try {
      await this.#hub.roomAction(this.#conversationId, type, fields);
      this.#onError('');
    } catch (err) {
      this.#onError(err?.code === 'FORBIDDEN' && /^muted until/.test(err.message || '') ? t('room.error.muted') : errorText(err));
    }
  }

  #react(seq, emoji, mine) {
    return this.#act('react', { seq: String(seq), emoji, remove: mine });
  }

  async #edit(item, view) {
    const id = uniqueId('edit');
    const textarea = h('textarea', { id, rows: '4', dir: 'auto' });
    textarea.value = view.text;
    const error = h('p', { class: 'field__error', role: 'alert', hidden: true });
    await openDialog({
      title: t('room.edit.title'),
      body: [h('label', { for: id, class: 'field__label' }, t('room.edit.label')), textarea, error],
      actions: [
        { label: t('common.cancel') },
        {
          label: t('common.save'),
          primary: true,
          submit: true,
          onClick: async () => {
            const text = textarea.value.trim();
            if (!text) {
              error.textContent = t('room.edit.empty');
              error.hidden = false;
              return false;
            }
            try {
              await this.#hub.roomAction(this.#conversationId, 'editMessage', { seq: String(item.seq), text });
              return true;
            } catch (err) {
              error.textContent = errorText(err);
              error.hidden = false;
              return false;
            }
          },
        },
      ],
    });
  }

  async #delete(item) {
    const ok = await confirmDialog({
      title: t('room.delete.title'),
      text: item.mine ? t('room.delete.textOwn') : t('room.delete.textOther', { name: item.senderName || t('chat.someone') }),
      confirmLabel: t('room.action.delete'),
      danger: true,
    });
    if (ok) await this.#act('deleteMessage', { seq: String(item.seq) });
  }

  /** Report a message to the moderators: one step, the reason is optional; nobody else learns who reported it. */
  async #report(item) {
    const id = uniqueId('report');
    const input = h('textarea', { id, rows: '3', name: 'reason', maxlength: '500', 'aria-describedby': `${id}-hint` });
    const error = h('p', { class: 'field__error', role: 'alert', hidden: true });
    const sent = await openDialog({
      title: t('room.report.title'),
      body: [
        h('p', {}, t('room.report.text', { name: item.senderName || t('chat.someone') })),
        h('label', { for: id, class: 'field__label' }, t('room.report.label')),
        h('p', { class: 'field__hint', id: `${id}-hint` }, t('room.report.hint')),
        error,
        input,
      ],
      actions: [
        { label: t('common.cancel') },
        {
          label: t('room.report.send'),
          primary: true,
          submit: true,
          value: 'sent',
          onClick: async () => {
            try {
              await this.#hub.connection.request({ reportMessage: { conversationId: this.#conversationId, seq: String(item.seq), reason: input.value.trim() } });
              return true;
            } catch (err) {
              error.textContent = errorText(err);
              error.hidden = false;
              return false;
            }
          },
        },
      ],
    });
    if (sent) {
      this.#onError('');
      announce(t('room.report.done'));
    }
  }

  /** Hiding (and restoring) asks for a reason, which goes to the moderation log. */
  async #hide(item, restore) {
    const reason = await askReason({
      title: restore ? t('room.restore.title') : t('room.hide.title'),
      text: restore ? t('room.restore.text') : t('room.hide.text', { name: item.senderName || t('chat.someone') }),
      confirmLabel: restore ? t('room.action.restore') : t('room.action.hide'),
    });
    if (reason) await this.#act('hideMessage', { seq: String(item.seq), restore, reason });
  }
}

/** A dialog that asks for a moderation reason (1..500 characters); resolves with it, or undefined when cancelled. */
export async function askReason({ title, text, confirmLabel, danger = false, extra = null, onConfirm = null }) {
  const id = uniqueId('reason');
  const input = h('textarea', { id, rows: '3', name: 'reason', 'aria-describedby': `${id}-hint` });
  const error = h('p', { class: 'field__error', role: 'alert', hidden: true });
  let result;
  await openDialog({
    title,
    body: [
      text ? h('p', {}, text) : null,
      extra,
      h('label', { for: id, class: 'field__label' }, t('room.reason.label')),
      h('p', { class: 'field__hint', id: `${id}-hint` }, t('room.reason.hint')),
      error,
      input,
    ],
    actions: [
      { label: t('common.cancel') },
      {
        label: confirmLabel,
        primary: !danger,
        danger,
        submit: true,
        onClick: async () => {
          const reason = input.value.trim();
          if (!reason || [...reason].length > 500) {
            error.textContent = t('room.reason.invalid');
            error.hidden = false;
            input.setAttribute('aria-invalid', 'true');
            return false;
          }
          if (onConfirm) {
            try {
              await onConfirm(reason);
            } catch (err) {
              error.textContent = err?.text || errorText(err);
              error.hidden = false;
              return false;
            }
          }
          result = reason;
          return true;
        },
      },
    ],
  });
  return result;
}

/** An element that decorate() owns (removed and rebuilt when the message changes). */
function part(tag, props, ...children) {
  return h(tag, { ...props, 'data-room-part': '' }, ...children);
}
