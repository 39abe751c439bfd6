// The extension in a real VS Code extension host, driven through the `vscode` API only, on a copy
// of examples/ opened as the workspace: diagnostics, hover, quick fixes, disable actions, Open
// decision, scan, report, Explain Rule, the Precedent view and the walkthrough.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { decisionUrl, getDecision } from '../../../rules/decisions';
import { ruleById } from '../../../rules/index';
import type { PrecedentApi } from '../../../client/src/extension';
import type { FindingsViews, ViewNode } from '../../../client/src/findings-view';

const RULE = 'weak-password-policy';
const EXTENSION_ID = 'precedent.precedent';

/** The extension's API (client/src/extension.ts): the Precedent view's trees. */
async function api(): Promise<FindingsViews> {
  const extension = vscode.extensions.getExtension<PrecedentApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed`);
  return (await extension.activate()).views;
}
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
    name: 'the hover shows the rule, a documentation link and one compact line per decision, without repeating the message',
    async body() {
      const { document, diagnostic } = await findingAt(workspaceFile('src/validation/signup.ts'), 'min(6');
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, diagnostic.range.start);
      const text = hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value))).join('\n');
      assert.ok(!text.includes('Found:') && !text.includes(diagnostic.message), 'the message is shown once, by the diagnostic');
      assert.match(text, new RegExp(`\\[Rule documentation\\]\\(file:[^)]+/docs/rules/${RULE}\\.md\\)`));
      const cited = Number(/ · (\d+) decisions, most relevant first:/.exec(text)?.[1]);
      const lines = text.split('\n').filter((line) => line.startsWith('- CNIL · '));
      assert.ok(cited > 1 && lines.length === Math.min(cited, 5), `${lines.length} decision lines for ${cited} decisions`);
      assert.match(text, /Decided while CNIL password recommendation (2017-012|2022-100) was in force/);
      assert.ok(lines.some((line) => line.includes(codeOf(diagnostic)!.target)), 'the diagnostic link is among the decisions');
      assert.ok(lines.every((line) => / · \d{4}-\d{2}-\d{2} · /.test(line)), 'each decision line has its date');
    },
  },
  {
    name: 'applying the quick fix raises the minimum length in the document',
    async body() {
      const { document, diagnostic } = await findingAt(workspaceFile('src/validation/signup.ts'), 'min(6');
      const fix = (await actions(document, diagnostic.range)).find((action) => action.title.includes('12') && action.edit);
      assert.ok(fix, 'a quick fix setting the minimum to 12');
      assert.ok(await vscode.workspace.applyEdit(fix.edit!));
      // The fix also updates the number the user-facing message states.
      assert.match(document.getText(), /password: z\.string\(\)\.min\(12, 'Password must have at least 12 characters'\)/);
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
    name: '"Disable for the entire file" in an HTML page goes after its <!doctype>',
    async body() {
      const uri = workspaceFile('public/index.html');
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document);
      const diagnostic = await until('a finding in index.html', () => precedentDiagnostics(uri)[0]);
      const ruleId = codeOf(diagnostic)!.value;
      const disable = (await actions(document, diagnostic.range)).find((action) => action.title === `Disable ${ruleId} for the entire file`);
      assert.ok(disable?.edit, 'the disable-file action');
      assert.ok(await vscode.workspace.applyEdit(disable.edit));
      assert.match(document.lineAt(0).text, /^<!doctype html>$/i);
      assert.equal(document.lineAt(1).text, `<!-- precedent-disable-file ${ruleId} -- reason -->`);
      await vscode.commands.executeCommand('workbench.action.files.revert');
      assert.match(document.lineAt(1).text, /^<html/);
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
      assert.match(markdown, /^# Precedent privacy report\n\n## Executive summary\n/);
      assert.match(html, /<svg [^>]*aria-label="Findings per family and severity"/);
      assert.match(html, /@media print/);
      // Links into the code are relative to the report, so Markdown previews and browsers follow them.
      assert.match(markdown, /\[src\/routes\/account\.js:\d+:\d+\]\(<src\/routes\/account\.js#L\d+>\)/);
      assert.match(markdown, /kiosk demo, removed before launch/);
      assert.match(html, /<td>kiosk demo, removed before launch<\/td>/);
    },
  },
  {
    name: 'Show Report opens the HTML report in a webview, counting the findings the Problems panel shows, with links into the code',
    async body() {
      const html = await vscode.commands.executeCommand<string>('precedent.showReport');
      const total = vscode.languages.getDiagnostics().reduce((sum, [, diagnostics]) => sum + diagnostics.filter((diagnostic) => diagnostic.source === 'precedent').length, 0);
      assert.ok(total > 0);
      assert.match(html, new RegExp(`<strong>Result:</strong> ${total} findings? — `));
      assert.match(html, /<h2>Remediation checklist<\/h2>/);
      const link = /<a href="(command:precedent\.openLocation\?[^"]+)">(src\/routes\/account\.js):(\d+):\d+<\/a>/.exec(html);
      assert.ok(link, 'a command link to a finding');
      const [uri, line] = JSON.parse(decodeURIComponent(link[1].replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))).slice('command:precedent.openLocation?'.length))) as [string, number];
      await vscode.commands.executeCommand('precedent.openLocation', uri, line);
      const editor = vscode.window.activeTextEditor!;
      assert.ok(editor.document.uri.path.endsWith(link[2]));
      assert.equal(editor.selection.active.line, Number(link[3]) - 1);
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
  {
    name: 'Explain Rule without an argument preselects the rule of the finding under the cursor',
    async body() {
      const { diagnostic } = await findingAt(workspaceFile('src/routes/account.js'), 'MIN_PASSWORD_LENGTH)');
      const editor = vscode.window.activeTextEditor!;
      editor.selection = new vscode.Selection(diagnostic.range.start, diagnostic.range.start);
      const started = Date.now();
      const explained = vscode.commands.executeCommand<vscode.Uri>('precedent.explainRule');
      await new Promise((resolve) => setTimeout(resolve, 300));
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      const file = await explained;
      assert.ok(file?.path.endsWith(`/docs/rules/${RULE}.md`), `explained ${file?.path}`);
      assert.ok(Date.now() - started < 3_000, 'the picker opens fast');
    },
  },
  {
    name: 'the Precedent view groups findings by family, rule and file with counts, and by decision once each',
    async body() {
      const views = await api();
      await views.refresh();
      const families = views.families.getChildren();
      const total = views.shown().length;
      assert.ok(total > 0);
      assert.equal(families.reduce((sum, node) => sum + Number(node.description), 0), total);
      const password = families.find((node) => node.label === 'password-policy');
      const rule = password?.children?.find((node) => node.description?.startsWith(`${RULE} · `));
      assert.ok(rule && rule.label === ruleById(RULE)!.meta.title, 'the rule node carries its title');
      const file = rule.children?.find((node) => node.label === 'src/routes/account.js');
      assert.ok(file?.children?.[0]?.finding, 'family → rule → file → finding');
      const decisions = views.decisions.getChildren();
      const listed = decisions.flatMap((node) => node.children ?? []);
      assert.equal(listed.length, total, 'each finding once under the decision view');
      for (const node of decisions) assert.ok(node.children!.every((child) => child.finding!.decisions[0].citation === node.label));
    },
  },
  {
    name: 'a click on a finding in the view reveals it; filters hide severities and show suppressed findings with their reason',
    async body() {
      const views = await api();
      await views.refresh();
      const leaf = (function first(nodes: ViewNode[]): ViewNode | undefined {
        for (const node of nodes) {
          const found = node.finding ? node : first(node.children ?? []);
          if (found) return found;
        }
        return undefined;
      })(views.families.getChildren())!;
      const item = views.families.getTreeItem(leaf);
      await vscode.commands.executeCommand(item.command!.command, ...(item.command!.arguments ?? []));
      const editor = vscode.window.activeTextEditor!;
      assert.equal(editor.document.uri.toString(), vscode.Uri.parse(leaf.finding!.uri).toString());
      assert.equal(editor.selection.start.line, leaf.finding!.range.start.line);

      await vscode.commands.executeCommand('precedent.filterSeverity', ['error']);
      assert.ok(views.shown().length > 0 && views.shown().every((finding) => finding.severity === 'error'));
      await vscode.commands.executeCommand('precedent.filterSeverity', ['error', 'warning', 'info']);
      assert.ok(!views.shown().some((finding) => finding.suppressed));
      await vscode.commands.executeCommand('precedent.showSuppressed');
      const suppressed = views.shown().find((finding) => finding.suppressed);
      assert.equal(suppressed?.suppressed?.reason, 'kiosk demo, removed before launch');
      await vscode.commands.executeCommand('precedent.hideSuppressed');
    },
  },
  {
    name: 'the walkthrough has its four steps with their media shipped',
    async body() {
      const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
      const [walkthrough] = extension.packageJSON.contributes.walkthroughs as { id: string; steps: { id: string; media: { markdown: string } }[] }[];
      assert.deepEqual(walkthrough.steps.map((step) => step.id), ['scan', 'read', 'fix', 'export']);
      for (const step of walkthrough.steps) await vscode.workspace.fs.stat(vscode.Uri.joinPath(extension.extensionUri, step.media.markdown));
      await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXTENSION_ID}#${walkthrough.id}`, false);
    },
  },
  {
    // Last: opening a web page asks the user to confirm in a dialog the suite leaves open.
    name: 'Open decision offers a picker of every decision the finding cites and opens the chosen one',
    async body() {
      const { document, diagnostic } = await findingAt(workspaceFile('src/routes/account.js'), 'MIN_PASSWORD_LENGTH)');
      const open = (await actions(document, diagnostic.range)).find((action) => action.title.startsWith(`Open decision for ${RULE}…`));
      assert.ok(open?.command, 'the open-decision action');
      const [, choices] = open.command.arguments as [string, { url: string }[]];
      const opened = vscode.commands.executeCommand<string>(open.command.command, ...(open.command.arguments ?? []));
      await new Promise((resolve) => setTimeout(resolve, 500));
      await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      assert.equal(await opened, choices[1].url);
    },
  },
];
