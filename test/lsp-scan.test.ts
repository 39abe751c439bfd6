// The workspace scan as an editor drives it: file counts in the progress messages, cancellation
// from the progress notification's Cancel button, oversized files counted as skipped.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspSession } from './helpers/lsp-client';

const root = mkdtempSync(join(tmpdir(), 'precedent-scan-'));
const FILES = 400;
let session: LspSession;

interface Progress {
  token: string | number;
  value: { kind: 'begin' | 'report' | 'end'; message?: string; cancellable?: boolean };
}

beforeAll(async () => {
  mkdirSync(join(root, 'src'));
  for (let index = 0; index < FILES; index++) writeFileSync(join(root, 'src', `form-${index}.ts`), `export const s${index} = { password: z.string().min(4) };\n`);
  writeFileSync(join(root, 'bundle.js'), `// ${'x'.repeat(2_000_000)}\n`);
  session = await LspSession.start(root);
});

afterAll(async () => {
  await session?.stop();
});

describe('workspace scan', () => {
  it('reports file counts, and counts oversized files as skipped', async () => {
    const summary = (await session.connection.sendRequest('workspace/executeCommand', { command: 'precedent.scanWorkspace', arguments: [] })) as Record<string, unknown>;
    expect(summary).toEqual({ files: FILES + 1, findings: FILES, skipped: 1, cancelled: false });
    const messages = (session.progress as Progress[]).flatMap((entry) => (entry.value.kind === 'report' ? [entry.value.message] : []));
    expect(messages).toContain(`20/${FILES + 1} files`);
    expect(messages[messages.length - 1]).toBe(`${FILES + 1}/${FILES + 1} files`);
    expect((session.progress as Progress[])[0].value).toMatchObject({ kind: 'begin', cancellable: true });
  });

  it('stops when the user cancels the progress notification', async () => {
    session.progress.length = 0;
    const scan = session.connection.sendRequest('workspace/executeCommand', { command: 'precedent.scanWorkspace', arguments: [] });
    const begin = await session.until(() => (session.progress as Progress[]).find((entry) => entry.value.kind === 'begin'));
    await session.connection.sendNotification('window/workDoneProgress/cancel', { token: begin.token });
    const summary = (await scan) as { files: number; cancelled: boolean };
    expect(summary.cancelled).toBe(true);
    expect(summary.files).toBeLessThan(FILES + 1);
  });

  it('logs skipped files at the info level and stays quiet at the error level (precedent.logLevel)', async () => {
    const skippedLine = (log: string) => log.startsWith('skipped bundle.js:');
    expect(session.logs.some(skippedLine)).toBe(true);
    session.settings = { logLevel: 'error' };
    const requests = session.configurationRequests;
    await session.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await session.until(() => session.configurationRequests > requests);
    session.logs.length = 0;
    await session.connection.sendRequest('workspace/executeCommand', { command: 'precedent.scanWorkspace', arguments: [] });
    expect(session.logs.filter((log) => skippedLine(log) || log.startsWith('scan:'))).toEqual([]);
  });
});
