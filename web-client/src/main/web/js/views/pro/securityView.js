// /pro/security (every staff account): your own second factor (TOTP): set up with an authenticator app (QR code or
// key), confirm with a code, see the recovery codes once, switch it off with a code. Org-admins also choose which
// roles must use it and reset a colleague's factor (lost phone). Requests: GetSecondFactor, StartTotpEnrolment,
// ConfirmTotpEnrolment, ResetSecondFactor, SetSecondFactorPolicy, ListAccounts.
import { h, field, uniqueId } from '../../dom.js';
import { t } from '../../i18n.js';
import { announce } from '../../live.js';
import { errorText } from '../errors.js';
import { totpKeyFigure, recoveryCodesBlock } from './totpKey.js';

const POLICY_ROLES = ['ROLE_PROFESSIONAL', 'ROLE_SUPERVISOR', 'ROLE_ORG_ADMIN', 'ROLE_QUALITY'];

export class SecurityView {
  #session;
  #status = null;

  constructor({ session }) {
    this.#session = session;
    this.status = h('p', { class: 'muted', role: 'status' });
    this.own = h('div');
    this.admin = h('div');
    this.element = h('section', { class: 'card security' }, h('h1', {}, t('pro.security.title')), h('p', {}, t('pro.security.intro')), this.status, this.own, this.admin);
  }

  mount() {
    this.#load();
  }

  async #request(body) {
    return (await this.#session.connection.request(body)).payload;
  }

  async #load() {
    this.status.textContent = t('common.loading');
    try {
      this.#status = await this.#request({ getSecondFactor: {} });
      this.status.textContent = '';
      this.#renderOwn();
      if (this.#session.isOrgAdmin) await this.#renderAdmin();
    } catch (err) {
      this.status.textContent = errorText(err);
    }
  }

  #renderOwn() {
    const s = this.#status;
    const state = h('p', { 'data-second-factor': s.enabled ? 'on' : 'off' }, t(s.enabled ? 'pro.security.on' : 'pro.security.off'), s.required ? ` ${t('pro.security.requiredForYou')}` : '');
    const children = [h('h2', {}, t('pro.security.ownTitle')), state];
    if (s.enabled) {
      children.push(h('p', { class: 'muted' }, t('pro.security.codesLeft', { n: s.recoveryCodesLeft || 0 })));
      children.push(h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn btn--secondary', onclick: () => this.#startEnrolment() }, t('pro.security.renew'))));
      if (!s.required) children.push(this.#removeForm());
    } else {
      children.push(h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn btn--primary', onclick: () => this.#startEnrolment() }, t('pro.security.setUp'))));
    }
    this.own.replaceChildren(...children);
  }

  async #startEnrolment() {
    try {
      const enrolment = await this.#request({ startTotpEnrolment: {} });
      const input = h('input', { type: 'text', name: 'code', autocomplete: 'one-time-code', inputmode: 'numeric', spellcheck: 'false' });
      const codeField = field({ label: t('pro.security.code'), hint: t('pro.security.codeHint'), input });
      const form = h(
        'form',
        { class: 'form', novalidate: true },
        h('h2', { tabindex: '-1' }, t('pro.security.enrolTitle')),
        h('ol', {}, h('li', {}, t('pro.security.step1')), h('li', {}, t('pro.security.step2')), h('li', {}, t('pro.security.step3'))),
        totpKeyFigure(enrolment),
        codeField.wrapper,
        h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn--primary' }, t('pro.security.confirm')), h('button', { type: 'button', class: 'btn btn--secondary', onclick: () => this.#renderOwn() }, t('common.cancel'))),
      );
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        codeField.setError(null);
        if (!/^[0-9]{6}$/.test(input.value.replace(/\s/g, ''))) {
          codeField.setError(t('pro.security.codeFormat'));
          input.focus();
          return;
        }
        try {
          const { codes = [] } = await this.#request({ confirmTotpEnrolment: { code: input.value.replace(/\s/g, '') } });
          this.#status = await this.#request({ getSecondFactor: {} });
          announce(t('pro.security.enabled'));
          const done = h('button', { type: 'button', class: 'btn btn--primary', onclick: () => { this.#renderOwn(); this.own.querySelector('h2')?.focus(); } }, t('pro.security.savedCodes'));
          this.own.replaceChildren(h('p', { class: 'notice notice--info', role: 'status' }, t('pro.security.enabled')), recoveryCodesBlock(codes), h('div', { class: 'actions' }, done));
          this.own.querySelector('h2').setAttribute('tabindex', '-1');
          this.own.querySelector('h2').focus();
        } catch (err) {
          codeField.setError(err?.code === 'INVALID_ARGUMENT' ? t('pro.security.codeWrong') : errorText(err));
          input.value = '';
          input.focus();
        }
      });
      this.own.replaceChildren(form);
      form.querySelector('h2').focus();
    } catch (err) {
      this.status.textContent = errorText(err);
    }
  }

  #removeForm() {
    const input = h('input', { type: 'text', name: 'removeCode', autocomplete: 'one-time-code', spellcheck: 'false' });
    const codeField = field({ label: t('pro.security.removeCode'), hint: t('pro.security.removeHint'), input });
    const form = h('form', { class: 'form', novalidate: true }, h('h3', {}, t('pro.security.removeTitle')), codeField.wrapper, h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn--secondary' }, t('pro.security.remove'))));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      codeField.setError(null);
      try {
        this.#status = await this.#request({ resetSecondFactor: { accountId: '', code: input.value.trim() } });
        announce(t('pro.security.removed'));
        this.#renderOwn();
      } catch (err) {
        codeField.setError(err?.code === 'INVALID_ARGUMENT' ? t('pro.security.codeWrong') : err?.code === 'CONFLICT' ? t('pro.security.requiredForYou') : errorText(err));
        input.focus();
      }
    });
    return form;
  }

