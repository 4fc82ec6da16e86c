// /pro/accounts (org-admins): the organisation's staff accounts. Create, change name and roles, disable, set a new
// password (ListAccounts / SaveAccount). Disabling ends every session of that account at once.
import { h, field, uniqueId } from '../../dom.js';
import { t } from '../../i18n.js';
import { announce } from '../../live.js';
import { errorText } from '../errors.js';

const ROLES = ['ROLE_PROFESSIONAL', 'ROLE_SUPERVISOR', 'ROLE_ORG_ADMIN'];
const PASSWORD_MIN = 12;
const USERNAME = /^[a-z0-9._-]{2,60}$/;

/** What is wrong with the form, per field; empty when it may be sent. No DOM: unit-tested under node. */
export function accountFormErrors({ creating, username, displayName, roles, password }) {
  const errors = {};
  if (creating && !USERNAME.test(username)) errors.username = 'pro.accounts.error.username';
  if (!displayName || displayName.length > 80) errors.displayName = 'pro.accounts.error.displayName';
  if (!roles.length) errors.roles = 'pro.accounts.error.roles';
  if ((creating || password) && (password.length < PASSWORD_MIN || password.length > 1024)) errors.password = 'pro.accounts.error.password';
  return errors;
}

export class AccountsView {
  #session;
  #accounts = [];

  constructor({ session }) {
    this.#session = session;
    this.status = h('p', { class: 'muted', role: 'status' });
    this.list = h('div');
    this.formArea = h('div');
    this.element = h(
      'section',
      { class: 'card' },
      h('h1', {}, t('pro.accounts.title')),
      h('p', {}, t('pro.accounts.intro')),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn btn--primary', onclick: () => this.#showForm(null, true) }, t('pro.accounts.new'))),
      this.status,
      this.list,
      this.formArea,
    );
  }

  mount() {
    this.#load();
  }

