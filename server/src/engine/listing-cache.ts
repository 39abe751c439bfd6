// The file list of the last whole-project walk, kept with the scan cache: a warm scan stats every
// folder the walk read and re-reads every .gitignore it found, and returns the recorded list when
// nothing changed, instead of walking and matching every entry again. Adding, removing or renaming
// an entry changes its folder's mtime; a folder whose stat moved is read again and its entries
// compared (a file saved by rename, the cache file itself), and only a folder whose entries (or
// .gitignore) changed is walked again.
import { type Dirent, lstat, lstatSync, readdir, readdirSync, stat, type Stats, statSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { digest } from './digest';
import { dirname } from './module-resolution';

/**
 * File-system timestamps are coarse (a kernel tick; 1–2 s on some file systems): a folder changed
 * this close before the walk read it can change again and keep its mtime. Any change sets a
 * folder's ctime (which no program can set back), so a folder whose ctime is later than this
 * before the walk began is read and its entries compared on every reuse, never trusted by its stat
 * (git's untracked cache has the same rule).
 */
export const RACY_MS = 2_000;

/**
 * A folder the walk read: its name, its mtime and inode (lstat just before the read), a digest of
 * the names and kinds of its entries, the listed files in it, the subfolders the walk read, and
 * whether it holds a package.json (1), whatever the patterns and ignores: the scan reads the
 * packages of its files (package-facts.ts), and a folder unchanged since still holds the same.
 * Tuples and arrays, no object keyed by name: a monorepo has thousands of folders, and the cache
 * file is read on every scan.
 */
type FolderRecord = [name: string, mtimeMs: number, inode: number, entries: string, files: string[], folders: FolderRecord[], packageManifest: 0 | 1];

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

/** In the order the directory gives them (the same while it is unchanged; another order only costs a walk). */
function entriesDigest(entries: Dirent[]): string {
  return shortDigest(entries.map((entry) => `${kindOf(entry)}${entry.name}`).join('\0'));
}

/** Records the folders a walk reads, through the `fs` adapter the walk (tinyglobby, fdir) accepts. */
export class WalkRecorder {
  private readonly since = Date.now();
  /** Folders read, by root-relative path ('' the root), each linked into its parent's record. */
  private readonly folders = new Map<string, FolderRecord>();
  private unusable = false;
  /** The root as the walk spells the folders it reads: absolute, forward slashes, a final slash. */
  private readonly prefix: string;

  /** `top`: the folder the walk starts from ('' the root); a walk of a folder replaces its record. */
  constructor(
    private readonly root: string,
    private readonly key: string,
    private readonly top = '',
  ) {
    const absolute = resolve(root).split(sep).join('/');
    // resolve() leaves a final slash only on a file-system root.
    this.prefix = absolute.endsWith('/') ? absolute : `${absolute}/`;
  }

  /**
   * fs.readdir as the walk calls it, with the folder's stat taken before the read. Both run in
   * libuv's pool, like the walk's own reads: a cold scan of a monorepo stats thousands of folders.
   */
  readonly readdir = ((path: string, options: { withFileTypes: true }, callback: (error: NodeJS.ErrnoException | null, entries: Dirent[]) => void) => {
    const folder = this.folderOf(path);
    const read = (info: Stats | undefined) =>
      readdir(path, options, (error, entries) => {
        if (!error && folder !== undefined && info?.isDirectory()) {
          const manifest = entries.some((entry) => entry.name === 'package.json' && !entry.isDirectory()) ? 1 : 0;
          this.record(folder, [folder.slice(folder.lastIndexOf('/') + 1), info.mtimeMs, info.ino, entriesDigest(entries), [], [], manifest]);
        }
        else this.unusable = true;
        callback(error, entries);
      });
    if (folder === undefined) return read(undefined);
    // The walk's path ends with a slash, which would follow a link: stat it without (folderStat).
    (folder === '' ? stat : lstat)(folder === '' ? this.root : path.slice(0, -1), (error, info) => read(error ? undefined : info));
  }) as unknown as typeof readdir;

  /** The root-relative path of a folder the walk reads (a path ending with a slash); undefined for any other. */
  private folderOf(path: string): string | undefined {
    const slashed = sep === '/' ? path : path.split(sep).join('/');
    if (!slashed.endsWith('/')) return undefined;
    if (slashed === this.prefix) return '';
    return slashed.startsWith(this.prefix) ? slashed.slice(this.prefix.length, -1) : undefined;
  }

  /** The walk reads a folder only after its parent: the parent's record is there to link it into. */
  private record(folder: string, record: FolderRecord): void {
    this.folders.set(folder, record);
    if (folder === this.top) return;
    // The root, in a walk of a folder below it, is no folder that walk should read.
    if (folder === '') {
      this.unusable = true;
      return;
    }
    const parent = this.folders.get(dirname(folder));
    if (parent) parent[5].push(record);
    else this.unusable = true;
  }

  /** The listing of `files` (root-relative), or undefined when the walk cannot be trusted again. */
  finish(files: string[], gitignores: Record<string, string>): Listing | undefined {
    const root = this.folders.get(this.top);
    if (this.unusable || !root) return undefined;
    for (const file of files) {
      const folder = this.folders.get(dirname(file));
      if (!folder) return undefined;
      folder[4].push(file.slice(file.lastIndexOf('/') + 1));
    }
    return { key: this.key, since: this.since, root, gitignores };
  }
}

/** A name a folder can hold: a recorded path never leads outside the root. */
const isEntryName = (name: unknown): name is string => typeof name === 'string' && name !== '' && name !== '.' && name !== '..' && !/[/\\]/.test(name);

export type ListingCheck =
  /** Nothing changed: the recorded list, sorted. */
  | { files: string[] }
  /** These folders changed (none inside another): the files outside them still hold. */
  | { stale: string[]; files: string[]; listing: Listing };

interface CheckState {
  /** The root with a final separator. */
  base: string;
  settledBefore: number;
  /** Folders whose .gitignore changed: what is listed below them may change. */
  changedRules: Set<string>;
  files: string[];
  stale: string[];
}

/**
 * Checks `stored` against the tree: undefined when it is no listing of this walk (`key`), is
 * malformed, or the root itself changed (a whole walk is needed). `gitignoreDigest` reads a
 * .gitignore as the walk would (undefined when it cannot).
 */
export function checkListing(root: string, stored: unknown, key: string, gitignoreDigest: (path: string) => string | undefined): ListingCheck | undefined {
  const listing = stored as Listing | undefined;
  if (listing?.key !== key || typeof listing.since !== 'number' || typeof listing.gitignores !== 'object') return undefined;
  const state: CheckState = { base: root.endsWith(sep) ? root : root + sep, settledBefore: listing.since - RACY_MS, changedRules: new Set(), files: [], stale: [] };
  try {
    for (const [path, known] of Object.entries(listing.gitignores)) {
      if (!path.split('/').every(isEntryName)) return undefined;
      if (gitignoreDigest(path) !== known) state.changedRules.add(dirname(path));
    }
    if (!checkFolder(state, '', listing.root) || state.stale.includes('')) return undefined;
  } catch {
    // A malformed record: walk.
    return undefined;
  }
  return state.stale.length === 0 ? { files: state.files.sort() } : { stale: state.stale, files: state.files, listing };
}

/**
 * Checks a recorded folder and those below it, collecting their listed files: a folder changed
 * since `settledBefore` (by its ctime) or whose stat differs is read again and its entries
 * compared; one whose entries (or .gitignore) changed is stale, and not looked into. False when
 * the record does not fit the tree.
 */
function checkFolder(state: CheckState, path: string, record: FolderRecord): boolean {
  // `base` ends with a separator and names are checked: a concatenation is the path (and cheaper).
  const absolute = state.base + path;
  const info = folderStat(absolute, path === '');
  if (!info?.isDirectory()) return false;
  const [, mtimeMs, inode, entries, names, folders, manifest] = record;
  if (manifest !== 0 && manifest !== 1) return false;
  const trusted = info.ctimeMs < state.settledBefore && info.mtimeMs === mtimeMs && info.ino === inode;
  if (state.changedRules.has(path) || (!trusted && entriesDigest(readdirSync(absolute, { withFileTypes: true })) !== entries)) {
    state.stale.push(path);
    return true;
  }
  const prefix = path === '' ? '' : `${path}/`;
  for (const name of names) {
    if (!isEntryName(name)) return false;
    state.files.push(prefix + name);
  }
  for (const folder of folders) {
    if (!isEntryName(folder[0]) || !checkFolder(state, prefix + folder[0], folder)) return false;
  }
  return true;
}

/** Each folder the walk read (root-relative, '' the root) → whether it holds a package.json. */
export function packageManifestsOf(listing: Listing): Map<string, boolean> {
  const manifests = new Map<string, boolean>();
  const visit = (record: FolderRecord, path: string) => {
    manifests.set(path, record[6] === 1);
    for (const folder of record[5]) visit(folder, path === '' ? folder[0] : `${path}/${folder[0]}`);
  };
  visit(listing.root, '');
  return manifests;
}

const isUnder = (path: string, folder: string) => path.startsWith(`${folder}/`);

/**
 * `listing` with the records of folders walked again put in place of theirs (with the .gitignore
 * digests found below them). It keeps its start time: a folder walked again changed after it, so
 * its stat is not trusted and its entries are compared on every reuse, as a racy folder's are.
 */
export function withFoldersWalked(listing: Listing, walks: { folder: string; walked: Listing }[]): Listing {
  const gitignores = Object.fromEntries(Object.entries(listing.gitignores).filter(([path]) => !walks.some(({ folder }) => isUnder(path, folder))));
  for (const { folder, walked } of walks) {
    for (const [path, known] of Object.entries(walked.gitignores)) if (isUnder(path, folder)) gitignores[path] = known;
    let parent = listing.root;
    for (const name of dirname(folder).split('/').filter(Boolean)) parent = parent[5].find((child) => child[0] === name)!;
    parent[5] = parent[5].map((child) => (child[0] === walked.root[0] ? walked.root : child));
  }
  return { ...listing, gitignores };
}
