// The workspace setting "Melding als iemand langer wacht dan …" and the checks behind it (waitAlerts.js).
import { h, uniqueId } from '../../dom.js';
import { t } from '../../i18n.js';
import { announce } from '../../live.js';
import { attention } from '../../notify.js';
import { Keys, readSession, writeSession } from '../../storage.js';
import { WAIT_ALERT_CHOICES, WaitAlerts, notificationPermission } from '../../waitAlerts.js';

const CHECK_EVERY_MS = 5000;

/**
 * @param {object} o
 * @param {import('../../workModel.js').WorkModel} o.model
 * @returns {{element: HTMLElement, dispose: () => void}}
 */
export function waitAlertSettings({ model }) {
  const alerts = new WaitAlerts({
    notify: (title, body, tag) => {
      if (notificationPermission() !== 'granted') return false;
      try {
        const note = new globalThis.Notification(title, { body, tag, lang: document.documentElement.lang || 'nl' });
        note.onclick = () => {
          globalThis.focus?.();
          note.close();
        };
        return true;
      } catch {
        return false; // some browsers only allow notifications from a service worker
      }
    },
    fallback: (title) => {
      attention();
      announce(title);
    },
  });
  const selectId = uniqueId('wait-alert');
  const hintId = `${selectId}-hint`;
  const select = h(
    'select',
    { id: selectId, name: 'waitAlert', 'aria-describedby': hintId },
    WAIT_ALERT_CHOICES.map((minutes) => h('option', { value: String(minutes) }, minutes ? t('pro.waitAlert.minutes', { n: minutes }) : t('pro.waitAlert.off'))),
  );
  const saved = readSession(Keys.WAIT_ALERT);
  select.value = String(WAIT_ALERT_CHOICES.includes(saved) ? saved : 0);
  alerts.setThresholdMinutes(Number(select.value));
  const status = h('p', { class: 'muted settings__hint', id: hintId });
  const allow = h('button', { type: 'button', class: 'btn btn--small btn--secondary' }, t('pro.waitAlert.allow'));
  const renderPermission = () => {
    const permission = notificationPermission();
    allow.hidden = !(permission === 'default' && Number(select.value) > 0);
    status.textContent = !Number(select.value)
      ? t('pro.waitAlert.hintOff')
      : t(`pro.waitAlert.permission.${permission}`);
  };
  allow.addEventListener('click', async () => {
    // Asked only here, on the professional's own click: browsers refuse (or hide) a question without one.
    try {
      await globalThis.Notification?.requestPermission();
    } catch {
      // older callback-style API or refused: the status line says what holds
    }
    renderPermission();
    announce(status.textContent);
  });
  select.addEventListener('change', () => {
    writeSession(Keys.WAIT_ALERT, Number(select.value));
    alerts.setThresholdMinutes(Number(select.value));
    renderPermission();
    check();
  });
  renderPermission();
  const check = () =>
    alerts.check(model.queueViews, model.onDuty, new Date(), (officeHourId, item, waitedMs) => ({
      title: t('pro.waitAlert.title', { name: item.nickname || t('chat.someone'), n: Math.floor(waitedMs / 60_000) }),
      body: model.officeHourName(officeHourId) || '',
    }));
  const timer = setInterval(check, CHECK_EVERY_MS);
  const off = model.on('change', (kind) => kind === 'queue' && check());
  const element = h(
    'div',
    { class: 'settings__item' },
    h('label', { for: selectId }, t('pro.waitAlert.label')),
    select,
    allow,
    status,
  );
  return {
    element,
    dispose() {
      clearInterval(timer);
      off();
    },
  };
}
