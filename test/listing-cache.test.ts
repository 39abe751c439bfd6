// Warm listings: the last walk is reused only while no folder it read and no .gitignore it found
// changed, and every answer equals a fresh walk's.
import { lstatSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cacheVersion, ScanCache } from '../server/src/engine/cache';
import type { Listing, ListingStore } from '../server/src/engine/listing-cache';
import { listFiles, listProject } from '../server/src/engine/workspace';
import { runCli } from './helpers/cli';
import { tempProject } from './helpers/temp-project';

/** Keeps the listing as the cache file does: through JSON. */
class MemoryStore implements ListingStore {
  stored: Listing | undefined;
  listing(): unknown {
    return this.stored;
  }
  rememberListing(listing: Listing): void {
    this.stored = JSON.parse(JSON.stringify(listing)) as Listing;
  }
}

const PROJECT = {
  '.gitignore': 'generated/\n*.gen.ts\n',
  'src/lib/x.gen.ts': 'export const ignoredByTheRoot = 1;\n',
  'src/a.ts': 'export const a = 1;\n',
  'src/lib/b.ts': 'export const b = 1;\n',
  'web/c.tsx': 'export const c = 1;\n',
  'generated/g.ts': 'export const g = 1;\n',
  'notes.txt': 'not a source\n',
  'other/o.ts': 'export const o = 1;\n',
  'app/[id]/(group)/page.tsx': 'export const page = 1;\n',
};

/**
 * A name the recorded listing holds that no walk would find: it comes back only from the record.
 * In the root's record, or in that of the folder `other`.
 */
function plant(store: MemoryStore, folder: 'root' | 'other' = 'root'): void {
  const record = folder === 'root' ? store.stored!.root : store.stored!.root[5].find((child) => child[0] === folder)!;
  record[4].push('planted.ts');
}

/**
 * Records the walk as if it ran a minute from now, when the project's folders have long settled:
 * their stat is then trusted without reading them (real folders were just created, so within the
 * racy window they are always read again).
 */
async function recordSettled(root: string, store: MemoryStore, ignore?: string[]): Promise<string[]> {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.now() + 60_000);
  try {
    return await listFiles(root, { ignore, listing: store });
  } finally {
    vi.useRealTimers();
  }
}

afterEach(() => {
  vi.useRealTimers();
});

