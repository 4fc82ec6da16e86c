// A professional's session: the login result in sessionStorage (a reload in the same tab resumes; closing the
// tab forgets it) and the one WebSocket with its conversation hub. No DOM.
import { login as apiLogin, logout as apiLogout } from './api.js';
import { Keys, readSession, writeSession, removeSession } from './storage.js';
import { SocketSession } from './sessionSocket.js';

export const ROLE = Object.freeze({
  PROFESSIONAL: 'ROLE_PROFESSIONAL',
  SUPERVISOR: 'ROLE_SUPERVISOR',
  ORG_ADMIN: 'ROLE_ORG_ADMIN',
  OPERATOR: 'ROLE_OPERATOR',
  QUALITY: 'ROLE_QUALITY',
});

export class ProSession extends SocketSession {
  #data;

  /** @param {object} [connectionOptions] see SocketSession */
  constructor(connectionOptions = {}) {
    super('staff', connectionOptions);
    this.#data = readSession(Keys.PRO_SESSION);
    if (this.#data?.expiresAt && new Date(this.#data.expiresAt).getTime() <= Date.now()) this.forget();
  }

  get loggedIn() {
    return !!this.#data?.token;
  }

  get token() {
    return this.#data?.token || null;
  }

  get principalId() {
    return this.#data?.principalId || '';
  }

  get displayName() {
    return this.#data?.displayName || '';
  }

  get organisation() {
    return this.#data?.organisation || null;
  }

  /** Role names as on the socket (ROLE_PROFESSIONAL); POST /api/login spells them without the prefix. */
  get roles() {
    return (this.#data?.roles || []).map((role) => (role.startsWith('ROLE_') ? role : `ROLE_${role}`));
  }

  hasRole(role) {
    return this.roles.includes(role);
  }

  /** Supervisors and organisation admins may read along in colleagues' chats and watch queues. */
  get canSupervise() {
    return this.hasRole(ROLE.SUPERVISOR) || this.hasRole(ROLE.ORG_ADMIN);
  }

  get isOrgAdmin() {
    return this.hasRole(ROLE.ORG_ADMIN);
  }

  /** Org-admins and kwaliteitsmedewerkers read the effect reports. */
  get canReadEffects() {
    return this.hasRole(ROLE.ORG_ADMIN) || this.hasRole(ROLE.QUALITY);
  }

  /** Only the effect reports: a kwaliteitsmedewerker without another role. */
  get onlyReadsEffects() {
    return this.hasRole(ROLE.QUALITY) && !this.hasRole(ROLE.PROFESSIONAL) && !this.hasRole(ROLE.SUPERVISOR) && !this.hasRole(ROLE.ORG_ADMIN);
  }

  /** Resolves with the login answer (recoveryCodes when this login confirmed an enrolment). */
  async login(organisation, username, password, code = '') {
    const result = await apiLogin(organisation, username, password, code);
    this.#data = {
      token: result.token,
      expiresAt: result.expiresAt,
      principalId: result.principalId,
      displayName: result.displayName,
      roles: result.roles || [],
      organisation: result.organisation || { slug: organisation },
    };
    writeSession(Keys.PRO_SESSION, this.#data);
    return result;
  }

  /** HelloOk is the authority on roles and name (an admin may have changed them since login). */
  applyHelloOk(ok) {
    if (!this.#data) return;
    this.#data = {
      ...this.#data,
      principalId: ok.principalId || this.#data.principalId,
      displayName: ok.displayName || this.#data.displayName,
      roles: ok.roles || this.#data.roles,
      organisation: ok.organisation || this.#data.organisation,
    };
    writeSession(Keys.PRO_SESSION, this.#data);
  }

  async logout() {
    const token = this.token;
    this.forget();
    this.dispose();
    if (token) await apiLogout(token).catch(() => {});
  }

  forget() {
    this.#data = null;
    removeSession(Keys.PRO_SESSION);
  }
}
