// The VS Code side: starts the bundled language server and shows its results. No linting here:
// the commands below ask the server (scan, report) or open files shipped in the .vsix (rule docs).
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
/** Files the server lints, watched so changes made outside the editor are re-linted. */
const SUPPORTED_FILES =
  '**/{*.js,*.jsx,*.mjs,*.cjs,*.ts,*.mts,*.cts,*.tsx,*.html,*.htm,*.vue,*.svelte,*.ejs,*.hbs,*.handlebars,*.mustache,*.njk,*.jinja,*.jinja2,*.j2,*.twig,*.liquid,*.erb,*.php,*.astro,*.json,*.jsonc,*.yaml,*.yml,*.toml,*.tf,*.tfvars,*.hcl,.env,.env.*}';
// Server commands (server/src/server.ts, server/src/lsp/report.ts, server/src/lsp/actions.ts).
const SCAN_COMMAND = 'precedent.scanWorkspace';
const BUILD_REPORT_COMMAND = 'precedent.buildReport';

interface ScanSummary {
  files: number;
  findings: number;
  skipped: number;
  cancelled: boolean;
}

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Precedent', { log: true });
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };

  const status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 10);
  status.name = 'Precedent';
  status.command = 'precedent.showReport';
  let scanning = false;
  /** A scan ran: later `files.exclude` changes redo it (the server redoes it on its own settings). */
  let scanned = false;
  const updateStatus = () => {
    let count = 0;
    for (const [, diagnostics] of vscode.languages.getDiagnostics()) count += diagnostics.filter((diagnostic) => diagnostic.source === 'precedent').length;
    status.text = `${scanning ? '$(sync~spin)' : '$(law)'} Precedent: ${count}`;
    status.tooltip = `${scanning ? 'Scanning the workspace… ' : ''}${count} privacy finding${count === 1 ? '' : 's'} citing enforcement decisions — click for the report`;
    status.show();
  };

  const clientOptions: LanguageClientOptions = {
    // Where the server keeps its scan cache (.precedent-cache), per workspace.
    initializationOptions: { storagePath: context.storageUri?.fsPath },
    documentSelector: [...DOCUMENT_SELECTOR, { scheme: 'file', pattern: '**/*.{tf,hcl,env}' }, { scheme: 'file', pattern: '**/.env*' }],
    synchronize: {
      fileEvents: [vscode.workspace.createFileSystemWatcher('**/.precedent.json'), vscode.workspace.createFileSystemWatcher(SUPPORTED_FILES)],
      configurationSection: 'precedent',
    },
    outputChannel: output,
    middleware: {
      // The scan runs on the server; the client adds `files.exclude`, the spinner and the summary.
      executeCommand: async (command, args, next) => {
        if (command !== SCAN_COMMAND) return next(command, args);
        scanning = true;
        scanned = true;
        updateStatus();
        try {
          const summary = (await next(command, [{ exclude: excludedGlobs() }])) as ScanSummary | undefined;
          if (summary) announce(summary, output);
          return summary;
        } finally {
          scanning = false;
          updateStatus();
        }
      },
    },
  };
  client = new LanguageClient('precedent', 'Precedent', serverOptions, clientOptions);

  updateStatus();
  context.subscriptions.push(
    output,
    status,
    vscode.languages.onDidChangeDiagnostics(updateStatus),
    vscode.commands.registerCommand('precedent.showOutput', () => output.show()),
    vscode.commands.registerCommand('precedent.showReport', () => showReport(context, scanned)),
    vscode.commands.registerCommand('precedent.exportReport', (target?: vscode.Uri) => exportReport(target)),
    vscode.commands.registerCommand('precedent.explainRule', (ruleId?: string) => explainRule(context, ruleId)),
    vscode.commands.registerCommand('precedent.selectReason', selectReason),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('files.exclude') && scanned) void vscode.commands.executeCommand(SCAN_COMMAND);
    }),
  );
  // precedent.scanWorkspace, precedent.openDecision and precedent.buildReport are registered by
  // the language client from the server's executeCommandProvider.
  await client.start();
  context.subscriptions.push(client);
  if (scanOnStartup()) void vscode.commands.executeCommand(SCAN_COMMAND);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}

function scanOnStartup(): boolean {
  return vscode.workspace.getConfiguration('precedent').get<boolean>('scanOnStartup', false);
}

