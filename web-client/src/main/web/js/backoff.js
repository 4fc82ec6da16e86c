// Reconnect delays: exponential backoff with "full jitter" (a random delay between 0 and the
// exponential ceiling). Full jitter spreads a crowd of phones that all lost the server at the same
// moment (a node restart) instead of letting them hammer it again in lock-step.

export const DEFAULT_BACKOFF = Object.freeze({ baseMs: 500, capMs: 30000 });

/** Upper bound for the delay before attempt number `attempt` (0 = the first retry). */
export function backoffCeiling(attempt, { baseMs, capMs } = DEFAULT_BACKOFF) {
  const safeAttempt = Math.max(0, Math.min(attempt, 30)); // 2^30 is plenty; avoids Infinity
  return Math.min(capMs, baseMs * 2 ** safeAttempt);
}

/** The delay in ms before attempt number `attempt`; `random` returns a number in [0, 1). */
export function backoffDelay(attempt, random = Math.random, options = DEFAULT_BACKOFF) {
  return Math.floor(random() * backoffCeiling(attempt, options));
}
