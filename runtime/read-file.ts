/**
 * Reading and writing files that someone else may have placed: a bundle folder, a case file. A path can name a
 * FIFO (reading blocks forever), a device (`/dev/zero` never ends), a directory, a symlink to any of those, or a
 * file that grows while it is read. Every reader here opens without blocking, checks that it holds a regular file,
 * and reads at most a stated number of bytes; every writer replaces the file at the path (write to a fresh file,
 * then rename), so a symlink planted in an output folder is replaced, never written through.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { err, ok, describeThrown, type Result } from './result.js';

export type ReadFileErrorCode =
  /** Nothing at the path. */
  | 'not_found'
  /** Something that is not a regular file: a directory, a FIFO, a device, a socket. */
  | 'not_a_file'
  /** More bytes than the caller allows. */
  | 'too_large'
  /** Permissions, I/O errors and the like. */
  | 'unreadable';

export interface ReadFileError {
  readonly code: ReadFileErrorCode;
  readonly message: string;
}

/** 64 MiB: far above any bundle or case file Rubric writes, far below what exhausts memory. */
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/**
 * The bytes of the regular file at `path`, at most `maxBytes` of them. `what` names the file in messages
 * ("the case file", "bundle.js").
 */
export async function readRegularFile(path: string, what: string, maxBytes = DEFAULT_MAX_BYTES): Promise<Result<Uint8Array, ReadFileError>> {
  let handle;
  try {
    // O_NONBLOCK: opening a FIFO for reading returns at once instead of waiting for a writer.
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    return err(openError(e, path, what));
  }
  try {
    const stat = await handle.stat();
    const problem = statProblem(stat, path, what, maxBytes);
    if (problem !== null) return err(problem);
    // Read one byte past the limit: a file that grew after stat() is caught too.
    const buffer = new Uint8Array(Math.min(stat.size, maxBytes) + 1);
    const reads = readUntilEnd(buffer, path, what, maxBytes);
    let step = reads.next();
    while (!step.done) step = reads.next((await handle.read(buffer, step.value, buffer.length - step.value, null)).bytesRead);
    return step.value;
  } catch (e) {
    return err({ code: 'unreadable', message: `${what} (${path}) could not be read: ${describeThrown(e)}` });
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * The same, synchronously: for a bundle's many small files, which a service reads once at start-up (five awaited
 * file operations per file cost far more than the reading: 156 schema files took 30 ms that way, 7 ms this way).
 */
export function readRegularFileSync(path: string, what: string, maxBytes = DEFAULT_MAX_BYTES): Result<Uint8Array, ReadFileError> {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    return err(openError(e, path, what));
  }
  try {
    const stat = fstatSync(fd);
    const problem = statProblem(stat, path, what, maxBytes);
    if (problem !== null) return err(problem);
    // Not zero-filled (a bundle is megabytes): only the bytes read are handed out.
    const buffer = Buffer.allocUnsafe(Math.min(stat.size, maxBytes) + 1);
    const reads = readUntilEnd(buffer, path, what, maxBytes);
    let step = reads.next();
    while (!step.done) step = reads.next(readSync(fd, buffer, step.value, buffer.length - step.value, null));
    return step.value;
  } catch (e) {
    return err({ code: 'unreadable', message: `${what} (${path}) could not be read: ${describeThrown(e)}` });
  } finally {
    try {
      closeSync(fd);
    } catch {
      // Closing a descriptor that was read cannot lose data; nothing to report.
    }
  }
}

/**
 * The read loop both readers drive (one awaits each read, the other does not): it yields the offset to read at and
 * is given the bytes read, until the file ends or passes the limit. The buffer is one byte longer than the file was
 * at stat() time, so a file that grew since is caught too.
 */
function* readUntilEnd(buffer: Uint8Array, path: string, what: string, maxBytes: number): Generator<number, Result<Uint8Array, ReadFileError>, number> {
  let length = 0;
  for (;;) {
    const bytesRead = yield length;
    if (bytesRead === 0) break;
    length += bytesRead;
    if (length === buffer.length) {
      if (length > maxBytes) return err({ code: 'too_large', message: tooLarge(path, what, maxBytes) });
      break;
    }
  }
  return ok(buffer.subarray(0, length));
}

function openError(e: unknown, path: string, what: string): ReadFileError {
  const code = (e as { code?: unknown } | null)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { code: 'not_found', message: `Nothing exists at ${path}, where ${what} should be.` };
  if (code === 'EISDIR') return { code: 'not_a_file', message: `${path} is a folder, not ${what}.` };
  return { code: 'unreadable', message: `${what} (${path}) could not be read: ${describeThrown(e)}` };
}

/** Why the file opened is not one to read, or null: not a regular file, or larger than allowed. */
function statProblem(stat: Stats, path: string, what: string, maxBytes: number): ReadFileError | null {
  if (stat.isDirectory()) return { code: 'not_a_file', message: `${path} is a folder, not ${what}.` };
  if (!stat.isFile()) return { code: 'not_a_file', message: `${path} is not a regular file (it is ${kindOf(stat)}), so it cannot be ${what}.` };
  if (stat.size > maxBytes) return { code: 'too_large', message: tooLarge(path, what, maxBytes) };
  return null;
}

/**
 * Write `bytes` to `path`, replacing whatever is there — a file or a symlink — without following it: the bytes go
 * to a new file in the same folder, which is then renamed over the path.
 */
export async function replaceFile(path: string, bytes: Uint8Array | string): Promise<void> {
  const temporary = join(dirname(path), `.rubric-${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
  try {
    await handle.writeFile(bytes);
  } finally {
    await handle.close();
  }
  try {
    await rename(temporary, path);
  } catch (e) {
    await rm(temporary, { force: true });
    throw e;
  }
}

function tooLarge(path: string, what: string, maxBytes: number): string {
  return `${path} is larger than ${Math.round(maxBytes / (1024 * 1024))} MiB, far beyond any ${what}; it was not read.`;
}

function kindOf(stat: { isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'not a file';
}
