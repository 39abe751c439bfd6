// The content-hash cache that makes a rescan touch only changed files. One JSON file per
// project; an entry is reused when the file's size and mtime are unchanged, or, failing that,
// when its content hash is. Any change of engine build, rules or configuration discards it all.
// A warm scan reads the whole file before anything else: entries are tuples, and a result is
// kept without its path and empty lists (most files of a project have no finding).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { rules } from '../../../rules/index';
import type { PrecedentConfig } from './config';
import type { Listing, ListingStore } from './listing-cache';
import type { Resolutions } from './module-resolution';
import type { LintResult } from './types';

declare const PRECEDENT_BUILD_ID: string;
const BUILD_ID = typeof PRECEDENT_BUILD_ID === 'string' ? PRECEDENT_BUILD_ID : 'source';

/** A LintResult as kept: no path (the entry's key) and no empty list of findings, suppressions or errors. */
type StoredResult = Omit<LintResult, 'path' | 'findings' | 'suppressed' | 'suppressions' | 'errors'> & Partial<Pick<LintResult, 'findings' | 'suppressed' | 'suppressions' | 'errors'>>;

type CacheEntry = [size: number, mtimeMs: number, hash: string, result: StoredResult];

const LISTS: ReadonlySet<string> = new Set(['findings', 'suppressed', 'suppressions', 'errors']);

function stored(result: LintResult): StoredResult {
  // Copied key by key: deleting keys from a copy would leave V8 a slow dictionary object per entry.
  const compact: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(result)) {
    if (key !== 'path' && !(LISTS.has(key) && Array.isArray(value) && value.length === 0)) compact[key] = value;
  }
  return compact as StoredResult;
}

function restored(path: string, result: StoredResult): LintResult {
  return { path, findings: [], suppressed: [], suppressions: [], errors: [], ...result };
}

interface CacheFile {
  version: string;
  entries: Record<string, CacheEntry>;
  /** The project step's module resolutions, valid for the file list and configs they were made with. */
  resolutions?: Resolutions;
  /** The last walk of the whole project (checked before it is reused). */
  listing?: Listing;
}

export function cacheVersion(configs: (PrecedentConfig | undefined)[], maxFileSize?: number): string {
  const key = JSON.stringify({ build: BUILD_ID, rules: rules.map((rule) => [rule.meta.id, rule.meta.defaultOptions]), configs, maxFileSize });
  return createHash('sha256').update(key).digest('base64url');
}

export class ScanCache implements ListingStore {
  private entries: Record<string, CacheEntry>;
  private dirty = false;

  private constructor(
    private readonly file: string,
    private readonly version: string,
    entries: Record<string, CacheEntry>,
    private remembered?: Resolutions,
    private listed?: unknown,
  ) {
    this.entries = entries;
  }

  /** Module resolutions of the last scan (the project index checks they still apply). */
  resolutions(): Resolutions | undefined {
    return this.remembered;
  }

  rememberResolutions(resolutions: Resolutions | undefined): void {
    if (!resolutions || JSON.stringify(resolutions) === JSON.stringify(this.remembered)) return;
    this.remembered = resolutions;
    this.dirty = true;
  }

  listing(): unknown {
    return this.listed;
  }

  rememberListing(listing: Listing): void {
    this.listed = listing;
    this.dirty = true;
  }

  /** Loads the cache file; a missing, corrupt or outdated one starts empty. */
  static load(file: string, version: string): ScanCache {
    try {
      const data = JSON.parse(readFileSync(file, 'utf8')) as CacheFile;
      if (data.version === version && typeof data.entries === 'object') return new ScanCache(file, version, data.entries, data.resolutions, data.listing);
    } catch {
      // No cache yet, or unreadable: start empty.
    }
    return new ScanCache(file, version, {});
  }

  /** Whether the cache has an entry for `path` (without one, a scan need not stat the file up front). */
  has(path: string): boolean {
    return this.entries[path] !== undefined;
  }

  /** The cached result when size and mtime prove the file unchanged. */
  fresh(path: string, size: number, mtimeMs: number): LintResult | undefined {
    const entry = this.entries[path];
    return entry && entry[0] === size && entry[1] === mtimeMs ? restored(path, entry[3]) : undefined;
  }

  /** The hash of the cached content, when its result is still `usable` (e.g. linted in the file's current context). */
  knownHash(path: string, usable: (result: LintResult) => boolean): string | undefined {
    const entry = this.entries[path];
    return entry && usable(restored(path, entry[3])) ? entry[2] : undefined;
  }

  /** The content is unchanged though the mtime moved (checkout, touch): keep the result. */
  confirm(path: string, size: number, mtimeMs: number): LintResult | undefined {
    const entry = this.entries[path];
    if (!entry) return undefined;
    this.entries[path] = [size, mtimeMs, entry[2], entry[3]];
    this.dirty = true;
    return restored(path, entry[3]);
  }

  store(path: string, size: number, mtimeMs: number, hash: string, result: LintResult): void {
    this.entries[path] = [size, mtimeMs, hash, stored(result)];
    this.dirty = true;
  }

  /** Drops entries of files that no longer exist in the scanned set. */
  retainOnly(paths: Iterable<string>): void {
    const keep = new Set(paths);
    for (const path of Object.keys(this.entries)) {
      if (!keep.has(path)) {
        delete this.entries[path];
        this.dirty = true;
      }
    }
  }

  save(): void {
    if (!this.dirty) return;
    mkdirSync(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify({ version: this.version, entries: this.entries, resolutions: this.remembered, listing: this.listed as Listing | undefined } satisfies CacheFile));
    renameSync(temporary, this.file);
    this.dirty = false;
  }
}
