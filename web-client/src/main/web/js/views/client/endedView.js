// The end of a chat on the client's office-hour page (views/client/officeHourView.js draws the other phases). Loaded
// with the chat parts (chatParts.js), not with the start page: nobody sees it before they chatted.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { isoDate, shortDateTime } from '../../format.js';
import { announce } from '../../live.js';
import { transcriptText, transcriptFileName } from '../../transcript.js';
import { errorText } from '../errors.js';
import { organisationWhatNow } from './officeHourView.js';

/** National numbers that are always there (free, day and night), after a chat. */
const NATIONAL_NUMBERS = [
  { key: 'emergency', tel: '112', shown: '112' },
  { key: 'suicide', tel: '08000113', shown: '0800-0113' },
  { key: 'veiligThuis', tel: '08002000', shown: '0800-2000' },
];

function whatNow(status) {
  return h(
    'section',
    { class: 'ended__now', 'aria-labelledby': 'now-title' },
    h('h2', { class: 'h3', id: 'now-title' }, t('ended.now.title')),
    organisationWhatNow(status),
    h('ul', {}, NATIONAL_NUMBERS.map((n) => h('li', {}, t(`ended.now.${n.key}`), ' ', h('a', { href: `tel:${n.tel}` }, n.shown)))),
  );
}

/**
 * What the client's page shows once the chat ended, as the elements of the page's panel: the end, "chat again",
 * the follow-up, "did this help?", a copy to keep (only with consent), "Gesprek wissen" and what now.
 * @param {object} o
 * @param {import('../../officeHourModel.js').OfficeHourModel} o.officeHour
 * @param {import('../../conversation.js').ConversationModel|null} o.chat the ended chat's model, if there is one
 * @param {Function} o.onStartOver "chat again"
 * @param {Function} o.removeCopyOffer takes the copy offer off the page once the chat is erased
 */
export function endedSection({ officeHour, chat, onStartOver, removeCopyOffer }) {
  const reason = chat?.endReason || '';
  // Element.append would show a null as the text "null": leave the parts that are not there out.
  return [
    h('h1', {}, t('ended.title')),
    reason ? h('p', {}, t(`chat.ended.${reason}.client`)) : null,
    h('p', {}, t('ended.text')),
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn btn--primary', onclick: onStartOver }, t('ended.again'))),
    followUp(officeHour, chat),
    helped(officeHour, chat),
    chat?.transcriptConsent ? keepCopy(officeHour, chat) : null,
    deleteChat(officeHour, chat, removeCopyOffer),
    whatNow(officeHour.status),
  ].filter(Boolean);
}

