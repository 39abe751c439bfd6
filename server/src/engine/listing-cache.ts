// The file list of the last whole-project walk, kept with the scan cache: a warm scan stats every
// folder the walk read and re-reads every .gitignore it found, and returns the recorded list when
// nothing changed, instead of walking and matching every entry again. Adding, removing or renaming
// an entry changes its folder's mtime; a folder whose stat moved is read again and its entries
// compared (a file saved by rename, the cache file itself), so only a real change costs a new walk.
import { createHash } from 'node:crypto';
import { type Dirent, lstatSync, readdir, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';

/**
 * File-system timestamps are coarse (a kernel tick; 1–2 s on some file systems): a folder changed
 * this close before the walk read it can change again and keep its mtime. Any change sets a
 * folder's ctime (which no program can set back), so a folder whose ctime is later than this
 * before the walk began is read and its entries compared on every reuse, never trusted by its stat
 * (git's untracked cache has the same rule).
 */
export const RACY_MS = 2_000;

/**
 * A folder the walk read: its mtime and inode (lstat just before the read), a digest of the names
 * and kinds of its entries, the listed files in it and the subfolders the walk read. A tuple: a
 * monorepo has thousands of folders, and the cache file is read on every scan.
 */
type FolderRecord = [mtimeMs: number, inode: number, entries: string, files: string[], folders: Record<string, FolderRecord>];

export interface Listing {
  /** The root and patterns of the walk. */
  key: string;
  /** When the walk began (ms since the epoch). */
  since: number;
  root: FolderRecord;
  /** Root-relative path of each .gitignore found → digest of its content. */
  gitignores: Record<string, string>;
}

/** Where a scan keeps the listing between runs (the scan cache); what it returns is checked before use. */
export interface ListingStore {
  listing(): unknown;
  rememberListing(listing: Listing): void;
}

export function listingKey(root: string, patterns: string[], ignored: string[]): string {
  return digest(JSON.stringify({ root, patterns, ignored }));
}

export function digest(data: string | Buffer): string {
  return createHash('sha1').update(data).digest('base64url');
}

/** A short digest, for the many records of folders (72 bits: a chance collision is negligible). */
const shortDigest = (data: string) => digest(data).slice(0, 12);


/**
 * The stat of a folder of the walk. The walk follows no link below the root, so a folder there
 * that is a link (one replaced by a link since) is no folder it read; the root is where it leads.
 */
function folderStat(path: string, isRoot: boolean) {
  return (isRoot ? statSync : lstatSync)(path, { throwIfNoEntry: false });
}

const kindOf = (entry: Dirent) => (entry.isDirectory() ? 'd' : entry.isFile() ? 'f' : entry.isSymbolicLink() ? 'l' : 'o');

function entriesDigest(entries: Dirent[]): string {
  return shortDigest(
    entries
      .map((entry) => `${kindOf(entry)}${entry.name}`)
      .sort()
      .join('\0'),
  );
}

/** Records the folders a walk reads, through the `fs` adapter the walk (tinyglobby, fdir) accepts. */
export class WalkRecorder {
  private readonly since = Date.now();
  private readonly folders = new Map<string, FolderRecord>();
  private unusable = false;

  constructor(
    private readonly root: string,
    private readonly key: string,
  ) {}

  /** fs.readdir as the walk calls it, with the folder's stat taken before the read. */
  readonly readdir = ((path: string, options: { withFileTypes: true }, callback: (error: NodeJS.ErrnoException | null, entries: Dirent[]) => void) => {
    const folder = relative(this.root, path).split(sep).join('/');
    const outside = folder === '..' || folder.startsWith('../') || isAbsolute(folder);
    const info = outside ? undefined : folderStat(join(this.root, folder), folder === '');
    readdir(path, options, (error, entries) => {
      if (error || !info?.isDirectory()) this.unusable = true;
      else this.folders.set(folder, [info.mtimeMs, info.ino, entriesDigest(entries), [], {}]);
      callback(error, entries);
    });
  }) as unknown as typeof readdir;

  /** The listing of `files` (root-relative), or undefined when the walk cannot be trusted again. */
  finish(files: string[], gitignores: Record<string, string>): Listing | undefined {
    const root = this.folders.get('');
    if (this.unusable || !root) return undefined;
    const nodeOf = (folder: string): FolderRecord | undefined => {
      if (folder === '') return root;
      const slash = folder.lastIndexOf('/');
      const parent = nodeOf(slash < 0 ? '' : folder.slice(0, slash));
      const own = this.folders.get(folder);
      if (!parent || !own) return undefined;
      return (parent[4][folder.slice(slash + 1)] ??= own);
    };
    for (const folder of this.folders.keys()) if (!nodeOf(folder)) return undefined;
    for (const file of files) {
      const slash = file.lastIndexOf('/');
      const node = nodeOf(slash < 0 ? '' : file.slice(0, slash));
      if (!node) return undefined;
      node[3].push(file.slice(slash + 1));
    }
    return { key: this.key, since: this.since, root, gitignores };
  }
}

/** A name a folder can hold: a recorded path never leads outside the root. */
const isEntryName = (name: unknown): name is string => typeof name === 'string' && name !== '' && name !== '.' && name !== '..' && !/[/\\]/.test(name);

/**
 * The recorded file list (sorted) when `stored` is a listing of this walk (`key`) and no folder
 * or .gitignore it covers changed; undefined when a walk is needed. `gitignoreDigest` reads a
 * .gitignore as the walk would (undefined when it cannot).
 */
export function recordedFiles(root: string, stored: unknown, key: string, gitignoreDigest: (path: string) => string | undefined): string[] | undefined {
  const listing = stored as Listing | undefined;
  if (listing?.key !== key || typeof listing.since !== 'number' || typeof listing.gitignores !== 'object') return undefined;
  const files: string[] = [];
  try {
    if (!unchangedFolder(root.endsWith(sep) ? root : root + sep, '', listing.root, listing.since - RACY_MS, files)) return undefined;
    for (const [path, known] of Object.entries(listing.gitignores)) {
      if (!path.split('/').every(isEntryName) || gitignoreDigest(path) !== known) return undefined;
    }
  } catch {
    // A malformed record: walk.
    return undefined;
  }
  return files.sort();
}

/**
 * Checks a recorded folder and those below it, collecting their listed files: a folder changed
 * since `settledBefore` (by its ctime) or whose stat differs is read again and its entries compared.
 */
function unchangedFolder(base: string, path: string, record: FolderRecord, settledBefore: number, files: string[]): boolean {
  // `base` ends with a separator and names are checked: a concatenation is the path (and cheaper).
  const absolute = base + path;
  const info = folderStat(absolute, path === '');
  if (!info?.isDirectory()) return false;
  const [mtimeMs, inode, entries, names, folders] = record;
  const trusted = info.ctimeMs < settledBefore && info.mtimeMs === mtimeMs && info.ino === inode;
  if (!trusted && entriesDigest(readdirSync(absolute, { withFileTypes: true })) !== entries) return false;
  const prefix = path === '' ? '' : `${path}/`;
  for (const name of names) {
    if (!isEntryName(name)) return false;
    files.push(prefix + name);
  }
  for (const [name, folder] of Object.entries(folders)) {
    if (!isEntryName(name) || !unchangedFolder(base, prefix + name, folder, settledBefore, files)) return false;
  }
  return true;
}
