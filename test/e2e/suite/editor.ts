// The extension in a real VS Code extension host, driven through the `vscode` API only, on a copy
// of examples/ opened as the workspace: diagnostics, hover, quick fix, disable action, scan.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { decisionUrl, getDecision } from '../../../rules/decisions';
import { ruleById } from '../../../rules/index';

const RULE = 'weak-password-policy';
/** The pages of the rule's decisions: a finding links the most relevant one. */
const DECISION_URLS = ruleById(RULE)!.meta.decisions.map((id) => decisionUrl(getDecision(id)!));

function workspaceFile(path: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite runs with examples/ opened as the workspace');
  return vscode.Uri.joinPath(folder.uri, path);
}

async function until<T>(what: string, probe: () => T | undefined | false, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function precedentDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'precedent');
}

function codeOf(diagnostic: vscode.Diagnostic): { value: string; target: string } | undefined {
  const code = diagnostic.code;
  return typeof code === 'object' ? { value: String(code.value), target: code.target.toString(true) } : undefined;
}

async function findingAt(uri: vscode.Uri, needle: string): Promise<{ document: vscode.TextDocument; diagnostic: vscode.Diagnostic }> {
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  const offset = document.getText().indexOf(needle);
  assert.ok(offset >= 0, `${needle} in ${uri.path}`);
  const position = document.positionAt(offset);
  const diagnostic = await until(`a ${RULE} diagnostic on line ${position.line + 1} of ${uri.path}`, () =>
    precedentDiagnostics(uri).find((candidate) => codeOf(candidate)?.value === RULE && candidate.range.start.line === position.line),
  );
  return { document, diagnostic };
}

async function actions(document: vscode.TextDocument, range: vscode.Range): Promise<vscode.CodeAction[]> {
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, range, vscode.CodeActionKind.QuickFix.value)) ?? [];
}