  async #load() {
    this.status.textContent = t('common.loading');
    try {
      const { payload } = await this.#session.connection.request({ listAccounts: {} });
      this.#accounts = (payload.accounts || []).slice().sort((a, b) => a.displayName.localeCompare(b.displayName, 'nl'));
      this.status.textContent = '';
      this.#render();
    } catch (err) {
      this.status.textContent = errorText(err);
    }
  }

  #render() {
    this.list.replaceChildren(
      h(
        'ul',
        { class: 'account-list' },
        this.#accounts.map((a) =>
          h(
            'li',
            { 'data-username': a.username },
            h('h2', { class: 'h3' }, a.displayName, a.disabled ? h('span', { class: 'badge badge--closed' }, ` ${t('pro.accounts.disabled')}`) : null),
            h('p', { class: 'muted' }, `${a.username} · ${(a.roles || []).filter((r) => ROLES.includes(r)).map((r) => t(`pro.accounts.role.${r}`)).join(', ')}`),
            h('button', { type: 'button', class: 'btn btn--small btn--secondary', 'aria-label': t('pro.accounts.editNamed', { name: a.displayName }), onclick: () => this.#showForm(a, true) }, t('pro.accounts.edit')),
          ),
        ),
      ),
    );
  }

  #showForm(account, focus) {
    const creating = !account;
    const self = account?.id === this.#session.principalId;
    const username = h('input', { type: 'text', name: 'username', autocomplete: 'off', spellcheck: 'false', value: account?.username || '', disabled: !creating });
    const displayName = h('input', { type: 'text', name: 'displayName', autocomplete: 'off', value: account?.displayName || '' });
    const password = h('input', { type: 'password', name: 'password', autocomplete: 'new-password' });
    const usernameField = field({ label: t('pro.accounts.username'), input: username, hint: creating ? t('pro.accounts.usernameHint') : null });
    const nameField = field({ label: t('pro.accounts.displayName'), input: displayName });
    const passwordField = field({
      label: creating ? t('pro.accounts.password') : t('pro.accounts.newPassword'),
      input: password,
      hint: creating ? t('pro.accounts.passwordHint') : t('pro.accounts.newPasswordHint'),
    });
    const roleBoxes = ROLES.map((role) => {
      const id = uniqueId('role');
      const box = h('input', { type: 'checkbox', id, value: role, checked: (account?.roles || (creating ? ['ROLE_PROFESSIONAL'] : [])).includes(role) });
      return { role, box, wrapper: h('div', { class: 'check' }, box, h('label', { for: id }, t(`pro.accounts.role.${role}`))) };
    });
    const rolesError = h('p', { class: 'field__error', id: uniqueId('roles-error'), hidden: true });
    const legendId = uniqueId('roles');
    const roles = h('fieldset', { class: 'field', 'aria-describedby': rolesError.id }, h('legend', { id: legendId, class: 'field__label' }, t('pro.accounts.roles')), rolesError, roleBoxes.map((r) => r.wrapper));
    const disabledId = uniqueId('disabled');
    const disabledBox = h('input', { type: 'checkbox', id: disabledId, checked: !!account?.disabled, disabled: self });
    const error = h('p', { class: 'notice notice--error', role: 'alert', tabindex: '-1', hidden: true });
    const heading = h('h2', { tabindex: '-1' }, creating ? t('pro.accounts.newTitle') : t('pro.accounts.editTitle', { name: account.displayName }));
    const form = h(
      'form',
      { class: 'account-form', novalidate: true },
      heading,
      usernameField.wrapper,
      nameField.wrapper,
      roles,
      creating ? null : h('div', { class: 'check' }, disabledBox, h('label', { for: disabledId }, t('pro.accounts.disable'))),
      creating ? null : h('p', { class: 'muted' }, t(self ? 'pro.accounts.selfHint' : 'pro.accounts.disableHint')),
      passwordField.wrapper,
      error,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn--primary' }, t('common.save')), h('button', { type: 'button', class: 'btn btn--secondary', onclick: () => this.formArea.replaceChildren() }, t('common.cancel'))),
      creating || self ? null : this.#deleteBlock(account),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      error.hidden = true;
      const wanted = {
        creating,
        username: username.value.trim().toLowerCase(),
        displayName: displayName.value.trim(),
        roles: roleBoxes.filter((r) => r.box.checked).map((r) => r.role),
        password: password.value,
      };
      const errors = accountFormErrors(wanted);
      if (creating) usernameField.setError(errors.username ? t(errors.username) : '');
      nameField.setError(errors.displayName ? t(errors.displayName) : '');
      passwordField.setError(errors.password ? t(errors.password) : '');
      rolesError.textContent = errors.roles ? t(errors.roles) : '';
      rolesError.hidden = !errors.roles;
      if (Object.keys(errors).length) {
        (form.querySelector('[aria-invalid="true"]') || roleBoxes[0].box).focus();
        return;
      }
      const saved = {
        id: account?.id || '',
        username: wanted.username || account?.username || '',
        displayName: wanted.displayName,
        roles: wanted.roles,
        disabled: creating ? false : disabledBox.checked,
      };
      try {
        await this.#session.connection.request({ saveAccount: { account: saved, password: wanted.password } });
        announce(t(creating ? 'pro.accounts.created' : 'pro.accounts.saved', { name: saved.displayName }));
        this.formArea.replaceChildren();
        await this.#load();
        this.list.querySelector(`li[data-username="${CSS.escape(saved.username)}"] button`)?.focus();
      } catch (err) {
        error.textContent = this.#errorText(err, creating);
        error.hidden = false;
        error.focus();
      }
    });
    this.formArea.replaceChildren(form);
    if (focus) (creating ? username : displayName).focus();
  }

  /** Deleting an account (DeleteAccount): a pseudonym stays for the audit trail; asked twice. */
  #deleteBlock(account) {
    const status = h('p', { role: 'status' });
    const confirm = h('button', { type: 'button', class: 'btn btn--danger', 'data-action': 'delete-account-confirm', hidden: true }, t('pro.accounts.deleteConfirm', { name: account.displayName }));
    const ask = h('button', { type: 'button', class: 'btn btn--secondary', 'data-action': 'delete-account' }, t('pro.accounts.delete'));
    ask.addEventListener('click', () => {
      ask.hidden = true;
      confirm.hidden = false;
      status.textContent = t('pro.accounts.deleteSure');
      confirm.focus();
    });
    confirm.addEventListener('click', async () => {
      confirm.disabled = true;
      try {
        await this.#session.connection.request({ deleteAccount: { accountId: account.id } });
        announce(t('pro.accounts.deleted', { name: account.displayName }));
        this.formArea.replaceChildren();
        await this.#load();
      } catch (err) {
        confirm.disabled = false;
        status.textContent = errorText(err);
      }
    });
    return h('div', { class: 'account-delete' }, h('h3', {}, t('pro.accounts.deleteTitle')), h('p', { class: 'muted' }, t('pro.accounts.deleteHint')), h('div', { class: 'actions' }, ask, confirm), status);
  }

  #errorText(err, creating) {
    if (err?.code === 'CONFLICT') return t(creating ? 'pro.accounts.error.taken' : 'pro.accounts.error.self');
    if (err?.code === 'INVALID_ARGUMENT') return t('pro.accounts.error.invalid');
    if (err?.code === 'RATE_LIMITED') return t('pro.accounts.error.busy');
    return errorText(err);
  }
}
