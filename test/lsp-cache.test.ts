// The server keeps its scan cache in the workspace storage the client gives it, so a rescan (and
// the next session's startup index) touches only changed files.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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
    expect(Object.keys(JSON.parse(readFileSync(join(cacheFolder, cacheFile), 'utf8')).entries).sort()).toEqual(['other.ts', 'signup.ts']);

    const second = await LspSession.start(root, [], { storagePath: storage });
    await second.connection.sendRequest('workspace/executeCommand', { command: 'precedent.scanWorkspace', arguments: [] });
    expect((await second.until(() => second.diagnostics.get(uri))).diagnostics).toEqual(firstFindings);
    await second.stop();
  });
});
