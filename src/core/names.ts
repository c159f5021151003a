// Default names derived from the bucket and prefix, so a user who accepts every default gets
// a consistent set: role and policy in IAM, connection and stage in Databend.
//
// Two different locations (bucket + normalised prefix) never get the same name, or two
// setups would share a role and overwrite each other's trust policy. A name spells the
// location out when it can do so exactly: `databend-<bucket>` without a prefix,
// `databend-<bucket>_<prefix>` when the prefix has only lower-case IAM name characters (IAM
// compares role and policy names without case; `_` never occurs in a bucket name, so it
// separates the two), and likewise `<bucket>__<prefix>` for connection and stage. Otherwise (a `/` in the prefix, upper case, a cut to IAM's length
// limit) the name is a readable part, `_` and a 10-character hash of the exact location
// (50 bits): two locations then share a name only if their hashes are equal. An exact name
// that ends like a hashed one (`_` and 10 base-32 characters, e.g. the prefix `azlbau3ncz`)
// is hashed too, so the two forms never meet: a prefix or bucket that spells out another
// location's hash cannot take that location's names.

import { IAM_LIMITS } from './iamLimits';
import { isReservedWord } from './identifiers';
import { normalizePrefix } from './validate';

export interface DerivedNames {
  roleName: string;
  policyName: string;
  connectionName: string;
  stageName: string;
}

/** Databend allows 255; defaults stay short enough to read and type. */
const IDENTIFIER_MAX = 64;

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const MASK64 = (1n << 64n) - 1n;

/**
 * A short, stable hash of a text: 64-bit FNV-1a over its UTF-8 bytes, mixed by MurmurHash3's
 * 64-bit finaliser, as 10 base-32 characters (a-z, 2-7: valid in IAM names and identifiers).
 * Not for secrets: it only keeps derived names apart.
 */
export function shortHash(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    h = ((h ^ BigInt(byte)) * 0x100000001b3n) & MASK64;
  }
  h ^= h >> 33n;
  h = (h * 0xff51afd7ed558ccdn) & MASK64;
  h ^= h >> 33n;
  h = (h * 0xc4ceb9fe1a85ec53n) & MASK64;
  h ^= h >> 33n;
  let out = '';
  for (let i = 0; i < 10; i++) {
    out += BASE32[Number((h >> BigInt(59 - 5 * i)) & 31n)];
  }
  return out;
}

/** How every hashed name ends (before a suffix such as `-access`): `_` and shortHash's 10 characters. */
const HASHED_END = /_[a-z2-7]{10}$/;

/** The location the names stand for: the bucket and the prefix as the policy uses it. */
function location(bucket: string, prefix: string): { bucket: string; prefix: string; hash: string } {
  const b = bucket.trim();
  const p = normalizePrefix(prefix);
  return { bucket: b, prefix: p, hash: shortHash(`${b}\n${p}`) };
}

/** `databend-<location><suffix>` within `max` characters, exact when possible, else cut and hashed. */
function iamName(loc: { bucket: string; prefix: string; hash: string }, suffix: string, max: number): string {
  const exact = loc.prefix === '' ? loc.bucket : /^[a-z0-9+=,.@_-]+$/.test(loc.prefix) ? `${loc.bucket}_${loc.prefix}` : undefined;
  if (exact !== undefined && !HASHED_END.test(exact) && `databend-${exact}${suffix}`.length <= max) {
    return `databend-${exact}${suffix}`;
  }
  const readable = `${loc.bucket}${loc.prefix === '' ? '' : `-${loc.prefix.toLowerCase().replace(/[^a-z0-9+=,.@_-]+/g, '-')}`}`;
  const room = max - 'databend-'.length - suffix.length - 1 - loc.hash.length;
  return `databend-${readable.slice(0, room).replace(/[-_]+$/, '')}_${loc.hash}${suffix}`;
}

/**
 * A plain Databend identifier ([a-z0-9_], starting with a letter): the bucket with `-` as `_`,
 * then `__` and the prefix, when that is exact (a bucket without `--` and `.`, a prefix of
 * [a-z0-9_] only); else a readable part, `_` and the hash.
 */
function identifier(loc: { bucket: string; prefix: string; hash: string }): string {
  const bucketPart = /^[a-z][a-z0-9-]*$/.test(loc.bucket) && !loc.bucket.includes('--') ? loc.bucket.replace(/-/g, '_') : undefined;
  const exact = bucketPart === undefined ? undefined : loc.prefix === '' ? bucketPart : /^[a-z0-9_]+$/.test(loc.prefix) ? `${bucketPart}__${loc.prefix}` : undefined;
  if (exact !== undefined && !HASHED_END.test(exact) && !isReservedWord(exact) && exact.length <= IDENTIFIER_MAX) {
    return exact;
  }
  let readable = `${loc.bucket}_${loc.prefix}`.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  if (!/^[a-z]/.test(readable)) {
    readable = `s3_${readable}`;
  }
  const room = IDENTIFIER_MAX - 1 - loc.hash.length;
  return `${readable.slice(0, room).replace(/_+$/, '')}_${loc.hash}`;
}

export function deriveNames(bucket: string, prefix = ''): DerivedNames {
  const loc = location(bucket, prefix);
  const ident = identifier(loc);
  return {
    roleName: iamName(loc, '', IAM_LIMITS.roleName),
    policyName: iamName(loc, '-access', IAM_LIMITS.policyName),
    connectionName: ident,
    stageName: ident,
  };
}
