// The scan cache file: what a warm scan reads first, so it keeps results compactly, and what it
// gives back must be the result that was stored.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheVersion, ScanCache } from '../server/src/engine/cache';
import { lintText } from '../server/src/engine/lint';

describe('ScanCache', () => {
  const file = () => join(mkdtempSync(join(tmpdir(), 'precedent-cache-')), 'cache.json');
  const version = cacheVersion([]);

  it('gives back a stored result unchanged after a save and a load, findings and empty lists alike', () => {
    const withFinding = lintText('const schema = z.object({ password: z.string().min(4) });', 'src/signup.ts');
    const quiet = lintText('export const one = 1;', 'src/one.ts');
    expect(withFinding.findings).toHaveLength(1);
    const location = file();
    const cache = ScanCache.load(location, version);
    cache.store('src/signup.ts', 100, 1_700_000_000_000.5, 'h1', withFinding);
    cache.store('src/one.ts', 21, 1_700_000_000_001, 'h2', quiet);
    cache.save();

    const loaded = ScanCache.load(location, version);
    expect(loaded.fresh('src/signup.ts', 100, 1_700_000_000_000.5)).toEqual(withFinding);
    expect(loaded.fresh('src/one.ts', 21, 1_700_000_000_001)).toEqual(quiet);
    expect(loaded.fresh('src/one.ts', 22, 1_700_000_000_001)).toBeUndefined();
    expect(loaded.knownHash('src/one.ts', () => true)).toBe('h2');
    expect(loaded.has('src/one.ts')).toBe(true);
    expect(loaded.has('src/two.ts')).toBe(false);
  });

  it('keeps neither the path nor empty lists in the file', () => {
    const location = file();
    const cache = ScanCache.load(location, version);
    cache.store('src/one.ts', 21, 1, 'h2', lintText('export const one = 1;', 'src/one.ts'));
    cache.save();
    const text = readFileSync(location, 'utf8');
    expect(text).toContain('"src/one.ts"');
    expect(text.match(/src\/one\.ts/g)).toHaveLength(1);
    expect(text).not.toContain('[]');
  });

  it('starts empty from a file of another version or a corrupt one', () => {
    const location = file();
    const cache = ScanCache.load(location, version);
    cache.store('src/one.ts', 21, 1, 'h2', lintText('export const one = 1;', 'src/one.ts'));
    cache.save();
    expect(ScanCache.load(location, 'another').has('src/one.ts')).toBe(false);
    writeFileSync(location, readFileSync(location, 'utf8').slice(0, 40));
    expect(ScanCache.load(location, version).has('src/one.ts')).toBe(false);
  });
});