describe('warm listing', () => {
  it('returns the recorded list without walking when nothing changed', async () => {
    const root = tempProject(PROJECT);
    const store = new MemoryStore();
    const first = await recordSettled(root, store);
    expect(first).toEqual(['app/[id]/(group)/page.tsx', 'other/o.ts', 'src/a.ts', 'src/lib/b.ts', 'web/c.tsx']);
    plant(store);
    expect(await listFiles(root, { listing: store })).toEqual([...first, 'planted.ts'].sort());
  });

  it('reuses the list of folders within the racy window after comparing their entries', async () => {
    const root = tempProject(PROJECT);
    const store = new MemoryStore();
    await listFiles(root, { listing: store });
    plant(store);
    expect(await listFiles(root, { listing: store })).toContain('planted.ts');
  });

  it('keeps the list when a file is saved by rename (same entries, new folder stat)', async () => {
    const root = tempProject({ ...PROJECT, 'cache.json': '{}' });
    const store = new MemoryStore();
    await recordSettled(root, store);
    plant(store);
    writeFileSync(join(root, 'cache.json.tmp'), '{"saved":true}');
    renameSync(join(root, 'cache.json.tmp'), join(root, 'cache.json'));
    expect(await listFiles(root, { listing: store })).toContain('planted.ts');
  });

  /** Each change and the folder it makes stale ('' the root: all is walked again). */
  const changes: [string, (root: string) => void, (files: string[]) => void, string][] = [
    ['adding a file', (root) => writeFileSync(join(root, 'src/lib/new.ts'), ''), (files) => expect(files).toContain('src/lib/new.ts'), 'src/lib'],
    ['deleting a file', (root) => rmSync(join(root, 'src/lib/b.ts')), (files) => expect(files).not.toContain('src/lib/b.ts'), 'src/lib'],
    [
      'renaming a file',
      (root) => renameSync(join(root, 'web/c.tsx'), join(root, 'web/d.tsx')),
      (files) => expect(files.filter((file) => file.startsWith('web/'))).toEqual(['web/d.tsx']),
      'web',
    ],
    [
      'adding a folder',
      (root) => {
        mkdirSync(join(root, 'src/lib/deep'));
        writeFileSync(join(root, 'src/lib/deep/x.ts'), '');
      },
      (files) => expect(files).toContain('src/lib/deep/x.ts'),
      'src/lib',
    ],
    [
      'adding a file in a folder named like a glob',
      (root) => writeFileSync(join(root, 'app/[id]/(group)/layout.tsx'), ''),
      (files) => expect(files.filter((file) => file.startsWith('app/'))).toEqual(['app/[id]/(group)/layout.tsx', 'app/[id]/(group)/page.tsx']),
      'app/[id]/(group)',
    ],
    ['changing a .gitignore (same size)', (root) => writeFileSync(join(root, '.gitignore'), 'generatex/\n*.gen.ts\n'), (files) => expect(files).toContain('generated/g.ts'), ''],
    ['adding a .gitignore', (root) => writeFileSync(join(root, 'web/.gitignore'), 'c.tsx\n'), (files) => expect(files).not.toContain('web/c.tsx'), 'web'],
    [
      'changing a .gitignore below the root',
      (root) => {
        writeFileSync(join(root, 'src/.gitignore'), 'lib/\n');
        writeFileSync(join(root, 'src/lib/b.ts'), 'export const b = 2;\n');
      },
      (files) => expect(files.filter((file) => file.startsWith('src/'))).toEqual(['src/a.ts']),
      'src',
    ],
    [
      'replacing a folder by a link to another',
      (root) => {
        rmSync(join(root, 'web'), { recursive: true });
        symlinkSync(join(root, 'src'), join(root, 'web'));
      },
      (files) => expect(files.some((file) => file.startsWith('web/'))).toBe(false),
      '',
    ],
  ];
  for (const settled of [true, false]) {
    for (const [change, apply, check, stale] of changes) {
      it(`walks ${stale ? stale : 'all'} again after ${change} (${settled ? 'settled folders' : 'racy window'})`, async () => {
        const root = tempProject(PROJECT);
        const store = new MemoryStore();
        if (settled) await recordSettled(root, store);
        else await listFiles(root, { listing: store });
        plant(store, 'other');
        apply(root);
        const warm = await listFiles(root, { listing: store });
        check(warm);
        // Only the stale folder is walked: the rest, planted name included, comes from the record.
        const fresh = await listFiles(root);
        expect(warm).toEqual(stale ? [...fresh, 'other/planted.ts'].sort() : fresh);
        // The new walk is recorded, and reused while nothing changes.
        plant(store);
        expect(await listFiles(root, { listing: store })).toEqual([...warm, 'planted.ts'].sort());
      });
    }
  }

  it('sees a change within the racy window even when the folder keeps its mtime', async () => {
    const root = tempProject(PROJECT);
    const store = new MemoryStore();
    const folder = join(root, 'src/lib');
    // Whole seconds: a time utimes can set back exactly.
    const seconds = Math.floor(Date.now() / 1000);
    utimesSync(folder, seconds, seconds);
    await listFiles(root, { listing: store });
    // A second change within the same timestamp tick leaves mtime (and inode) as they were.
    writeFileSync(join(folder, 'same-tick.ts'), '');
    utimesSync(folder, seconds, seconds);
    expect(lstatSync(folder).mtimeMs).toBe(seconds * 1000);
    expect(await listFiles(root, { listing: store })).toContain('src/lib/same-tick.ts');
  });

  it('walks again when the configured ignore globs change', async () => {
    const root = tempProject(PROJECT);
    const store = new MemoryStore();
    await recordSettled(root, store);
    plant(store);
    const narrowed = await listFiles(root, { ignore: ['web/**'], listing: store });
    expect(narrowed).toEqual(['app/[id]/(group)/page.tsx', 'other/o.ts', 'src/a.ts', 'src/lib/b.ts']);
  });

  it('never lists through a symbolic link, recorded or not', async () => {
    const root = tempProject(PROJECT);
    symlinkSync(join(root, 'src'), join(root, 'linked'));
    const store = new MemoryStore();
    const first = await recordSettled(root, store);
    expect(first.some((file) => file.startsWith('linked/'))).toBe(false);
    writeFileSync(join(root, 'src/lib/new.ts'), '');
    expect(await listFiles(root, { listing: store })).toEqual(await listFiles(root));
  });

  it('walks again, with its warnings, while a .gitignore cannot be read', async () => {
    const root = tempProject({ ...PROJECT, 'web/.gitignore': 'x'.repeat(1_000_001) });
    const store = new MemoryStore();
    const warnings: string[] = [];
    await listFiles(root, { listing: store, onWarning: (message) => warnings.push(message) });
    await listFiles(root, { listing: store, onWarning: (message) => warnings.push(message) });
    expect(warnings).toHaveLength(2);
    expect(store.stored).toBeUndefined();
  });

  it('tells once of a .gitignore that became unreadable in a folder that changed', async () => {
    const root = tempProject(PROJECT);
    const store = new MemoryStore();
    await listFiles(root, { listing: store });
    writeFileSync(join(root, 'web/.gitignore'), 'x'.repeat(1_000_001));
    const warnings: string[] = [];
    const files = await listFiles(root, { listing: store, onWarning: (message) => warnings.push(message) });
    expect(warnings).toEqual([expect.stringContaining('web/.gitignore not read')]);
    expect(files).toEqual(await listFiles(root));
  });

  it('takes a path to list as a folder name, not a pattern (Next.js `app/[id]`)', async () => {
    const root = tempProject({ 'app/[id]/page.ts': 'x', 'app/i/page.ts': 'x', 'app/(group)/page.ts': 'x', 'app/g/page.ts': 'x' });
    expect(await listFiles(root, { only: ['app/[id]'] })).toEqual(['app/[id]/page.ts']);
    expect(await listFiles(root, { only: ['app/(group)/'] })).toEqual(['app/(group)/page.ts']);
  });

  it('does not record walks restricted to some paths', async () => {
    const root = tempProject(PROJECT);
    const store = new MemoryStore();
    expect(await listFiles(root, { only: ['src'], listing: store })).toEqual(['src/a.ts', 'src/lib/b.ts']);
    expect(store.stored).toBeUndefined();
  });
});

