// The small REST API: getting a token, and the public status of office hours (readable without a socket).

export class ApiError extends Error {
  constructor(status, code, message = code, serverMessage = '') {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    /** The server's own (English, documented) message, e.g. which nickname rule was broken. */
    this.serverMessage = serverMessage;
  }
}

/**
 * `preloaded`: a public GET that the server's page may already have started (`<link rel="preload" as="fetch"
 * crossorigin>`); the browser hands that response over only to a request of the same kind, so this one is sent
 * with the preload's credentials mode and the default cache mode (the answer itself is `no-store`).
 */
async function call(method, path, { body, token, preloaded = false } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: preloaded ? 'same-origin' : 'omit',
      cache: preloaded ? 'default' : 'no-store',
    });
  } catch {
    throw new ApiError(0, 'NETWORK');
  }
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (!response.ok) {
    const fallback = response.status === 401 ? 'UNAUTHENTICATED' : response.status === 404 ? 'NOT_FOUND' : 'HTTP_' + response.status;
    const error = new ApiError(response.status, data?.error || fallback, data?.error || fallback, data?.message || '');
    if (data?.enrolment) error.enrolment = data.enrolment;
    if (data?.challenge) error.challenge = { challenge: data.challenge, bits: data.bits };
    throw error;
  }
  return data ?? {};
}

const segment = (s) => encodeURIComponent(s);

/** GET with the token, the answer as a Blob (a calendar file, a CSV). Errors as call()'s. */
export async function downloadBlob(path, token) {
  let response;
  try {
    response = await fetch(path, { headers: { Authorization: `Bearer ${token}` }, credentials: 'omit', cache: 'no-store' });
  } catch {
    throw new ApiError(0, 'NETWORK');
  }
  if (!response.ok) {
    let code = response.status === 404 ? 'NOT_FOUND' : 'HTTP_' + response.status;
    try {
      code = (await response.json()).error || code;
    } catch {
      // not JSON
    }
    throw new ApiError(response.status, code);
  }
  return response.blob();
}

/** Effect reports (org-admin, kwaliteitsmedewerker): GET /api/effects/<what>?<params> as JSON. */
export function effects(what, token, params = {}) {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== '' && v != null)).toString();
  return call('GET', `/api/effects/${what}${query ? `?${query}` : ''}`, { token });
}

/** PUT /api/effects/participation (org-admin). */
export function setEffectsParticipation(token, optedIn) {
  return call('PUT', '/api/effects/participation', { token, body: { opted_in: optedIn } });
}

/**
 * → {token, expiresAt, principalId}. When the server is busy it first asks for a proof of work (429
 * PROOF_OF_WORK_REQUIRED with a challenge): solved here, then the request is sent once more with it.
 */
export async function createAnonymousSession(organisation) {
  try {
    return await call('POST', '/api/anonymous', { body: { organisation } });
  } catch (err) {
    if (err?.code !== 'PROOF_OF_WORK_REQUIRED' || !err.challenge) throw err;
    // the puzzle's code loads only when the server asks for one (under pressure), not with every page
    const { solveProofOfWork } = await import('./pow.js');
    const nonce = await solveProofOfWork(err.challenge.challenge, err.challenge.bits);
    return call('POST', '/api/anonymous', { body: { organisation, pow: { challenge: err.challenge.challenge, nonce } } });
  }
}

/**
 * → {token, expiresAt, principalId, displayName, roles, organisation: {id, slug, name}, recoveryCodes?, recoveryCodesLeft?}
 * `code`: the authenticator app's code or a recovery code, when the server asked for a second factor.
 * The ApiError of a refused second factor carries `enrolment` ({manualKey, keyUri, qrPath, qrSize}) when the
 * organisation asks the account to enrol first.
 */
export function login(organisation, username, password, code = '') {
  const body = { organisation, username, password };
  if (code) body.code = code;
  return call('POST', '/api/login', { body });
}

export function logout(token) {
  return call('POST', '/api/logout', { token });
}

/**
 * Revoke a token while the page is going away: keepalive lets the request outlive the page.
 * Used by quick exit when the socket is not open.
 */
export function logoutWhileLeaving(token) {
  try {
    fetch('/api/logout', { method: 'POST', headers: { Authorization: `Bearer ${token}` }, keepalive: true, credentials: 'omit' }).catch(() => {});
  } catch {
    // best effort
  }
}

/** → OfficeHourStatus (proto JSON) */
export function officeHourStatus(organisation, slug) {
  return call('GET', `/api/public/organisations/${segment(organisation)}/office-hours/${segment(slug)}`, { preloaded: true });
}

/** → {statuses: [OfficeHourStatus]} */
export function officeHourStatuses(organisation) {
  return call('GET', `/api/public/organisations/${segment(organisation)}/office-hours`, { preloaded: true });
}

/** A scheduled consult's join link: → {startsAt, durationMinutes, organisationName}; 404/410 say why it cannot be used. */
export function consultPreview(code) {
  return call('GET', `/api/public/consults/${segment(code)}`);
}

/** Use the one-time link: → {token, expiresAt, principalId, participantId, consult: {id, conversationId, startsAt, durationMinutes}} */
export function joinConsult(code, nickname) {
  return call('POST', '/api/consults/join', { body: { code, nickname } });
}

/** What an invite link shows before joining → {roomName, description}; refusals as ApiError (404, 409, 410). */
export function invitePreview(code) {
  return call('GET', `/api/public/invites/${segment(code)}`);
}

/** The join page's house rules, moderation hours and help → {houseRules, timeZone, moderationHours, unattendedMode, help}. */
export function inviteSafety(code) {
  return call('GET', `/api/public/invites/${segment(code)}/safety`);
}

/**
 * → {token, expiresAt, principalId, participantId, room: {id, name, description, conversationId}}
 * acceptHouseRules: the person ticked "I accept the house rules" on the join page.
 */
export function joinRoom(code, nickname, { acceptHouseRules = false } = {}) {
  return call('POST', '/api/rooms/join', { body: { code, nickname, ...(acceptHouseRules ? { acceptHouseRules: true } : {}) } });
}

/** What a knock link (/g/k/<code>) shows before knocking → {roomName, description, houseRules}; refusals as ApiError (404, 409, 429). */
export function knockPreview(code) {
  return call('GET', `/api/public/knock/${segment(code)}`);
}

/**
 * Knock with a nickname → {token, expiresAt, principalId, knockId, room: {id, name}} (not a member until approved).
 * With acceptHouseRules the person accepted the house rules on the knock page: once let in, the room does not ask again.
 */
export function knockOnRoom(code, nickname, { acceptHouseRules = false } = {}) {
  return call('POST', '/api/rooms/knock', { body: { code, nickname, ...(acceptHouseRules ? { acceptHouseRules: true } : {}) } });
}
