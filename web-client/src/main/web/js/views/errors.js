// Plain words for what went wrong. Codes come from the server (ErrorCode names), the REST API,
// or the connection (TIMEOUT, DISCONNECTED, ENDED).
import { t } from '../i18n.js';

const KNOWN = new Set([
  'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_ARGUMENT', 'TOO_LARGE', 'RATE_LIMITED', 'CONFLICT',
  'UNAVAILABLE', 'CLOSED', 'LIMIT_REACHED', 'TIMEOUT', 'DISCONNECTED', 'ENDED', 'NETWORK',
]);

/** Codes whose words depend on what was tried ("the maximum" of whom): `error.<CODE>.<context>`. */
const IN_CONTEXT = new Map([['LIMIT_REACHED:transfer', 'error.LIMIT_REACHED.transfer'], ['LIMIT_REACHED:call', 'error.LIMIT_REACHED.call']]);

/**
 * @param {{code?: string}} err
 * @param {string} [context] what was tried, e.g. 'transfer', when the same code means something else there
 */
export function errorText(err, context = '') {
  const code = err?.code;
  const specific = IN_CONTEXT.get(`${code}:${context}`);
  if (specific) return t(specific);
  return KNOWN.has(code) ? t(`error.${code}`) : t('error.generic');
}