describe('listing in the scan cache', () => {
  const version = cacheVersion([]);
  const load = (file: string) => ScanCache.load(file, version);

  /** A project listed through a scan cache, the cache file saved, and what it holds. */
  async function savedListing() {
    const root = tempProject(PROJECT);
    const cacheFile = join(tempProject({}), 'cache.json');
    const cache = load(cacheFile);
    const fresh = await listFiles(root, { listing: cache });
    cache.save();
    return { root, cacheFile, fresh, saved: JSON.parse(readFileSync(cacheFile, 'utf8')) as { listing: Listing } };
  }

  it('is saved with the cache and reused from it', async () => {
    const { root, cacheFile, fresh, saved } = await savedListing();
    saved.listing.root[4].push('planted.ts');
    writeFileSync(cacheFile, JSON.stringify(saved));
    expect(await listFiles(root, { listing: load(cacheFile) })).toEqual([...fresh, 'planted.ts'].sort());
  });

  it('walks when the recorded listing is corrupt, or names a path outside the root', async () => {
    const { root, cacheFile, fresh, saved } = await savedListing();
    const corruptions: ((listing: Listing) => unknown)[] = [
      (listing) => ({ ...listing, root: 42 }),
      (listing) => ({ ...listing, root: [...listing.root.slice(0, 5), [['..', ...listing.root.slice(1)]], listing.root[6]] }),
      (listing) => ({ ...listing, root: [...listing.root.slice(0, 4), ['../escape.ts'], listing.root[5], listing.root[6]] }),
      (listing) => ({ ...listing, root: [...listing.root.slice(0, 6), 'yes'] }),
      (listing) => ({ ...listing, gitignores: { '../.gitignore': 'x' } }),
      () => 'not a listing',
    ];
    for (const corrupt of corruptions) {
      writeFileSync(cacheFile, JSON.stringify({ ...saved, listing: corrupt(saved.listing) }));
      expect(await listFiles(root, { listing: load(cacheFile) })).toEqual(fresh);
    }
    writeFileSync(cacheFile, '{"version":');
    expect(await listFiles(root, { listing: load(cacheFile) })).toEqual(fresh);
  });
});

