// Proof of work for a new anonymous session when the server is under pressure (POST /api/anonymous answered 429
// PROOF_OF_WORK_REQUIRED): find a nonce so that SHA-256 of `${challenge}:${nonce}` starts with `bits` zero bits.
// About 2^bits hashes: a second or so in a phone's browser at the default 16 bits. No DOM.

/** Whether the digest (ArrayBuffer or bytes) begins with `bits` zero bits. */
export function hasLeadingZeroBits(digest, bits) {
  const bytes = digest instanceof Uint8Array ? digest : new Uint8Array(digest);
  const full = Math.floor(bits / 8);
  for (let i = 0; i < full; i += 1) if (bytes[i] !== 0) return false;
  const rest = bits % 8;
  return rest === 0 || bytes[full] >> (8 - rest) === 0;
}

/**
 * The first nonce (a decimal number as text) that solves the challenge. `subtle` is the Web Crypto API
 * (crypto.subtle in browsers and node). Gives up after `maxTries` (then throws).
 */
export async function solveProofOfWork(challenge, bits, { subtle = globalThis.crypto.subtle, maxTries = 1 << 26 } = {}) {
  const encoder = new TextEncoder();
  for (let n = 0; n < maxTries; n += 1) {
    const nonce = String(n);
    const digest = await subtle.digest('SHA-256', encoder.encode(`${challenge}:${nonce}`));
    if (hasLeadingZeroBits(digest, bits)) return nonce;
  }
  throw new Error('no proof of work found');
}
