// The language server: LSP wiring only. Linting, config and scanning live in ./engine.
import {
  CodeActionKind,
  type CancellationToken,
  DidChangeConfigurationNotification,
  ExecuteCommandRequest,
  FileChangeType,
  type Diagnostic,
  TextDocuments,
  TextDocumentSyncKind,
  type WorkDoneProgressReporter,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { fileKind } from './engine/languages';
import type { ReusableTree } from './engine/js-adapter';
import { lintText } from './engine/lint';
import { isResolverConfig } from './engine/module-resolution';
import { resolverConfigText } from './engine/project-files';
import type { Finding, LintResult } from './engine/types';
import { lintFile, listProject } from './engine/workspace';
import { cacheVersion, ScanCache } from './engine/cache';
import type { PrecedentConfig } from './engine/config';
import { contextIn } from './engine/package-facts';
import { scanFiles } from './engine/scan';
import { codeActionsFor, FIX_ALL_KIND, fixAllAction, OPEN_DECISION_COMMAND, SELECT_REASON_COMMAND } from './lsp/actions';
import { EditorBaselines } from './lsp/baseline';
import { toDiagnostic } from './lsp/convert';
import { FINDINGS_COMMAND, findingEntries, RULES_COMMAND, ruleEntries } from './lsp/findings';
import { hoverFor } from './lsp/hover';
import { REPORT_COMMAND, workspaceReport } from './lsp/report';
import { DEFAULT_SETTINGS, type EditorSettings, editorSettings, fileUri, logs, type Project, Projects } from './lsp/projects';
import { ProjectModels } from './lsp/project-models';
import { openConnection } from './lsp/resilient-reader';
import { isCodeActionParams, isObject, isTextDocumentPosition, preview, stringList, usableFileEvents, usableFolderUris, validatedDocumentSync } from './lsp/validate';

export const SCAN_COMMAND = 'precedent.scanWorkspace';
const DEBOUNCE_MS = 150;

const connection = openConnection();
const documents = new TextDocuments(TextDocument);
const projects = new Projects();
/** Findings of every file with diagnostics published, open or scanned, for hovers and actions. */
const findingsByUri = new Map<string, Finding[]>();
/** The last lint result of each file, for the report (suppressions, skipped files). */
const resultsByUri = new Map<string, LintResult>();
const pendingLints = new Map<string, NodeJS.Timeout>();
/** When each document was last linted: the first edit after a pause lints at once. */
const lastLinted = new Map<string, number>();
/** Each open document's last tree: an edit re-parses only what it touched. */
const treesByUri = new Map<string, ReusableTree>();
let settings: EditorSettings = DEFAULT_SETTINGS;
let canPullConfiguration = false;
let workspaceScanned = false;
/** The client says the last session scanned the workspace: the startup pass publishes what it finds. */
let restoreScan = false;

/** Folder for scan caches: the client's workspace storage; without one (other editors), no cache. */
let storagePath: string | undefined;

/** A malformed message from the client is logged and ignored: the server only ends on `exit`. */
function ignored(method: string, params: unknown): void {
  connection.console.warn(`ignored ${method}: malformed parameters ${preview(params)}`);
}

// The last line of defence: a bug must cost one answer, never the editor's linter.
process.on('uncaughtException', (error) => connection.console.error(`internal error (the server keeps running): ${error.stack ?? error.message}`));
process.on('unhandledRejection', (reason) => connection.console.error(`internal error (the server keeps running): ${reason instanceof Error ? (reason.stack ?? reason.message) : preview(reason)}`));

connection.onInitialize((params) => {
  canPullConfiguration = Boolean(params.capabilities?.workspace?.configuration);
  const options = params.initializationOptions as { storagePath?: unknown; restoreScan?: unknown } | undefined;
  storagePath = typeof options?.storagePath === 'string' ? options.storagePath : undefined;
  restoreScan = options?.restoreScan === true;
  projects.setFolders(usableFolderUris(params.workspaceFolders ?? (params.rootUri ? [params.rootUri] : []), (folder) => ignored('initialize (workspace folder)', folder)));
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
      executeCommandProvider: { commands: [SCAN_COMMAND, OPEN_DECISION_COMMAND, REPORT_COMMAND, FINDINGS_COMMAND, RULES_COMMAND] },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'precedent' },
  };
});

