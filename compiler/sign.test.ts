/**
 * Signing (compiler/sign.ts) and verifying (runtime/signature.ts) together: what a service that trusts one key
 * accepts and what it refuses.
 */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { signedPayload, verifySignature, type SignatureEnvelope } from '../runtime/signature.js';
import { generateSigningKeys, signManifest } from './sign.js';

const manifest = new TextEncoder().encode('{\n  "digest": "00",\n  "format": 2\n}\n');
const release = 7;

const signer = generateSigningKeys();
const other = generateSigningKeys();

const signed = (keyPem = signer.privateKeyPem, bytes = manifest, r = release): Uint8Array => {
  const result = signManifest(bytes, keyPem, r);
  if (!result.ok) throw new Error(result.error);
  return result.value;
};
const envelope = (bytes: Uint8Array): SignatureEnvelope => JSON.parse(new TextDecoder().decode(bytes)) as SignatureEnvelope;
const reencode = (e: object): Uint8Array => {
  const sorted = Object.fromEntries(Object.entries(e).sort(([a], [b]) => (a < b ? -1 : 1)));
  return new TextEncoder().encode(JSON.stringify(sorted, null, 2) + '\n');
};

describe('a service that trusts one key', () => {
  const policy = { trustedKeys: [signer.publicKeyPem] };

  test('accepts the bundle that key signed, and reports its release and key', () => {
    const result = verifySignature(manifest, signed(), policy);
    expect(result).toEqual({ ok: true, value: { keyId: signer.keyId, release } });
  });

  test('refuses an unsigned bundle', () => {
    const result = verifySignature(manifest, null, policy);
    expect(result.ok || result.error.code).toBe('unsigned');
  });

  test('refuses a bundle signed by a key it does not trust', () => {
    const result = verifySignature(manifest, signed(other.privateKeyPem), policy);
    expect(result.ok || result.error.code).toBe('untrusted_key');
  });

  test('refuses a manifest changed after signing (the signature is of other bytes)', () => {
    const changed = new TextEncoder().encode('{\n  "digest": "01",\n  "format": 2\n}\n');
    const result = verifySignature(changed, signed(), policy);
    expect(result.ok || result.error).toMatchObject({ code: 'tampered', file: 'manifest.json' });
  });

  test('refuses a signature re-pointed at another manifest, or with its release raised, without the private key', () => {
    const e = envelope(signed());
    const raised = reencode({ ...e, release: e.release + 1 });
    expect(verifySignature(manifest, raised, policy).ok).toBe(false);
    const otherManifest = new TextEncoder().encode('{}\n');
    const repointed = reencode({ ...e, manifestSha256: envelope(signed(signer.privateKeyPem, otherManifest)).manifestSha256 });
    expect(verifySignature(otherManifest, repointed, policy).ok).toBe(false);
  });

  test('refuses a bundle re-signed by an untrusted key that claims the trusted key id', () => {
    const forged = envelope(signed(other.privateKeyPem));
    const claimed = reencode({ ...forged, keyId: signer.keyId });
    const result = verifySignature(manifest, claimed, policy);
    expect(result.ok || result.error.code).toBe('bad_signature');
  });

  test('refuses every single-byte change to signature.json', () => {
    const bytes = signed();
    let accepted = 0;
    for (let i = 0; i < bytes.length; i++) {
      const copy = bytes.slice();
      copy[i] = (copy[i] ?? 0) ^ 0x01;
      if (verifySignature(manifest, copy, policy).ok) accepted++;
    }
    expect(accepted).toBe(0);
  });

  test('refuses signature.json prefixed with a byte-order mark', () => {
    const bytes = signed();
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]);
    const result = verifySignature(manifest, bom, policy);
    expect(result.ok || result.error.code).toBe('bad_signature');
  });

  test('given the release it last accepted, refuses an older one (rollback) and accepts the same or newer', () => {
    const old = signed(signer.privateKeyPem, manifest, 6);
    const rollback = verifySignature(manifest, old, { ...policy, minimumRelease: 7 });
    expect(rollback.ok || rollback.error.code).toBe('rollback');
    expect(verifySignature(manifest, signed(), { ...policy, minimumRelease: 7 }).ok).toBe(true);
    expect(verifySignature(manifest, signed(signer.privateKeyPem, manifest, 8), { ...policy, minimumRelease: 7 }).ok).toBe(true);
  });

  test('the signed payload is every field but the signature', () => {
    const e = envelope(signed());
    const payload = JSON.parse(new TextDecoder().decode(signedPayload(e))) as Record<string, unknown>;
    expect(Object.keys(payload).sort()).toEqual(['algorithm', 'format', 'keyId', 'manifestSha256', 'release']);
  });
});

describe('unusable keys are errors, not exceptions', () => {
  test('no trusted keys, a garbage key, a private key or a non-ed25519 key as trusted', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    for (const trustedKeys of [[], ['not a key'], [signer.privateKeyPem], [rsa]]) {
      const result = verifySignature(manifest, signed(), { trustedKeys });
      expect(result.ok || result.error.code).toBe('untrusted_key');
    }
  });

  test('signing with a public key, garbage or a negative release says what is wrong', () => {
    expect(signManifest(manifest, signer.publicKeyPem, 1)).toMatchObject({ ok: false });
    expect(signManifest(manifest, 'garbage', 1)).toMatchObject({ ok: false, error: expect.stringContaining('rubric keygen') });
    expect(signManifest(manifest, signer.privateKeyPem, -1)).toMatchObject({ ok: false, error: expect.stringContaining('whole number') });
  });
});