/** `files.exclude` patterns switched on, in every folder's settings. */
function excludedGlobs(): string[] {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const scopes = folders.length > 0 ? folders.map((folder) => folder.uri) : [undefined];
  const globs = scopes.flatMap((scope) => {
    const exclude = vscode.workspace.getConfiguration('files', scope).get<Record<string, boolean>>('exclude', {});
    // A pattern names a file or a folder: the folder's contents go too.
    return Object.entries(exclude).filter(([, on]) => on === true).flatMap(([glob]) => [glob, `${glob}/**`]);
  });
  return [...new Set(globs)];
}

function announce(summary: ScanSummary, output: vscode.LogOutputChannel): void {
  const skipped = summary.skipped > 0 ? `, ${summary.skipped} skipped (over precedent.maxFileSize, binary or unreadable — see the output)` : '';
  const text = `Precedent ${summary.cancelled ? 'scan cancelled after' : 'scanned'} ${summary.files} files: ${summary.findings} finding${summary.findings === 1 ? '' : 's'}${skipped}.`;
  output.info(text);
  void vscode.window.showInformationMessage(text, 'Show Report').then((choice) => {
    if (choice) void vscode.commands.executeCommand('precedent.showReport');
  });
}

/** The report from the server, its links into the code relative to where it is written. */
async function buildReport(format: 'markdown' | 'html', file: vscode.Uri): Promise<string> {
  return (await vscode.commands.executeCommand<string>(BUILD_REPORT_COMMAND, { format, linkBase: path.dirname(file.fsPath) })) ?? '';
}

async function showReport(context: vscode.ExtensionContext, scanned: boolean): Promise<vscode.Uri> {
  // The report covers what the server has linted: the whole workspace once scanned.
  if (!scanned) await vscode.commands.executeCommand(SCAN_COMMAND);
  const file = vscode.Uri.joinPath(context.globalStorageUri, 'precedent-report.md');
  await vscode.workspace.fs.createDirectory(context.globalStorageUri);
  await vscode.workspace.fs.writeFile(file, Buffer.from(await buildReport('markdown', file)));
  await vscode.commands.executeCommand('markdown.showPreview', file);
  return file;
}

/** Writes the report as Markdown and HTML side by side; returns both files. */
async function exportReport(target?: vscode.Uri): Promise<vscode.Uri[] | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  target ??= await vscode.window.showSaveDialog({
    defaultUri: folder && vscode.Uri.joinPath(folder, 'precedent-report.md'),
    filters: { Markdown: ['md'] },
    title: 'Export Precedent report (an .html copy is written next to it)',
  });
  if (!target) return undefined;
  const html = target.with({ path: target.path.replace(/(\.md)?$/, '.html') });
  await vscode.workspace.fs.writeFile(target, Buffer.from(await buildReport('markdown', target)));
  await vscode.workspace.fs.writeFile(html, Buffer.from(await buildReport('html', html)));
  void vscode.window.showInformationMessage(`Precedent report written to ${vscode.workspace.asRelativePath(target)} and ${vscode.workspace.asRelativePath(html)}.`);
  return [target, html];
}

/** Opens docs/rules/<id>.md (shipped in the .vsix) as a Markdown preview. */
async function explainRule(context: vscode.ExtensionContext, ruleId?: string): Promise<vscode.Uri | undefined> {
  const docs = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules');
  if (!ruleId) {
    const editor = vscode.window.activeTextEditor;
    const here = editor && vscode.languages.getDiagnostics(editor.document.uri).find((diagnostic) => diagnostic.source === 'precedent' && diagnostic.range.contains(editor.selection.active));
    const ids = (await vscode.workspace.fs.readDirectory(docs)).map(([name]) => name.replace(/\.md$/, '')).sort();
    const current = here && typeof here.code === 'object' ? String(here.code.value) : undefined;
    ruleId = await vscode.window.showQuickPick(current ? [current, ...ids.filter((id) => id !== current)] : ids, { placeHolder: 'Rule to explain' });
  }
  if (!ruleId) return undefined;
  const file = vscode.Uri.joinPath(docs, `${ruleId}.md`);
  await vscode.commands.executeCommand('markdown.showPreview', file);
  return file;
}

/** Run after a "disable" action: selects the inserted `reason` placeholder for typing. */
async function selectReason(uri: string, range: { start: vscode.Position; end: vscode.Position }): Promise<void> {
  const editor = vscode.window.visibleTextEditors.find((candidate) => candidate.document.uri.toString() === uri);
  if (!editor) return;
  const start = new vscode.Position(range.start.line, range.start.character);
  const end = new vscode.Position(range.end.line, range.end.character);
  editor.selection = new vscode.Selection(start, end);
  editor.revealRange(editor.selection);
  await vscode.window.showTextDocument(editor.document, editor.viewColumn);
}