export const tests: { name: string; body: () => Promise<void> }[] = [
  {
    name: 'diagnostics carry the rule code, the decision link and the exact range',
    async body() {
      const { document, diagnostic } = await findingAt(workspaceFile('src/validation/signup.ts'), 'min(6');
      assert.equal(codeOf(diagnostic)?.value, RULE);
      assert.ok(DECISION_URLS.includes(codeOf(diagnostic)?.target), `decision link ${codeOf(diagnostic)?.target}`);
      assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
      assert.equal(document.getText(diagnostic.range), '6');
      assert.match(diagnostic.message, /minimum length 6/);
    },
  },
  {
    name: 'the hover shows what was found, why, how to fix, and the decisions',
    async body() {
      const { document, diagnostic } = await findingAt(workspaceFile('src/validation/signup.ts'), 'min(6');
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, diagnostic.range.start);
      const text = hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value))).join('\n');
      const expectedParts = ['**Found:**', '**Why it matters:**', '**How to fix:**', '| Authority | Reference | Date | Entity | Fine | Source |', codeOf(diagnostic)!.target];
      for (const expected of expectedParts) {
        assert.ok(text.includes(expected), `hover contains ${expected}`);
      }
    },
  },
  {
    name: 'applying the quick fix raises the minimum length in the document',
    async body() {
      const { document, diagnostic } = await findingAt(workspaceFile('src/validation/signup.ts'), 'min(6');
      const fix = (await actions(document, diagnostic.range)).find((action) => action.title.includes('12') && action.edit);
      assert.ok(fix, 'a quick fix setting the minimum to 12');
      assert.ok(await vscode.workspace.applyEdit(fix.edit!));
      assert.match(document.getText(), /password: z\.string\(\)\.min\(12, 'Password must have at least 6 characters'\)/);
      await until('the fixed finding to change', () => !precedentDiagnostics(document.uri).some((candidate) => candidate.message.includes('minimum length 6')));
    },
  },
  {
    name: '"Disable for this line" inserts an HTML comment, selects the reason, and silences the finding',
    async body() {
      const { document, diagnostic } = await findingAt(workspaceFile('public/signup.html'), 'minlength="6"');
      const disable = (await actions(document, diagnostic.range)).find((action) => action.title === `Disable ${RULE} for this line`);
      assert.ok(disable?.edit && disable.command, 'the disable-line action with its follow-up command');
      assert.ok(await vscode.workspace.applyEdit(disable.edit));
      await vscode.commands.executeCommand(disable.command.command, ...(disable.command.arguments ?? []));
      const editor = vscode.window.activeTextEditor!;
      assert.equal(editor.document.getText(editor.selection), 'reason');
      assert.equal(document.lineAt(diagnostic.range.start.line).text, `    <!-- precedent-disable-next-line ${RULE} -- reason -->`);
      await editor.edit((builder) => builder.replace(editor.selection, 'kiosk demo, removed before launch'));
      await until('the finding to be suppressed', () => !precedentDiagnostics(document.uri).some((candidate) => codeOf(candidate)?.value === RULE));
    },
  },
  {
    name: 'Scan Workspace reports findings in files never opened, with a summary',
    async body() {
      const neverOpened = workspaceFile('src/routes/account.js');
      assert.ok(!vscode.workspace.textDocuments.some((document) => document.uri.toString() === neverOpened.toString()));
      const summary = await vscode.commands.executeCommand<{ files: number; findings: number; skipped: number; cancelled: boolean }>('precedent.scanWorkspace');
      assert.ok(summary && summary.files >= 3 && !summary.cancelled, `scan summary ${JSON.stringify(summary)}`);
      const diagnostic = await until('diagnostics of a never-opened file', () => precedentDiagnostics(neverOpened).find((candidate) => codeOf(candidate)?.value === RULE));
      assert.ok(DECISION_URLS.includes(codeOf(diagnostic)?.target), `decision link ${codeOf(diagnostic)?.target}`);
    },
  },
  {
    name: 'Export Report writes Markdown and HTML with the suppression reason',
    async body() {
      const target = workspaceFile('precedent-report.md');
      const written = await vscode.commands.executeCommand<vscode.Uri[]>('precedent.exportReport', target);
      assert.equal(written?.length, 2);
      const markdown = Buffer.from(await vscode.workspace.fs.readFile(written[0])).toString('utf8');
      const html = Buffer.from(await vscode.workspace.fs.readFile(written[1])).toString('utf8');
      assert.match(markdown, /## Findings per rule/);
      // Links into the code are relative to the report, so Markdown previews and browsers follow them.
      assert.match(markdown, /\[src\/routes\/account\.js:\d+:\d+\]\(<src\/routes\/account\.js#L\d+>\)/);
      assert.match(markdown, /kiosk demo, removed before launch/);
      assert.match(html, /<td>kiosk demo, removed before launch<\/td>/);
    },
  },
  {
    name: 'Show Report opens the report as a Markdown preview counting the findings the Problems panel shows',
    async body() {
      const file = await vscode.commands.executeCommand<vscode.Uri>('precedent.showReport');
      const markdown = Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8');
      const total = vscode.languages.getDiagnostics().reduce((sum, [, diagnostics]) => sum + diagnostics.filter((diagnostic) => diagnostic.source === 'precedent').length, 0);
      assert.ok(total > 0);
      assert.match(markdown, new RegExp(`^${total} findings? \\(`, 'm'));
      assert.match(markdown, /## By decision/);
      assert.match(markdown, /\[CNIL SAN-\d{4}-\d{3} \([^)]+, \d{4}-\d{2}-\d{2}\)\]\(<https:/);
    },
  },
  {
    name: 'Explain Rule opens the shipped rule documentation',
    async body() {
      const file = await vscode.commands.executeCommand<vscode.Uri>('precedent.explainRule', RULE);
      assert.ok(file?.path.endsWith(`/docs/rules/${RULE}.md`));
      const text = Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8');
      assert.match(text, new RegExp(`^# ${RULE}`));
    },
  },
];
