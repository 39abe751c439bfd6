// Reading files of a workspace nobody vetted: only regular files (a FIFO blocks a read forever, a
// device never ends), never through a symbolic link to outside the project, never more than a
// cap. Every failure is a reason, never an exception.
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';

export type SafeRead = { bytes: Buffer; size: number; mtimeMs: number } | { refused: string };

const realRoots = new Map<string, string>();

function realRoot(root: string): string {
  let real = realRoots.get(root);
  if (real === undefined) realRoots.set(root, (real = realpathSync.native(root)));
  return real;
}

/**
 * The bytes of `path` (relative to `root`), or why they are not read. `tooLarge` words the refusal
 * of a file over `limit` bytes (its size is given).
 */
export function readRegularFile(root: string, path: string, limit: number, tooLarge: (size: number) => string): SafeRead {
  let descriptor: number | undefined;
  try {
    const real = realpathSync.native(join(root, path));
    const inside = relative(realRoot(root), real);
    if (inside.startsWith('..') || isAbsolute(inside)) return { refused: 'a symbolic link to outside the project' };
    // Non-blocking: opening a FIFO without a writer would wait forever.
    descriptor = openSync(real, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const info = fstatSync(descriptor);
    if (!info.isFile()) return { refused: 'not a regular file' };
    if (info.size > limit) return { refused: tooLarge(info.size) };
    const bytes = Buffer.alloc(info.size);
    let filled = 0;
    for (let read = 1; read > 0 && filled < bytes.length; filled += read) read = readSync(descriptor, bytes, filled, bytes.length - filled, filled);
    return { bytes: filled < bytes.length ? bytes.subarray(0, filled) : bytes, size: info.size, mtimeMs: info.mtimeMs };
  } catch (error) {
    return { refused: `cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}