connection.onInitialized(async () => {
  if (canPullConfiguration) {
    await connection.client.register(DidChangeConfigurationNotification.type, { section: 'precedent' });
    await refreshSettings();
  }
  connection.workspace.onDidChangeWorkspaceFolders(async () => {
    let folders: unknown;
    try {
      folders = (await connection.workspace.getWorkspaceFolders()) ?? [];
    } catch (error) {
      // A client announcing folder changes it cannot list: the folders stay as they were.
      connection.console.warn(`workspace folders unavailable from the client: ${(error as Error).message}`);
      return;
    }
    projects.setFolders(usableFolderUris(folders, (folder) => ignored('workspace folder', folder)));
    reportConfigProblems();
    relintOpenDocuments();
  });
  reportConfigProblems();
  void indexWorkspace();
});

const models = new ProjectModels({
  results: resultsByUri,
  openText: (uri) => documents.get(uri)?.getText(),
  openVersion: (uri) => documents.get(uri)?.version,
  rootOf: (uri) => projects.locate(uri).project?.root,
  keepsClosedFiles: () => workspaceScanned,
  maxFileSize: () => settings.maxFileSize,
  publish,
});

function warnOfFile(message: string): void {
  if (logs(settings, 'warning')) connection.console.warn(message);
}

/**
 * A single open file gets the workspace's answer: facts of every file are gathered at startup.
 * After a session that scanned the workspace, the results are published too: the cache answers
 * every file whose content hash is unchanged, so Problems are right again before any rescan.
 */
async function indexWorkspace(): Promise<void> {
  if (restoreScan) workspaceScanned = true;
  for (const project of projects.all()) {
    const setup = scanSetup(project);
    const { files, packageManifests } = await listProject(project.root, { ignore: project.config.ignore, onWarning: warnOfFile, listing: setup.cache });
    models.setWorkspace(project.root, files);
    await scanProject(project, files, setup, {
      prune: true,
      packageManifests,
      onResult: (result) => {
        if (!restoreScan) models.indexOf(project.root).set(result.path, result.facts, result);
        else if (!documents.get(fileUri(project.root, result.path))) publishScanned(project, result);
      },
    });
    models.complete(project.root);
  }
  models.resettle();
}

/** Settles and publishes a scanned file's result; returns it settled. */
function publishScanned(project: Project, linted: LintResult): LintResult {
  const uri = fileUri(project.root, linted.path);
  const result = models.settle(project.root, linted.path, uri, linted);
  // Files with suppressed findings only are listed too (the Precedent view shows them).
  if (result.findings.length > 0 || result.suppressed.length > 0 || findingsByUri.has(uri)) publish(uri, result.findings);
  return result;
}

interface ScanSetup {
  configs: PrecedentConfig[];
  cache?: ScanCache;
}

/**
 * What a scan of the project lints with, and the cache in the workspace storage for exactly that
 * (it keeps the project's last walk too): taken once, before the listing.
 */
function scanSetup(project: Project): ScanSetup {
  const configs = [project.config, { rules: settings.rules }];
  const file = storagePath && join(storagePath, '.precedent-cache', `${createHash('sha256').update(project.root).digest('hex').slice(0, 16)}.json`);
  return { configs, cache: file ? ScanCache.load(file, cacheVersion(configs, settings.maxFileSize)) : undefined };
}

/**
 * Lints a project's files through the shared scan pipeline: the cache answers unchanged files,
 * and the scan yields to the event loop so requests and Cancel get through.
 */
async function scanProject(
  project: Project,
  files: string[],
  { configs, cache }: ScanSetup,
  options: { prune: boolean; packageManifests?: ReadonlyMap<string, boolean>; signal?: AbortSignal; onResult: (result: LintResult) => void },
) {
  return scanFiles({ root: project.root, files, configs, maxFileSize: settings.maxFileSize, cache, ...options });
}

