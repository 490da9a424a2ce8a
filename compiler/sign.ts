/**
 * Signing a compiled bundle (`rubric compile --sign <private key> --release <n>`) and making a key pair
 * (`rubric keygen`). The signature covers manifest.json's exact bytes, which hold the sha256 of every other file,
 * so one signature vouches for the whole folder. runtime/signature.ts is the other half: it verifies.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign as signBytes } from 'node:crypto';
import { canonicalJson, sha256Hex } from '../runtime/canonical-json.js';
import { err, ok, type Result } from '../runtime/result.js';
import { keyIdOf, SIGNATURE_FORMAT, signedPayload, type SignatureEnvelope } from '../runtime/signature.js';

export interface KeyPair {
  /** PKCS#8 PEM: keep it secret, on the machine that compiles releases. */
  readonly privateKeyPem: string;
  /** SPKI PEM: give it to every service that loads the bundles (`trustedKeys`). */
  readonly publicKeyPem: string;
  readonly keyId: string;
}

export function generateSigningKeys(): KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    keyId: keyIdOf(publicKey),
  };
}

/** signature.json's bytes for these manifest bytes, signed with an ed25519 private key (PEM). */
export function signManifest(manifestBytes: Uint8Array, privateKeyPem: string, release: number): Result<Uint8Array, string> {
  if (!Number.isSafeInteger(release) || release < 0) return err(`The release must be a whole number (0 or more); got ${String(release)}.`);
  let privateKey;
  try {
    privateKey = createPrivateKey(privateKeyPem);
  } catch {
    return err('The signing key is not a private key in PEM form (make one with `rubric keygen`).');
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') return err('The signing key is not an ed25519 key (make one with `rubric keygen`).');
  const unsigned: Omit<SignatureEnvelope, 'signature'> = {
    format: SIGNATURE_FORMAT,
    algorithm: 'ed25519',
    keyId: keyIdOf(createPublicKey(privateKey)),
    release,
    manifestSha256: sha256Hex(manifestBytes),
  };
  const signature = signBytes(null, signedPayload(unsigned), privateKey).toString('base64');
  const envelope: SignatureEnvelope = { ...unsigned, signature };
  return ok(new TextEncoder().encode(canonicalJson(envelope)));
}
