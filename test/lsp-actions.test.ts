// Code actions over stdio: suppression comments in each file's own syntax that the engine then
// honours, "open decision" through window/showDocument, fix-all limited to safe fixes, and the
// audit report built from what the server knows.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../server/src/engine/types';
import { lintText } from '../server/src/engine/lint';
import { codeActionsFor, commentSyntax, fixAllAction } from '../server/src/lsp/actions';
import { toDiagnostic } from '../server/src/lsp/convert';
import { LspSession } from './helpers/lsp-client';

const root = mkdtempSync(join(tmpdir(), 'precedent-actions-'));
let session: LspSession;

beforeAll(async () => {
  writeFileSync(join(root, 'scanned.ts'), 'export const s = { password: z.string().min(4) };\n');
  mkdirSync(join(root, 'excluded'));
  writeFileSync(join(root, 'excluded', 'hidden.ts'), 'export const s = { password: z.string().min(4) };\n');
  session = await LspSession.start(root);
});

afterAll(async () => {
  await session?.stop();
});

async function openWithFinding(name: string, languageId: string, text: string): Promise<{ uri: string; diagnostic: Diagnostic }> {
  const uri = pathToFileURL(join(root, name)).href;
  await session.open(uri, languageId, text);
  const published = await session.until(() => (session.diagnostics.get(uri)?.diagnostics.length ?? 0) > 0 && session.diagnostics.get(uri));
  return { uri, diagnostic: published.diagnostics[0] };
}

async function actionsFor(uri: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
  return (await session.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } })) as CodeAction[];
}

/** Applies an action's edit, types a reason over the selected placeholder and sends the result. */
async function applyAndType(uri: string, languageId: string, text: string, action: CodeAction, reason: string): Promise<string> {
  const edits = action.edit!.changes![uri] as TextEdit[];
  const edited = TextDocument.applyEdits(TextDocument.create(uri, languageId, 1, text), edits);
  const [, placeholder] = action.command!.arguments as [string, { start: { line: number; character: number }; end: { line: number; character: number } }];
  const after = TextDocument.create(uri, languageId, 2, edited);
  expect(after.getText(placeholder)).toBe('reason');
  const typed = `${edited.slice(0, after.offsetAt(placeholder.start))}${reason}${edited.slice(after.offsetAt(placeholder.end))}`;
  await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: typed }] });
  return typed;
}

describe('disable actions', () => {
  it('inserts an indented // directive above a TS line, selects the reason, and silences the finding', async () => {
    const text = 'export const schema = z.object({\n    password: z.string().min(6),\n});\n';
    const { uri, diagnostic } = await openWithFinding('line.ts', 'typescript', text);
    const action = (await actionsFor(uri, diagnostic)).find((candidate) => candidate.title === 'Disable weak-password-policy for this line')!;
    expect(action.kind).toBe('quickfix');
    expect(action.command?.command).toBe('precedent.selectReason');
    const typed = await applyAndType(uri, 'typescript', text, action, 'legacy import, fixed in JIRA-12');
    expect(typed.split('\n')[1]).toBe('    // precedent-disable-next-line weak-password-policy -- legacy import, fixed in JIRA-12');
    const published = await session.until(() => session.diagnostics.get(uri)?.version === 2 && session.diagnostics.get(uri));
    expect(published.diagnostics).toEqual([]);
  });

  it('uses <!-- --> in HTML markup and a file directive at the top', async () => {
    const text = '<form>\n  <input type="password" name="password" minlength="6">\n</form>\n';
    const { uri, diagnostic } = await openWithFinding('signup.html', 'html', text);
    const actions = await actionsFor(uri, diagnostic);
    const line = actions.find((candidate) => candidate.title === 'Disable weak-password-policy for this line')!;
    expect((line.edit!.changes![uri] as TextEdit[])[0].newText).toBe('  <!-- precedent-disable-next-line weak-password-policy -- reason -->\n');
    const file = actions.find((candidate) => candidate.title === 'Disable weak-password-policy for the entire file')!;
    await applyAndType(uri, 'html', text, file, 'kiosk demo page');
    const published = await session.until(() => session.diagnostics.get(uri)?.version === 2 && session.diagnostics.get(uri));
    expect(published.diagnostics).toEqual([]);
  });

  it('puts the file directive of an HTML page after its <!doctype>', async () => {
    const text = '<!DOCTYPE html>\n<html>\n<input type="password" minlength="5">\n</html>\n';
    const { uri, diagnostic } = await openWithFinding('doctype.html', 'html', text);
    const file = (await actionsFor(uri, diagnostic)).find((candidate) => candidate.title === 'Disable weak-password-policy for the entire file')!;
    const edited = TextDocument.applyEdits(TextDocument.create(uri, 'html', 1, text), file.edit!.changes![uri] as TextEdit[]);
    expect(edited.split('\n').slice(0, 2)).toEqual(['<!DOCTYPE html>', '<!-- precedent-disable-file weak-password-policy -- reason -->']);
    expect((file.command!.arguments as [string, { start: { line: number } }])[1].start.line).toBe(1);
  });

  it('picks the comment syntax of the place: JSX children, inline scripts, YAML, JSON vs JSONC', () => {
    const jsx = 'export const Form = () => (\n  <form>\n    <input minLength={4} />\n  </form>\n);\n';
    expect(commentSyntax('Form.jsx', jsx, jsx.indexOf('<input'), 2)?.open).toBe('{/* ');
    expect(commentSyntax('Form.jsx', jsx, jsx.indexOf('<form'), 1)?.open).toBe('// ');
    const html = '<p>x</p>\n<script>\nconst min = 4;\n</script>\n';
    expect(commentSyntax('page.html', html, html.indexOf('const'), 2)?.open).toBe('// ');
    expect(commentSyntax('page.html', html, 0, 0)?.open).toBe('<!-- ');
    expect(commentSyntax('config/auth.yaml', 'a: 1\n', 0, 0)?.open).toBe('# ');
    expect(commentSyntax('.env', 'A=1\n', 0, 0)?.open).toBe('# ');
    expect(commentSyntax('package.json', '{}', 0, 0)).toBeUndefined();
    expect(commentSyntax('tsconfig.json', '{}', 0, 0)?.open).toBe('// ');
  });
});