async function refreshSettings(): Promise<void> {
  if (!canPullConfiguration) return;
  settings = editorSettings(await connection.workspace.getConfiguration('precedent'), (key, value) => ignored(`setting precedent.${key}`, value));
}

function reportConfigProblems(): void {
  for (const project of projects.all()) {
    for (const problem of project.problems) {
      const where = problem.line ? `:${problem.line}:${problem.character}` : '';
      connection.window.showWarningMessage(`Precedent: ${problem.file}${where} ${problem.key}: ${problem.message}`);
      if (logs(settings, 'warning')) connection.console.warn(`config: ${problem.file}${where} ${problem.key}: ${problem.message}`);
    }
  }
}

function lintDocument(document: TextDocument): Finding[] {
  if (!settings.enable) return [];
  const { project, path } = projects.locate(document.uri);
  const context = project ? contextIn(project.root, path) : undefined;
  let reuse = treesByUri.get(document.uri);
  if (!reuse) treesByUri.set(document.uri, (reuse = {}));
  const linted = lintText(document.getText(), path, { configs: [project?.config, { rules: settings.rules }], maxFileSize: settings.maxFileSize, context, reuse });
  if (logs(settings, 'debug')) for (const error of linted.errors) connection.console.log(`${path}: ${error.message}`);
  if (!project) resultsByUri.set(document.uri, linted);
  return (project ? models.settle(project.root, path, document.uri, linted) : linted).findings;
}

const baselines = new EditorBaselines((message) => {
  if (logs(settings, 'warning')) connection.console.warn(`baseline: ${message}`);
});

/** Publishes a file's findings, those in the project's baseline shown as the setting asks. */
function publish(uri: string, settled: Finding[], version?: number): void {
  const { project, path } = projects.locate(uri);
  const findings = project ? baselines.apply(project.root, path, settled, settings.baseline) : settled;
  findingsByUri.set(uri, findings);
  const diagnostics: Diagnostic[] = findings.map(toDiagnostic);
  connection.sendDiagnostics({ uri, version, diagnostics });
}

/**
 * Debounce on the trailing edge only while edits come in bursts: an edit after a pause is linted
 * at once (low latency), further edits within DEBOUNCE_MS wait for the burst to settle.
 */
function scheduleLint(document: TextDocument, delay?: number): void {
  clearTimeout(pendingLints.get(document.uri));
  const sinceLast = Date.now() - (lastLinted.get(document.uri) ?? 0);
  delay ??= sinceLast > DEBOUNCE_MS ? 0 : DEBOUNCE_MS;
  pendingLints.set(
    document.uri,
    setTimeout(() => {
      pendingLints.delete(document.uri);
      const current = documents.get(document.uri);
      // A newer version arrived while waiting: its own timer publishes.
      if (!current || current.version !== document.version) return;
      lastLinted.set(current.uri, Date.now());
      publish(current.uri, lintDocument(current), current.version);
    }, delay),
  );
}

function relintOpenDocuments(): void {
  for (const document of documents.all()) scheduleLint(document, 0);
}

documents.onDidOpen((event) => scheduleLint(event.document, 0));
documents.onDidChangeContent((event) => scheduleLint(event.document));
documents.onDidClose((event) => {
  clearTimeout(pendingLints.get(event.document.uri));
  lastLinted.delete(event.document.uri);
  treesByUri.delete(event.document.uri);
  // A scanned workspace keeps closed files' findings in the Problems panel.
  if (!workspaceScanned) {
    findingsByUri.delete(event.document.uri);
    connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  }
});

connection.onDidChangeConfiguration(async () => {
  await refreshSettings();
  relintOpenDocuments();
  if (workspaceScanned) void scanWorkspace();
});

