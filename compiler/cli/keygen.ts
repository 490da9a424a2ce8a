/**
 * `rubric keygen --out <folder>`: an ed25519 key pair for signing bundles (compiler/sign.ts). The private key is
 * written with mode 600 and never overwritten; the public key goes to every service that loads the bundles.
 * Exit 0 written, 2 could not write (or a key is already there).
 */
import { constants } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { generateSigningKeys } from '../sign.js';
import { CliCodes, Exit, Reply, type CliIo, type ExitCode } from './reply.js';

export const PRIVATE_KEY_FILE = 'rubric-signing.key';
export const PUBLIC_KEY_FILE = 'rubric-signing.pub';

export async function runKeygen(out: string, io: CliIo): Promise<ExitCode> {
  const reply = new Reply<{ privateKey: string; publicKey: string; keyId: string }>(io, 'keygen', false);
  const keys = generateSigningKeys();
  const privatePath = join(out, PRIVATE_KEY_FILE);
  const publicPath = join(out, PUBLIC_KEY_FILE);
  try {
    await mkdir(out, { recursive: true });
    for (const [path, text, mode] of [
      [privatePath, keys.privateKeyPem, 0o600],
      [publicPath, keys.publicKeyPem, 0o644],
    ] as const) {
      // O_EXCL: an existing key (or a link planted where it goes) is never overwritten or followed.
      const handle = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode);
      try {
        await handle.writeFile(text);
      } finally {
        await handle.close();
      }
    }
  } catch (e) {
    const exists = (e as { code?: unknown } | null)?.code === 'EEXIST';
    reply.error(
      exists
        ? { code: CliCodes.keygenWouldOverwrite, message: `${out} already holds ${PRIVATE_KEY_FILE} or ${PUBLIC_KEY_FILE}; keygen never overwrites a key. Choose another folder.` }
        : { code: CliCodes.unwritable, message: `The keys cannot be written to ${out} (${e instanceof Error ? e.message : String(e)}).` },
    );
    return reply.finish(Exit.failed);
  }
  io.out(`Wrote ${privatePath} (private: keep it secret, for rubric compile --sign)\nWrote ${publicPath} (public: for services, rubric eval --trusted-key)\n  key id ${keys.keyId}\n`);
  return reply.finish(Exit.ok, { privateKey: privatePath, publicKey: publicPath, keyId: keys.keyId });
}
