// Reading files of a workspace nobody vetted: only regular files (a FIFO blocks a read forever, a
// device never ends), never through a symbolic link to outside the project, never more than a
// cap. Every failure is a reason, never an exception.
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { basename, dirname, join, sep } from 'node:path';

export type SafeRead = { bytes: Buffer; size: number; mtimeMs: number } | { refused: string };

/** .precedent.json, .gitignore and package.json files are small: a larger one is not what it claims to be. */
export const MAX_SMALL_FILE = 1_000_000;
export const tooLargeSmallFile = (size: number) => `${size} bytes, over the ${MAX_SMALL_FILE} limit of a configuration file`;

const realRoots = new Map<string, string>();

function realRoot(root: string): string {
  let real = realRoots.get(root);
  if (real === undefined) realRoots.set(root, (real = realpathSync.native(root)));
  return real;
}

/**
 * Real paths of folders, for the length of one scan: the files of a folder then cost one open
 * each instead of resolving every component of their path again.
 */
export type RealFolders = Map<string, string>;

/** Where `path` really is: its folder resolved (once per scan), and the file itself when it is a link. */
function realPathOf(root: string, path: string, folders: RealFolders | undefined): string {
  const absolute = join(root, path);
  if (!folders) return realpathSync.native(absolute);
  const folder = dirname(absolute);
  let real = folders.get(folder);
  if (real === undefined) folders.set(folder, (real = realpathSync.native(folder)));
  return join(real, basename(absolute));
}

/**
 * The bytes of `path` (relative to `root`), or why they are not read. `tooLarge` words the refusal
 * of a file over `limit` bytes (its size is given).
 */
export function readRegularFile(root: string, path: string, limit: number, tooLarge: (size: number) => string, folders?: RealFolders): SafeRead {
  let descriptor: number | undefined;
  // Without O_NOFOLLOW (Windows) a linked file would be followed unchecked: every path is resolved.
  const knownFolders = constants.O_NOFOLLOW ? folders : undefined;
  try {
    let real = realPathOf(root, path, knownFolders);
    const open = (file: string, flags: number) => openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | flags);
    // Real paths are absolute and normalized: a prefix test says what path.relative would, for less.
    const isInside = (file: string) => {
      const base = realRoot(root);
      return file === base || file.startsWith(base.endsWith(sep) ? base : base + sep);
    };
    if (!isInside(real)) return { refused: 'a symbolic link to outside the project' };
    // Non-blocking: opening a FIFO without a writer would wait forever. With a resolved folder the
    // file itself may still be a link: it is not followed but resolved and checked like a folder.
    try {
      descriptor = open(real, knownFolders ? constants.O_NOFOLLOW : 0);
    } catch (error) {
      if (!knownFolders || (error as NodeJS.ErrnoException).code !== 'ELOOP') throw error;
      real = realpathSync.native(real);
      if (!isInside(real)) return { refused: 'a symbolic link to outside the project' };
      descriptor = open(real, 0);
    }
    const info = fstatSync(descriptor);
    if (!info.isFile()) return { refused: 'not a regular file' };
    if (info.size > limit) return { refused: tooLarge(info.size) };
    // Not zero-filled: only the bytes read are returned.
    const bytes = Buffer.allocUnsafe(info.size);
    let filled = 0;
    for (let read = 1; read > 0 && filled < bytes.length; filled += read) read = readSync(descriptor, bytes, filled, bytes.length - filled, filled);
    return { bytes: filled < bytes.length ? bytes.subarray(0, filled) : bytes, size: info.size, mtimeMs: info.mtimeMs };
  } catch (error) {
    return { refused: `cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}
