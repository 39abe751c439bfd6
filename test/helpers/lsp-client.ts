// Drives dist/server.js over stdio as any LSP client would, for protocol-level tests.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  type PublishDiagnosticsParams,
  type ProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';

export const SERVER = join(__dirname, '..', '..', 'dist', 'server.js');

export class LspSession {
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  readonly progress: unknown[] = [];
  readonly messages: string[] = [];
  readonly logs: string[] = [];
  /** What the server gets for `workspace/configuration` (the `precedent` section). */
  settings: Record<string, unknown> = {};
  configurationRequests = 0;
  readonly shownDocuments: { uri: string; external?: boolean }[] = [];
  private waiters: (() => void)[] = [];

  private constructor(
    readonly connection: ProtocolConnection,
    private readonly child: ChildProcess,
  ) {}

  /** `rootPath` is the first workspace folder; `moreFolders` make it a multi-root workspace. */
  static async start(rootPath: string, moreFolders: string[] = [], initializationOptions: Record<string, unknown> = {}): Promise<LspSession> {
    const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const session = new LspSession(connection, child);
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      session.diagnostics.set(params.uri, params);
      session.notify();
    });
    connection.onNotification('$/progress', (params: unknown) => {
      session.progress.push(params);
      session.notify();
    });
    connection.onNotification('window/showMessage', (params: { message: string }) => session.messages.push(params.message));
    connection.onNotification('window/logMessage', (params: { message: string }) => session.logs.push(params.message));
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest('window/showDocument', (params: { uri: string; external?: boolean }) => {
      session.shownDocuments.push(params);
      return { success: true };
    });
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => {
      session.configurationRequests++;
      session.notify();
      return params.items.map(() => session.settings);
    });
    connection.listen();
    const rootUri = pathToFileURL(rootPath).href;
    await connection.sendRequest('initialize', {
      processId: process.pid,
      initializationOptions,
      rootUri,
      workspaceFolders: [rootPath, ...moreFolders].map((folder) => ({ uri: pathToFileURL(folder).href, name: folder })),
      capabilities: { window: { workDoneProgress: true, showDocument: { support: true } }, workspace: { configuration: true, workspaceFolders: true } },
    });
    await connection.sendNotification('initialized', {});
    return session;
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }

  /** Resolves once `predicate` holds, re-checked after every notification; rejects after `ms`. */
  async until<T>(predicate: () => T | undefined | false, ms = 10_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = predicate();
      if (value) return value;
      if (Date.now() > deadline) throw new Error('timed out waiting for the server');
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }

  async open(uri: string, languageId: string, text: string, version = 1): Promise<void> {
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  async stop(): Promise<void> {
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    this.connection.dispose();
    this.child.kill();
  }
}