  async #renderAdmin() {
    const s = this.#status;
    const { accounts = [] } = await this.#request({ listAccounts: {} });
    const boxes = POLICY_ROLES.map((role) => {
      const id = uniqueId('policy');
      const box = h('input', { type: 'checkbox', id, value: role, checked: (s.requiredRoles || []).includes(role) });
      return { role, box, wrapper: h('div', { class: 'check' }, box, h('label', { for: id }, t(`pro.security.role.${role}`))) };
    });
    const saved = h('p', { class: 'muted', role: 'status', 'data-policy-status': '' });
    const policyForm = h(
      'form',
      { class: 'form', novalidate: true },
      h('fieldset', { class: 'field' }, h('legend', { class: 'field__label' }, t('pro.security.policyLegend')), boxes.map((b) => b.wrapper)),
      h('p', { class: 'muted' }, t('pro.security.policyHint')),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn--primary' }, t('common.save'))),
      saved,
    );
    policyForm.addEventListener('submit', async (event) => {
      event.preventDefault();
      saved.textContent = '';
      try {
        this.#status = await this.#request({ setSecondFactorPolicy: { roles: boxes.filter((b) => b.box.checked).map((b) => b.role) } });
        saved.textContent = t('pro.security.policySaved');
        this.#renderOwn();
      } catch (err) {
        saved.textContent = errorText(err);
      }
    });
    const enabled = new Set(s.enabledAccountIds || []);
    const colleagues = accounts.filter((a) => enabled.has(a.id) && a.id !== this.#session.principalId);
    const list = colleagues.length
      ? h(
          'ul',
          { class: 'account-list' },
          colleagues.map((a) =>
            h(
              'li',
              {},
              h('bdi', {}, a.displayName),
              ' ',
              h('button', {
                type: 'button',
                class: 'btn btn--small btn--secondary',
                'aria-label': t('pro.security.resetNamed', { name: a.displayName }),
                onclick: async () => {
                  try {
                    this.#status = await this.#request({ resetSecondFactor: { accountId: a.id } });
                    announce(t('pro.security.resetDone', { name: a.displayName }));
                    await this.#renderAdmin();
                  } catch (err) {
                    announce(errorText(err));
                  }
                },
              }, t('pro.security.reset')),
            ),
          ),
        )
      : h('p', { class: 'muted' }, t('pro.security.noColleagues'));
    this.admin.replaceChildren(h('h2', {}, t('pro.security.policyTitle')), policyForm, h('h2', {}, t('pro.security.colleaguesTitle')), h('p', {}, t('pro.security.colleaguesHint')), list);
  }
}
