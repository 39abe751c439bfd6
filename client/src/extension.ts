// The VS Code side: starts the bundled language server and shows its results. No linting here.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from 'vscode-languageclient/node';

const DOCUMENT_SELECTOR = [
  'javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'html', 'vue', 'svelte', 'handlebars', 'php', 'json', 'jsonc', 'yaml',
  'toml', 'terraform', 'dotenv', 'ejs', 'nunjucks', 'jinja', 'twig', 'liquid', 'erb', 'astro',
].flatMap((language) => [
  { scheme: 'file', language },
  { scheme: 'untitled', language },
]);

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Precedent', { log: true });
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [...DOCUMENT_SELECTOR, { scheme: 'file', pattern: '**/*.{tf,hcl,env}' }, { scheme: 'file', pattern: '**/.env*' }],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/.precedent.json'), configurationSection: 'precedent' },
    outputChannel: output,
  };
  client = new LanguageClient('precedent', 'Precedent', serverOptions, clientOptions);

  const status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 10);
  status.name = 'Precedent';
  status.command = 'workbench.actions.view.problems';
  const updateStatus = () => {
    let count = 0;
    for (const [, diagnostics] of vscode.languages.getDiagnostics()) count += diagnostics.filter((diagnostic) => diagnostic.source === 'precedent').length;
    status.text = `$(law) Precedent: ${count}`;
    status.tooltip = `${count} privacy finding${count === 1 ? '' : 's'} citing enforcement decisions — click for the Problems panel`;
    status.show();
  };
  updateStatus();
  context.subscriptions.push(
    output,
    status,
    vscode.languages.onDidChangeDiagnostics(updateStatus),
    vscode.commands.registerCommand('precedent.showOutput', () => output.show()),
  );
  // precedent.scanWorkspace is registered by the language client from the server's
  // executeCommandProvider, which runs the scan on the server with a progress notification.
  await client.start();
  context.subscriptions.push(client);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
