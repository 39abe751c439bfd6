// A client sending malformed messages (issue 12, "crashes: the language server"): each is logged
// and ignored, the stream recovers from bad framing, and the server keeps answering until `exit`.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StreamMessageReader } from 'vscode-languageserver-protocol/node';
import { LspSession, SERVER } from './helpers/lsp-client';
import { tempProject } from './helpers/temp-project';

const WEAK = "export const s = z.object({ password: z.string().min(6) });\n";

/** A new file's diagnostics prove the server is alive and still linting. */
async function stillLinting(session: LspSession, root: string, name: string): Promise<void> {
  const uri = pathToFileURL(join(root, 'src', name)).href;
  await session.open(uri, 'typescript', WEAK);
  const published = await session.until(() => session.diagnostics.get(uri));
  expect(published.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['weak-password-policy']);
  const hover = (await session.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: published.diagnostics[0].range.start })) as { contents: { value: string } } | null;
  expect(hover?.contents.value).toContain('weak-password-policy');
}

describe('language server fed malformed parameters', () => {
  const root = tempProject({ 'src/ok.ts': 'export {};\n' });
  let session: LspSession;
  beforeAll(async () => {
    session = await LspSession.start(root);
  });
  afterAll(async () => session?.stop());

  it('ignores documents whose URI or text it cannot use, and says so', async () => {
    const notify = (textDocument: unknown) => session.connection.sendNotification('textDocument/didOpen', { textDocument });
    await notify({ uri: 'file://host/share/x.ts', languageId: 'typescript', version: 1, text: WEAK });
    await notify({ uri: pathToFileURL(join(root, 'src')).href + '/a%2Fb.ts', languageId: 'typescript', version: 1, text: WEAK });
    await notify({ uri: pathToFileURL(join(root, 'src', 'null.ts')).href, languageId: 'typescript', version: 1, text: null });
    await notify({ uri: 42, languageId: 'typescript', version: 1, text: WEAK });
    await notify(null);
    await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri: 7 }, contentChanges: [{ text: 1 }] });
    await session.connection.sendNotification('textDocument/didClose', {});
    await stillLinting(session, root, 'after-documents.ts');
    expect(session.logs.filter((line) => line.startsWith('ignored textDocument/')).length).toBeGreaterThanOrEqual(7);
  });

  it('ignores hovers and code actions with malformed positions or diagnostics', async () => {
    const uri = pathToFileURL(join(root, 'src', 'after-documents.ts')).href;
    expect(await session.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: -1, character: 'x' } })).toBeNull();
    const actions = await session.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
      context: { diagnostics: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, source: 'precedent', data: { ruleId: 'x', fixes: 'all' } }] },
    });
    expect(actions).toEqual([]);
    await stillLinting(session, root, 'after-requests.ts');
  });

  it('ignores watched-file and workspace-folder events it cannot use', async () => {
    await session.connection.sendRequest('workspace/executeCommand', { command: 'precedent.scanWorkspace', arguments: [{ exclude: 42 }] });
    await session.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: 'file://host/share/x.ts', type: 2 }, { uri: 42, type: 1 }, { uri: pathToFileURL(join(root, 'src')).href + '/a%2Fb.ts', type: 3 }, null],
    });
    await session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: 'everything' });
    await session.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: 'file://host/share', name: 'x' }, { uri: 42 }], removed: [] } });
    await stillLinting(session, root, 'after-events.ts');
    expect(session.logs.some((line) => line.startsWith('ignored workspace/didChangeWatchedFiles'))).toBe(true);
  });
});

