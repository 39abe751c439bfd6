// The scan pipeline shared by the CLI and the server: cache reuse, pruning, worker threads,
// ordering. Worker threads need the built bundles, so they are exercised through dist/cli.js.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheVersion, ScanCache } from '../server/src/engine/cache';
import { scanFiles } from '../server/src/engine/scan';
import { tempProject } from './helpers/temp-project';

const WEAK = 'export const s = z.object({ password: z.string().min(6) });\n';

function workspace(count: number): { root: string; files: string[] } {
  const root = mkdtempSync(join(tmpdir(), 'precedent-scan-'));
  const files = Array.from({ length: count }, (_, index) => `f${String(index).padStart(3, '0')}.ts`);
  files.forEach((file, index) => writeFileSync(join(root, file), index % 3 === 0 ? WEAK : 'export const x = 1;\n'));
  return { root, files };
}

describe('scanFiles', () => {
  it('delivers results in file order', async () => {
    const { root, files } = workspace(9);
    const seen: string[] = [];
    const outcome = await scanFiles({ root, files, configs: [], onResult: (result) => seen.push(result.path) });
    expect(seen).toEqual(files);
    expect(outcome.results.filter((result) => result.findings.length > 0).map((result) => result.path)).toEqual(['f000.ts', 'f003.ts', 'f006.ts']);
  });

  it('reuses cached results of unchanged files and re-lints changed ones', async () => {
    const { root, files } = workspace(6);
    const cacheFile = join(root, 'cache.json');
    const version = cacheVersion([]);
    const first = await scanFiles({ root, files, configs: [], cache: ScanCache.load(cacheFile, version), prune: true });
    expect(first).toMatchObject({ linted: 6, fromCache: 0 });
    const second = await scanFiles({ root, files, configs: [], cache: ScanCache.load(cacheFile, version), prune: true });
    expect(second).toMatchObject({ linted: 0, fromCache: 6 });
    expect(second.results).toEqual(first.results);
    writeFileSync(join(root, 'f001.ts'), WEAK);
    // Same content, new mtime: confirmed by hash, not linted again.
    utimesSync(join(root, 'f002.ts'), new Date(), new Date(Date.now() + 5_000));
    const third = await scanFiles({ root, files, configs: [], cache: ScanCache.load(cacheFile, version), prune: true });
    expect(third).toMatchObject({ linted: 1, fromCache: 5 });
    expect(third.results[1].findings).toHaveLength(1);
  });

  it('answers an oversized file of generated code from the cache on a rescan', async () => {
    const root = tempProject({ 'src/generated/big.json': `{"x": "${'a'.repeat(300)}"}` });
    const cacheFile = join(root, 'cache.json');
    const scan = () => scanFiles({ root, files: ['src/generated/big.json'], configs: [], maxFileSize: 100, cache: ScanCache.load(cacheFile, cacheVersion([], 100)) });
    expect((await scan()).results[0].errors[0].message).toMatch(/exceeds the 100 limit/);
    expect(await scan()).toMatchObject({ linted: 0, fromCache: 1 });
  });

  it('discards the cache when the configuration changes', async () => {
    const { root, files } = workspace(3);
    const cacheFile = join(root, 'cache.json');
    await scanFiles({ root, files, configs: [], cache: ScanCache.load(cacheFile, cacheVersion([])) });
    const other = cacheVersion([{ rules: { 'weak-password-policy': 'off' } }]);
    const outcome = await scanFiles({ root, files, configs: [], cache: ScanCache.load(cacheFile, other) });
    expect(outcome.linted).toBe(3);
  });

  it('prunes entries of deleted files on full scans only', async () => {
    const { root, files } = workspace(4);
    const cacheFile = join(root, 'cache.json');
    await scanFiles({ root, files, configs: [], cache: ScanCache.load(cacheFile, 'v') });
    await scanFiles({ root, files: files.slice(0, 2), configs: [], cache: ScanCache.load(cacheFile, 'v') });
    expect(Object.keys(JSON.parse(readFileSync(cacheFile, 'utf8')).entries)).toHaveLength(4);
    await scanFiles({ root, files: files.slice(0, 2), configs: [], cache: ScanCache.load(cacheFile, 'v'), prune: true });
    expect(Object.keys(JSON.parse(readFileSync(cacheFile, 'utf8')).entries)).toHaveLength(2);
  });

  it('stops when cancelled', async () => {
    const { root, files } = workspace(20);
    const controller = new AbortController();
    const outcome = await scanFiles({ root, files, configs: [], signal: controller.signal, onResult: (_, index) => index === 4 && controller.abort() });
    expect(outcome.cancelled).toBe(true);
    expect(outcome.results).toHaveLength(5);
  });

  it('survives a corrupt cache file', async () => {
    const { root, files } = workspace(2);
    writeFileSync(join(root, 'cache.json'), '{ not json');
    const outcome = await scanFiles({ root, files, configs: [], cache: ScanCache.load(join(root, 'cache.json'), 'v') });
    expect(outcome.linted).toBe(2);
  });
});

