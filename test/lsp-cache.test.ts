// The server keeps its scan cache in the workspace storage the client gives it, so a rescan (and
// the next session's startup index) touches only changed files.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LspSession } from './helpers/lsp-client';

describe('scan cache in the workspace storage', () => {
  it('is written by a scan and gives the same findings on the next session', async () => {
    const root = mkdtempSync(join(tmpdir(), 'precedent-lsp-cache-'));
    const storage = mkdtempSync(join(tmpdir(), 'precedent-storage-'));
    writeFileSync(join(root, 'signup.ts'), 'export const s = z.object({ password: z.string().min(4) });\n');
    writeFileSync(join(root, 'other.ts'), 'export const x = 1;\n');
    const uri = pathToFileURL(join(root, 'signup.ts')).href;

    const first = await LspSession.start(root, [], { storagePath: storage });
    await first.connection.sendRequest('workspace/executeCommand', { command: 'precedent.scanWorkspace', arguments: [] });
    const firstFindings = (await first.until(() => first.diagnostics.get(uri))).diagnostics;
    await first.stop();

    const cacheFolder = join(storage, '.precedent-cache');
    expect(existsSync(cacheFolder)).toBe(true);
    const [cacheFile] = readdirSync(cacheFolder);
    const cached = JSON.parse(readFileSync(join(cacheFolder, cacheFile), 'utf8'));
    expect(Object.keys(cached.entries).sort()).toEqual(['other.ts', 'signup.ts']);
    // The walk is kept too; a file added since is found all the same.
    expect(cached.listing.root).toBeDefined();
    writeFileSync(join(root, 'added.ts'), 'export const s = z.object({ password: z.string().min(4) });\n');

    const second = await LspSession.start(root, [], { storagePath: storage });
    await second.connection.sendRequest('workspace/executeCommand', { command: 'precedent.scanWorkspace', arguments: [] });
    expect((await second.until(() => second.diagnostics.get(uri))).diagnostics).toEqual(firstFindings);
    expect((await second.until(() => second.diagnostics.get(pathToFileURL(join(root, 'added.ts')).href))).diagnostics).toHaveLength(firstFindings.length);
    await second.stop();
  });

  it('sees a demo package.json appear between sessions, with the walk kept in the cache', async () => {
    const root = mkdtempSync(join(tmpdir(), 'precedent-lsp-package-'));
    const storage = mkdtempSync(join(tmpdir(), 'precedent-storage-'));
    mkdirSync(join(root, 'shop'));
    writeFileSync(join(root, 'shop', 'signup.ts'), 'export const s = z.object({ password: z.string().min(4) });\n');
    const uri = pathToFileURL(join(root, 'shop', 'signup.ts')).href;
    const severities = async () => {
      const session = await LspSession.start(root, [], { storagePath: storage });
      await session.connection.sendRequest('workspace/executeCommand', { command: 'precedent.scanWorkspace', arguments: [] });
      const found = (await session.until(() => session.diagnostics.get(uri))).diagnostics.map((diagnostic) => diagnostic.severity);
      await session.stop();
      return found;
    };
    expect(await severities()).toEqual([1]);
    writeFileSync(join(root, 'shop', 'package.json'), JSON.stringify({ name: 'shop-demo', private: true }));
    // Information: example code, by its package.
    expect(await severities()).toEqual([3]);
  });

  it('restores the last scan at startup when the client asks: stale files re-linted by content, deleted files gone, no scan command', async () => {
    const root = mkdtempSync(join(tmpdir(), 'precedent-lsp-restore-'));
    const storage = mkdtempSync(join(tmpdir(), 'precedent-storage-'));
    const file = (name: string) => pathToFileURL(join(root, name)).href;
    writeFileSync(join(root, 'kept.ts'), 'export const s = z.object({ password: z.string().min(4) });\n');
    writeFileSync(join(root, 'changed.ts'), 'export const s = z.object({ password: z.string().min(5) });\n');
    writeFileSync(join(root, 'deleted.ts'), 'export const s = z.object({ password: z.string().min(6) });\n');

    const first = await LspSession.start(root, [], { storagePath: storage });
    await first.connection.sendRequest('workspace/executeCommand', { command: 'precedent.scanWorkspace', arguments: [] });
    const kept = (await first.until(() => first.diagnostics.get(file('kept.ts')))).diagnostics;
    await first.stop();

    // Between sessions: one file fixed (same size, so only its content hash tells), one deleted.
    writeFileSync(join(root, 'changed.ts'), 'export const s = z.object({ password: z.string().max(5) });\n');
    rmSync(join(root, 'deleted.ts'));

    const second = await LspSession.start(root, [], { storagePath: storage, restoreScan: true });
    expect((await second.until(() => second.diagnostics.get(file('kept.ts')))).diagnostics).toEqual(kept);
    const entries = (await second.connection.sendRequest('workspace/executeCommand', { command: 'precedent.findings', arguments: [] })) as { uri: string; ruleId: string; ruleTitle: string; decisions: { citation: string }[] }[];
    expect(entries.map((entry) => entry.uri)).toEqual([file('kept.ts')]);
    expect(entries[0].ruleTitle).toBe('Password policy weaker than the CNIL recommendation');
    expect(entries[0].decisions.length).toBeGreaterThan(1);
    expect(second.diagnostics.get(file('changed.ts'))).toBeUndefined();
    expect(second.diagnostics.get(file('deleted.ts'))).toBeUndefined();
    await second.stop();

    // Without the client's request, startup publishes nothing (the project was never scanned here).
    const third = await LspSession.start(root, [], { storagePath: storage });
    const rules = (await third.connection.sendRequest('workspace/executeCommand', { command: 'precedent.rules', arguments: [] })) as { id: string; title: string }[];
    expect(rules.find((rule) => rule.id === 'weak-password-policy')?.title).toBe('Password policy weaker than the CNIL recommendation');
    expect(third.diagnostics.size).toBe(0);
    await third.stop();
  });
});