describe('package manifests seen by the walk', () => {
  it('are known for every folder read, and follow a package.json added or removed between warm listings', async () => {
    const root = tempProject({ ...PROJECT, 'web/package.json': '{ "name": "web" }' });
    const store = new MemoryStore();
    expect(await listProject(root)).toEqual({ files: await listFiles(root) });
    const first = await listProject(root, { listing: store });
    expect([...first.packageManifests!].filter(([, has]) => has)).toEqual([['web', true]]);
    expect(first.packageManifests!.get('src/lib')).toBe(false);
    // Ignored folders are read too (their package.json still names their package): generated/ is.
    expect(first.packageManifests!.has('generated')).toBe(true);
    const warm = await listProject(root, { listing: store });
    expect(warm.packageManifests).toEqual(first.packageManifests);
    writeFileSync(join(root, 'other', 'package.json'), '{ "name": "other-demo", "private": true }');
    rmSync(join(root, 'web', 'package.json'));
    const changed = await listProject(root, { listing: store });
    expect([...changed.packageManifests!].filter(([, has]) => has)).toEqual([['other', true]]);
  });
});

describe('CLI --cache with the cache file in the project', () => {
  const WEAK = 'export const s = z.object({ password: z.string().min(6) });\n';
  const findingPaths = (root: string) => (JSON.parse(runCli([root, '--cache', '--format', 'json'], root).stdout) as { findings: { path: string }[] }).findings.map((finding) => finding.path);

  it('finds a file added, and forgets a file deleted, between warm scans', () => {
    const root = tempProject({ ...PROJECT, 'src/weak.ts': WEAK });
    for (let scan = 0; scan < 3; scan++) expect(findingPaths(root)).toEqual(['src/weak.ts']);
    writeFileSync(join(root, 'src/lib/weaker.ts'), WEAK);
    expect(findingPaths(root)).toEqual(['src/lib/weaker.ts', 'src/weak.ts']);
    rmSync(join(root, 'src/weak.ts'));
    expect(findingPaths(root)).toEqual(['src/lib/weaker.ts']);
    expect(JSON.parse(readFileSync(join(root, '.precedent-cache'), 'utf8')).listing.root).toBeDefined();
  });

  it('sees a demo package.json added, and removed, between warm scans', () => {
    const root = tempProject({ ...PROJECT, 'apps/shop/src/signup.ts': WEAK });
    const severities = () => (JSON.parse(runCli([root, '--cache', '--format', 'json'], root).stdout) as { findings: { severity: string }[] }).findings.map((finding) => finding.severity);
    for (let scan = 0; scan < 2; scan++) expect(severities()).toEqual(['error']);
    writeFileSync(join(root, 'apps/shop/package.json'), JSON.stringify({ name: 'shop-demo', private: true }));
    for (let scan = 0; scan < 2; scan++) expect(severities()).toEqual(['info']);
    rmSync(join(root, 'apps/shop/package.json'));
    expect(severities()).toEqual(['error']);
  });
});
