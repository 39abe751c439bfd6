// The language server over stdio, as any LSP editor drives it: diagnostics with their decision
// link, hover, quick fix, and the workspace scan with progress.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancellationTokenSource } from 'vscode-languageserver-protocol';
import { LspSession } from './helpers/lsp-client';

const root = mkdtempSync(join(tmpdir(), 'precedent-lsp-'));
let session: LspSession;

beforeAll(async () => {
  mkdirSync(join(root, 'src'));
  writeFileSync(join(root, 'src', 'never-opened.ts'), "export const s = { password: z.string().min(4) };\n");
  writeFileSync(join(root, 'src', 'clean.ts'), 'export const answer = 42;\n');
  session = await LspSession.start(root);
});

afterAll(async () => {
  await session?.stop();
});

describe('language server over stdio', () => {
  const uri = pathToFileURL(join(root, 'src', 'signup.ts')).href;
  // An emoji before the value: LSP characters are UTF-16 code units, so it counts as 2.
  const text = "// 🔐 signup\nconst label = '🔐'; export const schema = z.object({ password: z.string().min(6) });\n";

  it('publishes a diagnostic with code, decision link, source and a UTF-16 range', async () => {
    await session.open(uri, 'typescript', text);
    const published = await session.until(() => session.diagnostics.get(uri));
    expect(published.diagnostics).toHaveLength(1);
    const [diagnostic] = published.diagnostics;
    expect(diagnostic.code).toBe('weak-password-policy');
    expect(diagnostic.source).toBe('precedent');
    expect(diagnostic.severity).toBe(1);
    expect(diagnostic.codeDescription?.href).toBe('https://www.cnil.fr/fr/sanction-de-800-000-euros-lencontre-de-la-societe-discord-inc');
    const line = text.split('\n')[1];
    const character = line.indexOf('min(6)') + 4;
    expect(diagnostic.range).toEqual({ start: { line: 1, character }, end: { line: 1, character: character + 1 } });
    expect(diagnostic.message).toContain('minimum length 6');
  });

  it('answers a hover with the rule, its documentation link and one compact line per decision, not the message again', async () => {
    const diagnostic = session.diagnostics.get(uri)!.diagnostics[0];
    const hover = (await session.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: diagnostic.range.start })) as {
      contents: { kind: string; value: string };
    };
    expect(hover.contents.kind).toBe('markdown');
    const value = hover.contents.value;
    // VS Code shows the diagnostic's message above the hover: it is not repeated.
    expect(value).not.toContain(diagnostic.message);
    expect(value).not.toContain('Found:');
    expect(value).toMatch(/^\*\*Password policy weaker than the CNIL recommendation\*\* · `weak-password-policy` · \[Rule documentation\]\(file:\/\/\S+\/docs\/rules\/weak-password-policy\.md\)/);
    // Short enough to fit without scrolling: the advice is one click away, in the rule documentation.
    expect(value).not.toContain('How to fix');
    expect(value).toContain('- CNIL · SAN-2022-020 · 2022-11-10 · DISCORD INC. · €800,000 · [decision](https://www.cnil.fr/fr/sanction-de-800-000-euros-lencontre-de-la-societe-discord-inc)');
    expect(value).toContain('SAN-2020-018');
  });

  it('offers a quick fix that raises the minimum', async () => {
    const diagnostic = session.diagnostics.get(uri)!.diagnostics[0];
    const actions = (await session.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    })) as { title: string; kind: string; edit: { changes: Record<string, { newText: string }[]> } }[];
    const fix = actions.find((action) => action.kind === 'quickfix' && action.title.includes('12'));
    expect(fix?.edit.changes[uri]).toEqual([{ range: diagnostic.range, newText: '12' }]);
  });

  it('re-lints on change and clears fixed findings', async () => {
    const fixed = text.replace('min(6)', 'min(20).regex(/[A-Z]/)');
    await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
    const published = await session.until(() => session.diagnostics.get(uri)?.version === 2 && session.diagnostics.get(uri));
    expect(published.diagnostics).toEqual([]);
  });

  it('scans the workspace with progress and publishes files never opened', async () => {
    const summary = (await session.connection.sendRequest('workspace/executeCommand', { command: 'precedent.scanWorkspace', arguments: [] })) as {
      files: number;
      findings: number;
    };
    expect(summary.files).toBe(2);
    const neverOpened = pathToFileURL(join(root, 'src', 'never-opened.ts')).href;
    const published = await session.until(() => session.diagnostics.get(neverOpened));
    expect(published.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['weak-password-policy']);
    const kinds = session.progress.map((entry) => (entry as { value: { kind: string } }).value.kind);
    expect(kinds[0]).toBe('begin');
    expect(kinds[kinds.length - 1]).toBe('end');
  });

  it('reports the scan on the progress token the client sent and stops when the client cancels the request', async () => {
    for (let index = 0; index < 60; index++) writeFileSync(join(root, 'src', `bulk-${index}.ts`), `export const n${index} = ${index};\n`);
    const before = session.progress.length;
    const summary = (await session.connection.sendRequest('workspace/executeCommand', { command: 'precedent.scanWorkspace', arguments: [], workDoneToken: 'client-token' })) as { files: number; cancelled: boolean };
    expect(summary.cancelled).toBe(false);
    const mine = session.progress.slice(before).filter((entry) => (entry as { token: string }).token === 'client-token');
    expect(mine.map((entry) => (entry as { value: { kind: string } }).value.kind)).toEqual(['begin', ...Array(mine.length - 2).fill('report'), 'end']);
    const source = new CancellationTokenSource();
    const cancelledScan = session.connection.sendRequest('workspace/executeCommand', { command: 'precedent.scanWorkspace', arguments: [], workDoneToken: 'cancel-me' }, source.token);
    source.cancel();
    const outcome = (await cancelledScan) as { files: number; cancelled: boolean };
    expect(outcome.cancelled).toBe(true);
    expect(outcome.files).toBeLessThan(summary.files);
    expect(session.progress.filter((entry) => (entry as { token: string }).token === 'cancel-me').at(-1)).toMatchObject({ value: { kind: 'end' } });
  });
});