describe('CLI scans with worker threads and --cache', () => {
  const CLI = join(__dirname, '..', 'dist', 'cli.js');
  const run = (args: string[]) => JSON.parse(spawnSync(process.execPath, [CLI, ...args, '--format', 'json'], { encoding: 'utf8' }).stdout);

  it('gives the same findings with 2 worker threads as in-process', () => {
    const { root } = workspace(60);
    const threaded = run([root, '--threads', '2']);
    const inProcess = run([root, '--threads', '0']);
    expect(threaded.findings).toHaveLength(20);
    expect(threaded.findings).toEqual(inProcess.findings);
  });

  it('reports a file over the time budget as skipped, with the reason, and scans the rest', () => {
    const { root } = workspace(60);
    const report = run([root, '--threads', '1', '--time-budget', '1']);
    const skipped = report.errors.filter((error: { message: string }) => /exceeded the 1 ms time budget/.test(error.message));
    // The first file a worker gets waits for the thread to load the parser: far over 1 ms.
    expect(skipped.length).toBeGreaterThan(0);
    expect(report.summary.skipped).toBe(skipped.length);
    expect(report.summary.files).toBe(60);
    expect(report.findings.length + skipped.length).toBeGreaterThanOrEqual(20);
  });

  it('writes and reuses the cache file', () => {
    const { root } = workspace(5);
    const cacheFile = join(root, 'precedent.cache');
    const first = run([root, '--cache', '--cache-location', cacheFile]);
    const cached = JSON.parse(readFileSync(cacheFile, 'utf8'));
    expect(Object.keys(cached.entries).sort()).toEqual(['f000.ts', 'f001.ts', 'f002.ts', 'f003.ts', 'f004.ts']);
    expect(run([root, '--cache', '--cache-location', cacheFile]).findings).toEqual(first.findings);
  });

  it('remembers the module resolutions of the project step, and a rescan settles cross-file findings with them', () => {
    const root = tempProject({
      'src/limits.ts': 'export const PASSWORD_MIN = 6;\n',
      'src/signup.ts': "import { PASSWORD_MIN } from './limits';\nexport const ok = (password: string) => password.length >= PASSWORD_MIN;\n",
    });
    const cacheFile = join(root, 'precedent.cache');
    const first = run([root, '--cache', '--cache-location', cacheFile]);
    expect(first.findings.map((finding: { path: string }) => finding.path)).toEqual(['src/signup.ts']);
    expect(Object.values(JSON.parse(readFileSync(cacheFile, 'utf8')).resolutions.answers)).toEqual(['src/limits.ts']);
    expect(run([root, '--cache', '--cache-location', cacheFile]).findings).toEqual(first.findings);
  });
});
