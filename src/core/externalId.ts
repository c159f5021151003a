// A fresh external ID for a role's trust policy (the sts:ExternalId condition).

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A crypto-random external ID: 32 alphanumerics (about 190 bits). */
export function newExternalId(length = 32): string {
  const out: string[] = [];
  const bytes = new Uint8Array(64);
  while (out.length < length) {
    globalThis.crypto.getRandomValues(bytes);
    for (const byte of bytes) {
      // 248 = 4 * 62: rejecting larger bytes keeps every character equally likely.
      if (byte < 248 && out.length < length) {
        out.push(ID_ALPHABET[byte % 62]);
      }
    }
  }
  return out.join('');
}