connection.onDidChangeWatchedFiles(async (params) => {
  const changes = usableFileEvents(params, (entry) => ignored('workspace/didChangeWatchedFiles', entry));
  // A config change re-lints everything; other watched files (supported sources changed outside
  // the editor) are re-linted one by one once the workspace has been scanned.
  if (changes.some((change) => change.uri.endsWith('/.precedent.json'))) {
    projects.reload();
    reportConfigProblems();
    relintOpenDocuments();
    if (workspaceScanned) void scanWorkspace();
    return;
  }
  if (!workspaceScanned) return;
  for (const change of changes) {
    if (documents.get(change.uri)) continue;
    const { project, path } = projects.locate(change.uri);
    if (!project || !fileKind(path)) continue;
    // Module resolution knows the files and configs of the last listing: tell it what moved.
    if (change.type !== FileChangeType.Changed || isResolverConfig(path)) models.indexOf(project.root).updateFile(path, change.type !== FileChangeType.Deleted, resolverConfigText(project.root, path));
    if (change.type === FileChangeType.Deleted) {
      resultsByUri.delete(change.uri);
      publish(change.uri, []);
      if (models.indexOf(project.root).remove(path)) models.resettle();
      continue;
    }
    const result = models.settle(project.root, path, change.uri, await lintFile(project.root, path, { configs: [project.config, { rules: settings.rules }], maxFileSize: settings.maxFileSize }));
    publish(change.uri, result.findings);
  }
});

connection.onHover((params) => {
  if (!isTextDocumentPosition(params)) {
    ignored('textDocument/hover', params);
    return null;
  }
  const findings = (findingsByUri.get(params.textDocument.uri) ?? []).filter((finding) => contains(finding, params.position));
  return hoverFor(findings) ?? null;
});

connection.onCodeAction((params) => {
  if (!isCodeActionParams(params)) {
    ignored('textDocument/codeAction', params);
    return [];
  }
  const document = documents.get(params.textDocument.uri);
  if (!document) return [];
  const only = params.context.only;
  if (only?.some((kind) => FIX_ALL_KIND.startsWith(kind))) {
    const fixAll = fixAllAction(document.uri, lintDocument(document));
    if (only.every((kind) => FIX_ALL_KIND.startsWith(kind))) return fixAll ? [fixAll] : [];
  }
  return codeActionsFor(document, projects.locate(document.uri).path, params.context.diagnostics);
});

function contains(finding: Finding, position: { line: number; character: number }): boolean {
  const { start, end } = finding.range;
  const afterStart = position.line > start.line || (position.line === start.line && position.character >= start.character);
  const beforeEnd = position.line < end.line || (position.line === end.line && position.character <= end.character);
  return afterStart && beforeEnd;
}

export interface ScanSummary {
  files: number;
  findings: number;
  skipped: number;
  cancelled: boolean;
}

/**
 * `exclude`: the client's `files.exclude` globs, on top of .gitignore and the config's `ignore`.
 * `control`: the progress of the request (the client shows it, with Cancel) and its cancellation;
 * without one, the server creates its own progress.
 */
