// The language server over stdio, as any LSP editor drives it: diagnostics with their decision
// link, hover, quick fix, and the workspace scan with progress.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

  it('answers a hover with the rule, the advice and the decisions table', async () => {
    const diagnostic = session.diagnostics.get(uri)!.diagnostics[0];
    const hover = (await session.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: diagnostic.range.start })) as {
      contents: { kind: string; value: string };
    };
    expect(hover.contents.kind).toBe('markdown');
    expect(hover.contents.value).toContain('weak-password-policy');
    expect(hover.contents.value).toContain('SAN-2020-018');
    expect(hover.contents.value).toContain('| Authority | Reference | Date | Entity | Fine | Source |');
    expect(hover.contents.value).toContain('€800,000'); // Discord
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
});
