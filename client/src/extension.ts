// The VS Code side: starts the bundled language server and shows its results. No linting here:
// the commands below ask the server (scan, report, findings, rules) or open files shipped in the
// .vsix (rule docs).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from 'vscode-languageclient/node';
import type { DecisionSummary } from '../../server/src/lsp/decision-summary';
import type { FindingEntry } from '../../server/src/lsp/findings';
import { openDecision } from './decisions';
import { explainRule, prefetchRules } from './explain';
import { FINDINGS_COMMAND, FindingsViews } from './findings-view';
import { exportReport, OPEN_LOCATION_COMMAND, openLocation, showReport } from './report-view';
import { SCAN_COMMAND, type ScanSummary, scanWithProgress } from './scan';

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
// Server command (server/src/lsp/actions.ts) the client answers itself, with a picker.
const OPEN_DECISION_COMMAND = 'precedent.openDecision';
/** Workspace state: the last session scanned the workspace, so the server restores that scan at startup. */
const SCANNED_STATE = 'precedent.workspaceScanned';

let client: LanguageClient | undefined;

/** What the extension-host tests reach through `vscode.extensions.getExtension(…).exports`. */
export interface PrecedentApi {
  views: FindingsViews;
}

export async function activate(context: vscode.ExtensionContext): Promise<PrecedentApi> {
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
  /** A scan ran (here or, restored, in the last session): later `files.exclude` changes redo it. */
  let scanned = context.workspaceState.get<boolean>(SCANNED_STATE, false);
  const updateStatus = () => {
    let count = 0;
    for (const [, diagnostics] of vscode.languages.getDiagnostics()) count += diagnostics.filter((diagnostic) => diagnostic.source === 'precedent').length;
    status.text = `${scanning ? '$(sync~spin)' : '$(law)'} Precedent: ${count}`;
    status.tooltip = `${scanning ? 'Scanning the workspace… ' : ''}${count} privacy finding${count === 1 ? '' : 's'} citing enforcement decisions — click for the report`;
    status.show();
  };

  const scan = async (): Promise<ScanSummary | undefined> => {
    scanning = true;
    scanned = true;
    updateStatus();
    try {
      const summary = await scanWithProgress(client!, excludedGlobs());
      if (summary) announce(summary, output);
      if (summary && !summary.cancelled) await context.workspaceState.update(SCANNED_STATE, true);
      return summary;
    } finally {
      scanning = false;
      updateStatus();
    }
  };

  const clientOptions: LanguageClientOptions = {
    // Where the server keeps its scan cache (.precedent-cache), per workspace; whether to restore the last scan from it.
    initializationOptions: { storagePath: context.storageUri?.fsPath, restoreScan: scanned },
    documentSelector: [...DOCUMENT_SELECTOR, { scheme: 'file', pattern: '**/*.{tf,hcl,env}' }, { scheme: 'file', pattern: '**/.env*' }],
    synchronize: {
      fileEvents: [vscode.workspace.createFileSystemWatcher('**/.precedent.json'), vscode.workspace.createFileSystemWatcher(SUPPORTED_FILES)],
      configurationSection: 'precedent',
    },
    outputChannel: output,
    middleware: {
      // The scan runs on the server; the client adds `files.exclude`, the notification and the summary.
      // Open Decision offers a picker when a finding cites several decisions.
      executeCommand: async (command, args, next) => {
        if (command === SCAN_COMMAND) return scan();
        if (command === OPEN_DECISION_COMMAND) return openDecision(String(args[0]), args[1] as DecisionSummary[] | undefined);
        return next(command, args);
      },
    },
  };
  client = new LanguageClient('precedent', 'Precedent', serverOptions, clientOptions);
  const views = new FindingsViews(() => vscode.commands.executeCommand<FindingEntry[]>(FINDINGS_COMMAND));

  updateStatus();
  context.subscriptions.push(
    output,
    status,
    views,
    vscode.languages.onDidChangeDiagnostics(() => {
      updateStatus();
      views.scheduleRefresh();
    }),
    vscode.commands.registerCommand('precedent.showOutput', () => output.show()),
    vscode.commands.registerCommand('precedent.showReport', async () => {
      // The report covers what the server has linted: the whole workspace once scanned.
      if (!scanned) await vscode.commands.executeCommand(SCAN_COMMAND);
      return showReport();
    }),
    vscode.commands.registerCommand('precedent.exportReport', (target?: vscode.Uri) => exportReport(target)),
    vscode.commands.registerCommand('precedent.explainRule', (ruleId?: string) => explainRule(context, ruleId)),
    vscode.commands.registerCommand('precedent.selectReason', selectReason),
    vscode.commands.registerCommand(OPEN_LOCATION_COMMAND, openLocation),
    vscode.commands.registerCommand('precedent.filterSeverity', (choice?: ('error' | 'warning' | 'info')[]) => views.pickSeverities(choice)),
    vscode.commands.registerCommand('precedent.showSuppressed', () => views.setShowSuppressed(true)),
    vscode.commands.registerCommand('precedent.hideSuppressed', () => views.setShowSuppressed(false)),
    vscode.commands.registerCommand('precedent.refreshView', () => views.refresh()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('files.exclude') && scanned) void vscode.commands.executeCommand(SCAN_COMMAND);
    }),
  );
  // precedent.scanWorkspace, precedent.openDecision, precedent.buildReport, precedent.findings and
  // precedent.rules are registered by the language client from the server's executeCommandProvider.
  await client.start();
  context.subscriptions.push(client);
  prefetchRules();
  if (scanOnStartup()) void vscode.commands.executeCommand(SCAN_COMMAND);
  return { views };
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