async function scanWorkspace(options: { exclude?: string[] } = {}, control?: { progress: WorkDoneProgressReporter; token: CancellationToken }): Promise<ScanSummary> {
  workspaceScanned = true;
  const created = control ? undefined : await connection.window.createWorkDoneProgress();
  const progress = control?.progress ?? created!;
  const cancelled = () => Boolean(control?.token.isCancellationRequested || created?.token.isCancellationRequested);
  progress.begin('Precedent: scanning workspace', 0, 'listing files…', true);
  const summary: ScanSummary = { files: 0, findings: 0, skipped: 0, cancelled: false };
  try {
    const work = await Promise.all(
      projects.all().map(async (project) => {
        const setup = scanSetup(project);
        const ignore = [...(project.config.ignore ?? []), ...(options.exclude ?? [])];
        return { project, setup, ...(await listProject(project.root, { ignore, onWarning: warnOfFile, listing: setup.cache })) };
      }),
    );
    const total = work.reduce((sum, { files }) => sum + files.length, 0);
    // A listing the cache answers takes no I/O: give a Cancel sent with the request its turn first.
    await new Promise((resolve) => setImmediate(resolve));
    const cancel = new AbortController();
    // Cancelled while listing: nothing is linted.
    if (cancelled()) cancel.abort();
    for (const { project, setup, files, packageManifests } of work) {
      models.setWorkspace(project.root, files);
      // Open documents are linted from their buffers (an edit may still wait for its debounce),
      // the other files through the scan pipeline.
      const closed = files.filter((file) => {
        const uri = fileUri(project.root, file);
        const open = documents.get(uri);
        if (!open) return true;
        clearTimeout(pendingLints.get(uri));
        pendingLints.delete(uri);
        const findings = lintDocument(open);
        publish(uri, findings, open.version);
        summary.files++;
        summary.findings += findings.length;
        return false;
      });
      await scanProject(project, closed, setup, {
        // Cache entries of open files stay: the files are still there.
        prune: closed.length === files.length,
        packageManifests,
        signal: cancel.signal,
        onResult: (linted) => {
          const result = publishScanned(project, linted);
          for (const error of result.errors.filter((entry) => entry.kind === 'skipped')) {
            summary.skipped++;
            if (logs(settings, 'info')) connection.console.info(`skipped ${linted.path}: ${error.message}`);
          }
          summary.files++;
          summary.findings += result.findings.length;
          if (summary.files % 20 === 0 || summary.files === total) progress.report(Math.round((summary.files / Math.max(total, 1)) * 100), `${summary.files}/${total} files`);
          if (cancelled()) cancel.abort();
        },
      });
      if (cancel.signal.aborted) {
        summary.cancelled = true;
        return summary;
      }
    }
    // Files no longer listed (deleted, or now ignored or excluded) lose their diagnostics.
    const listed = new Set(work.flatMap(({ project, files }) => files.map((file) => fileUri(project.root, file))));
    for (const uri of [...findingsByUri.keys()].filter((known) => !listed.has(known) && !documents.get(known))) {
      connection.sendDiagnostics({ uri, diagnostics: [] });
      findingsByUri.delete(uri);
      resultsByUri.delete(uri);
    }
    return summary;
  } finally {
    progress.done();
    if (logs(settings, 'info')) connection.console.info(`scan: ${summary.files} files, ${summary.findings} findings, ${summary.skipped} skipped${summary.cancelled ? ' (cancelled)' : ''}`);
  }
}

// Registered as a plain request (not onExecuteCommand, which drops the client's progress token).
connection.onRequest(ExecuteCommandRequest.type, async (params, token) => {
  const argument: unknown = Array.isArray(params.arguments) ? params.arguments[0] : undefined;
  const options = isObject(argument) ? argument : {};
  if (params.command === SCAN_COMMAND) {
    // A client that sent a progress token shows the progress itself (VS Code: a notification with Cancel).
    const control = params.workDoneToken === undefined ? undefined : { progress: connection.window.attachWorkDoneProgress(params.workDoneToken), token };
    return scanWorkspace({ exclude: stringList(options.exclude) }, control);
  }
  if (params.command === FINDINGS_COMMAND) {
    const shown = new Map([...findingsByUri].filter(([uri]) => workspaceScanned || documents.get(uri)));
    return findingEntries(shown, resultsByUri);
  }
  if (params.command === RULES_COMMAND) return ruleEntries();
  if (params.command === OPEN_DECISION_COMMAND && typeof params.arguments?.[0] === 'string') {
    await connection.window.showDocument({ uri: params.arguments[0], external: true });
  }
  if (params.command === REPORT_COMMAND) {
    const text = (key: string) => (typeof options[key] === 'string' ? (options[key] as string) : undefined);
    return workspaceReport({ format: options.format === 'html' ? 'html' : 'markdown', linkBase: text('linkBase'), linkCommand: text('linkCommand') }, projects.all(), resultsByUri);
  }
  // SELECT_REASON_COMMAND is the VS Code client's; other clients may send it here: nothing to do.
  if (params.command === SELECT_REASON_COMMAND) return null;
  return undefined;
});

documents.listen(validatedDocumentSync(connection, ignored));
connection.listen();