describe('language server and the file system', () => {
  it('reads no FIFO and no file behind a symbolic link out of the project when files change', async () => {
    const outside = tempProject({ 'secret.ts': WEAK });
    const root = tempProject({ 'src/ok.ts': 'export {};\n' });
    execFileSync('mkfifo', [join(root, 'src', 'pipe.ts')]);
    symlinkSync(join(outside, 'secret.ts'), join(root, 'src', 'link.ts'));
    const session = await LspSession.start(root);
    try {
      await session.connection.sendRequest('workspace/executeCommand', { command: 'precedent.scanWorkspace', arguments: [{}] });
      await session.connection.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [
          { uri: pathToFileURL(join(root, 'src', 'pipe.ts')).href, type: 2 },
          { uri: pathToFileURL(join(root, 'src', 'link.ts')).href, type: 2 },
        ],
      });
      await stillLinting(session, root, 'after-fifo.ts');
      expect(session.diagnostics.get(pathToFileURL(join(root, 'src', 'link.ts')).href)?.diagnostics ?? []).toEqual([]);
    } finally {
      await session.stop();
    }
  });

  it('starts and scans with a .gitignore it cannot read, and warns', async () => {
    const root = tempProject({ 'src/a.ts': WEAK });
    mkdirSync(join(root, 'big'));
    writeFileSync(join(root, 'big', '.gitignore'), 'x\n'.repeat(600_000));
    const session = await LspSession.start(root);
    try {
      const summary = (await session.connection.sendRequest('workspace/executeCommand', { command: 'precedent.scanWorkspace', arguments: [{}] })) as { files: number };
      expect(summary.files).toBe(1);
      expect(session.logs.some((line) => line.includes('big/.gitignore not read'))).toBe(true);
    } finally {
      await session.stop();
    }
  });
});

/** Frames for the raw stream: `length` overrides the true Content-Length (null: no header line). */
function frame(message: object, length?: number | null): string {
  const body = JSON.stringify({ jsonrpc: '2.0', ...message });
  const header = length === null ? 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n' : `Content-Length: ${length ?? Buffer.byteLength(body)}\r\n`;
  return `${header}\r\n${body}`;
}

describe('language server and a desynchronised stream', () => {
  let child: ChildProcess;
  const responses = new Map<number, unknown>();
  const logs: string[] = [];
  beforeAll(() => {
    child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    new StreamMessageReader(child.stdout!).listen((message) => {
      const { id, result, method, params } = message as { id?: number; result?: unknown; method?: string; params?: { message: string } };
      if (method === 'window/logMessage') logs.push(params!.message);
      else if (id !== undefined && !method) responses.set(id, result);
    });
  });
  afterAll(() => child?.kill());

  const answered = async (id: number) => {
    for (let waited = 0; waited < 10_000 && !responses.has(id); waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    return responses.has(id);
  };

  it('logs wrong, zero and missing Content-Length headers and answers the requests around them', async () => {
    const root = tempProject({});
    const hover = (id: number) => ({ id, method: 'textDocument/hover', params: { textDocument: { uri: pathToFileURL(join(root, 'a.ts')).href }, position: { line: 0, character: 0 } } });
    child.stdin!.write(frame({ id: 1, method: 'initialize', params: { processId: null, rootUri: pathToFileURL(root).href, capabilities: {} } }, 5));
    expect(await answered(1)).toBe(true);
    child.stdin!.write(frame({ method: 'initialized', params: {} }));
    child.stdin!.write(frame(hover(2), 9_999));
    expect(await answered(2)).toBe(true);
    child.stdin!.write(frame(hover(3), 0));
    expect(await answered(3)).toBe(true);
    child.stdin!.write(frame(hover(4), null));
    await new Promise((resolve) => setTimeout(resolve, 100));
    child.stdin!.write(frame(hover(5)));
    expect(await answered(4)).toBe(true);
    expect(await answered(5)).toBe(true);
    child.stdin!.write('garbage that is not a message');
    child.stdin!.write(frame(hover(6)));
    expect(await answered(6)).toBe(true);
    expect(logs.filter((line) => line.startsWith('LSP stream:'))).toEqual([
      'LSP stream: read a message with Content-Length 5, which does not frame a JSON message, up to the next header',
      'LSP stream: read a message shorter than its Content-Length 9999',
      'LSP stream: read a message with Content-Length 0, which does not frame a JSON message, up to the next header',
      'LSP stream: read a message without a Content-Length header, up to the next header',
      'LSP stream: dropped 29 bytes that are not a message',
    ]);
    expect(child.exitCode).toBeNull();
  });
});