/** The follow-up the professional recorded (if any): what, when and where, and the calendar file. */
function followUp(officeHour, model) {
  const event = model?.timeline().filter((item) => item.type === 'followUp').pop();
  if (!event) return null;
  const f = event.followUp;
  const tz = officeHour.status?.timeZone || 'Europe/Amsterdam';
  const when = f.proposedStart ? new Date(f.proposedStart) : null;
  const status = h('p', { class: 'muted', role: 'status' });
  const addToCalendar = async () => {
    status.textContent = '';
    try {
      const blob = await officeHour.followUpCalendar(model.conversationId);
      const url = URL.createObjectURL(new Blob([blob], { type: 'text/calendar;charset=utf-8' }));
      const link = h('a', { href: url, download: t('followUp.fileName'), hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      status.textContent = t('followUp.saved');
    } catch (err) {
      status.textContent = err?.code === 'NOT_FOUND' ? t('followUp.gone') : errorText(err);
    }
  };
  return h(
    'section',
    { class: 'ended__followup', 'aria-labelledby': 'followup-title' },
    h('h2', { class: 'h3', id: 'followup-title' }, t('followUp.title')),
    h('p', {}, t(`followUp.client.${f.kind || 'FOLLOW_UP_NONE'}`)),
    when || f.place
      ? h(
          'dl',
          { class: 'followup__details' },
          when ? [h('dt', {}, t('followUp.when')), h('dd', {}, shortDateTime(when, tz))] : null,
          f.place ? [h('dt', {}, t('followUp.where')), h('dd', { dir: 'auto' }, f.place)] : null,
        )
      : null,
    when ? h('button', { type: 'button', class: 'btn btn--secondary', 'data-action': 'calendar', onclick: addToCalendar }, t('followUp.addToCalendar')) : null,
    status,
  );
}

/** "Heeft dit gesprek je geholpen?": optional, one tap, only counted (never linked to the chat's content). */
function helped(officeHour, model) {
  if (!model?.conversationId || !model.professional) return null;
  const thanks = h('p', { role: 'status' });
  const buttons = h('div', { class: 'actions' });
  const answer = async (value) => {
    for (const b of buttons.querySelectorAll('button')) b.disabled = true;
    try {
      await officeHour.rateChat(model.conversationId, value);
      buttons.remove();
      thanks.textContent = t('helped.thanks');
    } catch (err) {
      for (const b of buttons.querySelectorAll('button')) b.disabled = false;
      thanks.textContent = err?.code === 'CONFLICT' ? t('helped.thanks') : errorText(err);
      if (err?.code === 'CONFLICT') buttons.remove();
    }
  };
  buttons.append(
    h('button', { type: 'button', class: 'btn btn--secondary', 'data-answer': 'yes', onclick: () => answer('HELPED_YES') }, t('helped.yes')),
    h('button', { type: 'button', class: 'btn btn--secondary', 'data-answer': 'no', onclick: () => answer('HELPED_NO') }, t('helped.no')),
  );
  return h(
    'section',
    { class: 'ended__helped', 'aria-labelledby': 'helped-title' },
    h('h2', { class: 'h3', id: 'helped-title' }, t('helped.title')),
    h('p', { class: 'muted' }, t('helped.hint')),
    buttons,
    thanks,
  );
}

/**
 * "Gesprek wissen": the client erases the chat on the server now (also when they agreed to keep it), after a
 * confirmation in the page. The offer to save a copy of it goes with it.
 */
function deleteChat(officeHour, model, removeCopyOffer) {
  if (!model?.conversationId) return null;
  const status = h('p', { role: 'status' });
  const confirm = h('button', { type: 'button', class: 'btn btn--danger', 'data-action': 'delete-confirm', hidden: true }, t('ended.delete.confirm'));
  const ask = h('button', { type: 'button', class: 'btn btn--secondary', 'data-action': 'delete-chat' }, t('ended.delete.button'));
  ask.addEventListener('click', () => {
    ask.hidden = true;
    confirm.hidden = false;
    status.textContent = t('ended.delete.sure');
    confirm.focus();
  });
  confirm.addEventListener('click', async () => {
    confirm.disabled = true;
    try {
      await officeHour.deleteConversation(model.conversationId);
      confirm.remove();
      removeCopyOffer();
      status.textContent = t('ended.delete.done');
    } catch (err) {
      confirm.disabled = false;
      status.textContent = err?.code === 'NOT_FOUND' ? t('ended.delete.done') : errorText(err);
    }
  });
  return h(
    'section',
    { class: 'ended__delete', 'aria-labelledby': 'delete-title' },
    h('h2', { class: 'h3', id: 'delete-title' }, t('ended.delete.title')),
    h('p', {}, t('ended.delete.text')),
    h('div', { class: 'actions' }, ask, confirm),
    status,
  );
}

/** Only when the client chose to keep the chat: a copy to save on their own device. */
function keepCopy(officeHour, model) {
  const save = () => {
    const s = officeHour.status || {};
    const tz = s.timeZone || 'Europe/Amsterdam';
    const title = [s.name, s.organisationName].filter(Boolean).join(', ');
    const text = transcriptText(model.timeline(), { title, you: t('chat.you'), someone: t('chat.someone'), time: (d) => shortDateTime(d, tz) });
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const link = h('a', { href: url, download: transcriptFileName(isoDate(new Date(), tz), t('ended.copy.fileWord')), hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    announce(t('ended.copy.saved'));
  };
  return h(
    'section',
    { class: 'ended__copy', 'aria-labelledby': 'copy-title' },
    h('h2', { class: 'h3', id: 'copy-title' }, t('ended.copy.title')),
    h('p', {}, t('ended.copy.text')),
    h('button', { type: 'button', class: 'btn btn--secondary', onclick: save }, t('ended.copy.button')),
  );
}
