/**
 * Bundle signatures: who compiled a bundle, not only whether its bytes are intact. The manifest's sha256 digest
 * (verify.ts) proves the files are the ones the manifest lists; anyone can rehash a changed bundle. An ed25519
 * signature over the manifest's bytes, checked against keys the service trusts, proves the manifest — and through
 * its hashes every file — came from the holder of a trusted private key. The signed `release` number lets a
 * service refuse an older bundle (a rollback) once it has accepted a newer one.
 *
 *   out/signature.json   canonical JSON: { format, algorithm, keyId, release, manifestSha256, signature }
 *
 * `signature` is the base64 ed25519 signature of the canonical JSON of the other five fields. `keyId` is the
 * sha256 of the public key's SPKI DER bytes: it picks the trusted key to verify with and is itself signed.
 * Pure functions over bytes and keys (node:crypto only); load.ts does the reading.
 */
import { createPublicKey, verify as verifyBytes, type KeyObject } from 'node:crypto';
import { canonicalJson, sha256Hex } from './canonical-json.js';
import { err, ok, type Result } from './result.js';
import { isRecord, type LoadError } from './verify.js';

export const SIGNATURE_FILE = 'signature.json';
export const SIGNATURE_FORMAT = 1;

export interface SignatureEnvelope {
  readonly format: typeof SIGNATURE_FORMAT;
  readonly algorithm: 'ed25519';
  /** sha256 (hex) of the signing key's public key in SPKI DER form. */
  readonly keyId: string;
  /** A whole number that grows with every release; a service refuses one lower than it last accepted. */
  readonly release: number;
  /** sha256 (hex) of manifest.json's exact bytes. */
  readonly manifestSha256: string;
  /** base64 ed25519 signature of `signedPayload(envelope)`. */
  readonly signature: string;
}

/** What a service trusts. `trustedKeys` are ed25519 public keys (PEM text or KeyObjects). */
export interface TrustPolicy {
  readonly trustedKeys: readonly (string | KeyObject)[];
  /** The release last accepted: a bundle signed with a lower release is a rollback and is refused. */
  readonly minimumRelease?: number;
}

/** What a verified signature says. */
export interface Signed {
  readonly keyId: string;
  readonly release: number;
}

/** The bytes that are signed: every field but the signature, canonical JSON. */
export function signedPayload(envelope: Omit<SignatureEnvelope, 'signature'>): Uint8Array {
  const { format, algorithm, keyId, release, manifestSha256 } = envelope;
  return new TextEncoder().encode(canonicalJson({ format, algorithm, keyId, release, manifestSha256 }));
}

/** The key id of an ed25519 public key: sha256 of its SPKI DER bytes. */
export function keyIdOf(publicKey: KeyObject): string {
  return sha256Hex(new Uint8Array(publicKey.export({ type: 'spki', format: 'der' })));
}

/**
 * Check a bundle's signature against the trust policy: present, well formed, made by a trusted key, over exactly
 * these manifest bytes, and not older than the release last accepted. `signatureBytes` null means there is none.
 */
export function verifySignature(
  manifestBytes: Uint8Array,
  signatureBytes: Uint8Array | null,
  policy: TrustPolicy,
): Result<Signed, LoadError> {
  const fail = (code: LoadError['code'], message: string) => err<LoadError>({ code, file: SIGNATURE_FILE, message });
  const keys = trustedKeys(policy.trustedKeys);
  if (!keys.ok) return err({ code: 'untrusted_key', file: null, message: keys.error });
  if (signatureBytes === null) {
    return fail('unsigned', 'The bundle is not signed (no signature.json), and this service only runs bundles signed by a key it trusts.');
  }
  const envelope = parseEnvelope(signatureBytes);
  if (!envelope.ok) return fail('bad_signature', `signature.json ${envelope.error}.`);
  const e = envelope.value;
  const key = keys.value.get(e.keyId);
  if (key === undefined) {
    return fail('untrusted_key', `The bundle is signed by key ${e.keyId.slice(0, 16)}…, which is not one of the keys this service trusts.`);
  }
  let valid = false;
  try {
    valid = verifyBytes(null, signedPayload(e), key, Buffer.from(e.signature, 'base64'));
  } catch {
    valid = false;
  }
  if (!valid) return fail('bad_signature', 'signature.json does not carry a valid signature by the key it names: it was changed after signing.');
  if (sha256Hex(manifestBytes) !== e.manifestSha256) {
    return err({ code: 'tampered', file: 'manifest.json', message: 'manifest.json is not the manifest that was signed: it was changed after signing.' });
  }
  const minimum = policy.minimumRelease;
  if (minimum !== undefined && e.release < minimum) {
    return fail('rollback', `The bundle is release ${e.release}, older than release ${minimum} already accepted: a rollback is refused.`);
  }
  return ok({ keyId: e.keyId, release: e.release });
}

const HEX64 = /^[0-9a-f]{64}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function parseEnvelope(bytes: Uint8Array): Result<SignatureEnvelope, string> {
  let text: string;
  let parsed: unknown;
  try {
    // ignoreBOM keeps a byte-order mark in the text, so a prefixed file is not canonical and is refused.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    parsed = JSON.parse(text);
  } catch {
    return err('is not valid JSON');
  }
  if (!isRecord(parsed)) return err('is not a JSON object');
  if (parsed['format'] !== SIGNATURE_FORMAT) return err(`is of format ${JSON.stringify(parsed['format'] ?? null)}; this runtime reads format ${SIGNATURE_FORMAT}`);
  if (parsed['algorithm'] !== 'ed25519') return err('names an algorithm other than ed25519');
  const { keyId, release, manifestSha256, signature } = parsed;
  if (typeof keyId !== 'string' || !HEX64.test(keyId)) return err('has no valid keyId');
  if (typeof release !== 'number' || !Number.isSafeInteger(release) || release < 0) return err('has no valid release (a whole number)');
  if (typeof manifestSha256 !== 'string' || !HEX64.test(manifestSha256)) return err('has no valid manifestSha256');
  if (typeof signature !== 'string' || !BASE64.test(signature)) return err('has no valid signature');
  if (Object.keys(parsed).length !== 6) return err('has fields other than format, algorithm, keyId, release, manifestSha256 and signature');
  if (text !== canonicalJson(parsed)) return err('is not in canonical form');
  return ok(parsed as unknown as SignatureEnvelope);
}

function trustedKeys(keys: readonly (string | KeyObject)[]): Result<Map<string, KeyObject>, string> {
  if (!Array.isArray(keys) || keys.length === 0) return err('No trusted keys were given: a signed bundle needs at least one trusted public key.');
  const byId = new Map<string, KeyObject>();
  for (const [i, k] of keys.entries()) {
    let key: KeyObject;
    try {
      // createPublicKey would derive a public key from private PEM text; a service must not hold the private key.
      if (typeof k === 'string' && k.includes('PRIVATE KEY')) return err(`Trusted key ${i + 1} is a private key; give the service the public key only.`);
      key = typeof k === 'string' ? createPublicKey(k) : k;
    } catch {
      return err(`Trusted key ${i + 1} is not a public key in PEM form.`);
    }
    if (key.type !== 'public') return err(`Trusted key ${i + 1} is a ${key.type} key; give the service the public key only.`);
    if (key.asymmetricKeyType !== 'ed25519') return err(`Trusted key ${i + 1} is not an ed25519 key.`);
    byId.set(keyIdOf(key), key);
  }
  return ok(byId);
}
