import { readdirSync, rmSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** How a temporary file is named: `<file>.<pid>.tmp`, next to the file it replaces. */
export const TEMPORARY_SUFFIX = '.tmp';

/**
 * Replaces `file` so that a crash leaves either the old content or the new, never a mix: a
 * temporary file is written and fsynced, renamed over the file, and the directory fsynced so the
 * rename itself survives a power cut. On any failure the temporary file is deleted (on a full
 * disk it holds the space the next write needs) and the error is thrown.
 */
export async function writeFileAtomically(file: string, content: string | Uint8Array): Promise<void> {
  const dir = path.dirname(file);
  const tmp = `${file}.${process.pid}${TEMPORARY_SUFFIX}`;
  await mkdir(dir, { recursive: true });
  try {
    const handle = await open(tmp, 'w');
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dir);
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch (error) {
    // Some file systems cannot fsync a directory; the rename is then as durable as they make it.
    if (!isErrno(error, 'EINVAL') && !isErrno(error, 'ENOTSUP')) throw error;
  } finally {
    await handle.close();
  }
}

/**
 * Deletes the temporary files an earlier run left behind (a crash between writing and renaming).
 * Called at start, before anything writes; returns the names it removed.
 */
export function removeTemporaryFiles(dir: string, belongs: (name: string) => boolean): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const leftovers = names.filter((name) => name.endsWith(TEMPORARY_SUFFIX) && belongs(name));
  for (const name of leftovers) rmSync(path.join(dir, name), { force: true });
  return leftovers;
}

function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