describe('other actions and commands', () => {
  it('opens the primary decision in the browser through window/showDocument, and lists every decision for a picker', async () => {
    const { uri, diagnostic } = await openWithFinding('decision.ts', 'typescript', 'const s = { password: z.string().min(5) };\n');
    const open = (await actionsFor(uri, diagnostic)).find((candidate) => candidate.title.startsWith('Open decision for weak-password-policy'))!;
    const [, choices] = open.command!.arguments as [string, { citation: string; url: string; fine: string }[]];
    expect(choices.length).toBeGreaterThan(1);
    expect(open.title).toBe(`Open decision for weak-password-policy… (${choices.length})`);
    expect(choices[0].url).toBe(diagnostic.codeDescription!.href);
    expect(choices.map((choice) => choice.citation)).toContain('CNIL SAN-2020-018 (NESTOR SAS, 2020-12-08)');
    await session.connection.sendRequest('workspace/executeCommand', open.command);
    expect(session.shownDocuments).toContainEqual({ uri: diagnostic.codeDescription!.href, external: true });
  });

  it('offers source.fixAll.precedent with safe fixes only (the length fix is not safe)', async () => {
    const { uri, diagnostic } = await openWithFinding('fixall.ts', 'typescript', 'const s = { password: z.string().min(5) };\n');
    const quickFix = (await actionsFor(uri, diagnostic)).find((candidate) => candidate.title.includes('12'))!;
    expect(quickFix.isPreferred).toBe(false);
    const fixAll = await session.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.precedent'] },
    });
    expect(fixAll).toEqual([]);
  });

  it('builds the audit report with scanned files, links into the code and suppression reasons', async () => {
    await session.connection.sendRequest('workspace/executeCommand', { command: 'precedent.scanWorkspace', arguments: [{ exclude: ['**/excluded/**'] }] });
    const markdown = (await session.connection.sendRequest('workspace/executeCommand', { command: 'precedent.buildReport', arguments: [{ format: 'markdown' }] })) as string;
    expect(markdown).toContain('## Executive summary');
    expect(markdown).toContain(`[scanned.ts:1:45](<${pathToFileURL(join(root, 'scanned.ts')).href}#L1>)`);
    expect(markdown).toContain('| legacy import, fixed in JIRA-12 |');
    expect(markdown).toContain('| kiosk demo page |');
    expect(markdown).not.toContain('excluded/');
    const html = (await session.connection.sendRequest('workspace/executeCommand', { command: 'precedent.buildReport', arguments: [{ format: 'html', linkBase: join(root, 'excluded') }] })) as string;
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<a href="../scanned.ts#L1">scanned.ts:1:45</a>');
    expect(html).toContain('<td>kiosk demo page</td>');
  });

  it('re-lints a scanned file changed on disk when the client reports it (file watcher)', async () => {
    const scanned = pathToFileURL(join(root, 'scanned.ts')).href;
    await session.until(() => (session.diagnostics.get(scanned)?.diagnostics.length ?? 0) > 0);
    writeFileSync(join(root, 'scanned.ts'), 'export const s = { password: z.string().min(16).regex(/[A-Z]/).regex(/[0-9]/) };\n');
    await session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: scanned, type: 2 }] });
    await session.until(() => session.diagnostics.get(scanned)?.diagnostics.length === 0);
  });
});

