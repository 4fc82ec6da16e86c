// Plain words for what went wrong. Codes come from the server (ErrorCode names), the REST API,
// or the connection (TIMEOUT, DISCONNECTED, ENDED).
import { t } from '../i18n.js';

const KNOWN = new Set([
  'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_ARGUMENT', 'TOO_LARGE', 'RATE_LIMITED', 'CONFLICT',
  'UNAVAILABLE', 'CLOSED', 'LIMIT_REACHED', 'TIMEOUT', 'DISCONNECTED', 'ENDED', 'NETWORK',
]);

export function errorText(err) {
  const code = err?.code;
  return KNOWN.has(code) ? t(`error.${code}`) : t('error.generic');
}