describe('rescans', () => {
  it('clears the diagnostics of files a later scan excludes', async () => {
    const hidden = pathToFileURL(join(root, 'excluded', 'hidden.ts')).href;
    await session.connection.sendRequest('workspace/executeCommand', { command: 'precedent.scanWorkspace', arguments: [] });
    await session.until(() => (session.diagnostics.get(hidden)?.diagnostics.length ?? 0) > 0);
    await session.connection.sendRequest('workspace/executeCommand', { command: 'precedent.scanWorkspace', arguments: [{ exclude: ['excluded', 'excluded/**'] }] });
    await session.until(() => session.diagnostics.get(hidden)?.diagnostics.length === 0);
  });
});

describe('fix all', () => {
  const finding = (start: number, end: number, safe: boolean): Finding => ({
    ruleId: 'weak-password-policy',
    family: 'password-policy',
    severity: 'error',
    message: '',
    range: { start: { line: 0, character: start }, end: { line: 0, character: end } },
    offsets: { start, end },
    decisions: [],
    fingerprint: `${start}:0`,
    fixes: [{ title: 'fix', safe, edits: [{ range: { start: { line: 0, character: start }, end: { line: 0, character: end } }, offsets: { start, end }, newText: `${start}` }] }],
  });

  it('applies safe fixes only, and never two that overlap', () => {
    const action = fixAllAction('file:///a.ts', [finding(0, 4, true), finding(2, 6, true), finding(10, 12, false), finding(20, 22, true)]);
    expect(action?.kind).toBe('source.fixAll.precedent');
    expect(action?.edit?.changes?.['file:///a.ts'].map((edit) => edit.newText)).toEqual(['0', '20']);
    expect(fixAllAction('file:///a.ts', [finding(10, 12, false)])).toBeUndefined();
  });
});

describe('what the disable actions insert is what the engine honours', () => {
  const cases: [string, string][] = [
    ['signup.ts', 'export const s = z.object({\n  password: z.string().min(4),\n});\n'],
    ['Form.jsx', 'export const Form = () => (\n  <form>\n    <input type="password" minLength={4} />\n  </form>\n);\n'],
    ['page.html', '<body>\n  <script>\n    const s = z.object({ password: z.string().min(4) });\n  </script>\n</body>\n'],
    ['Signup.vue', '<template>\n  <form>\n    <input type="password" minlength="4">\n  </form>\n</template>\n'],
    ['auth.yaml', 'auth:\n  password:\n    minLength: 4\n'],
    ['windows.ts', 'export const s = z.object({\r\n  password: z.string().min(4),\r\n});\r\n'],
  ];

  it.each(cases)('%s: line and file directives parse, silence the finding and keep the reason', (path, text) => {
    const [finding] = lintText(text, path).findings;
    expect(finding?.ruleId).toBe('weak-password-policy');
    const document = TextDocument.create(`file:///${path}`, 'plaintext', 1, text);
    const disables = codeActionsFor(document, path, [toDiagnostic(finding)]).filter((candidate) => candidate.title.startsWith('Disable'));
    expect(disables).toHaveLength(2);
    for (const action of disables) {
      const edited = TextDocument.applyEdits(document, action.edit!.changes![document.uri]).replace(' -- reason', ' -- checked by legal');
      const result = lintText(edited, path);
      expect(result.errors, `${action.title}:\n${edited}`).toEqual([]);
      expect(result.findings).toEqual([]);
      expect(result.suppressed.map((entry) => entry.suppression.reason)).toEqual(['checked by legal']);
      expect(edited.split(/\r?\n/).length - 1, 'one line ending per line').toBe(edited.split(text.includes('\r\n') ? '\r\n' : '\n').length - 1);
    }
  });
});
