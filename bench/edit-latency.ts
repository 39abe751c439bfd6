// The language server's answer time while someone types in a ~60 KB TSX file: keystrokes sent
// as incremental didChange notifications, timed until publishDiagnostics for that version.
// The keystrokes go where people type: inside a statement in the middle of the file, at its end,
// in JSX text and in a template string — not only appends, which leave the rest of the tree as it was.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspSession } from '../test/helpers/lsp-client';

/** Where each kind of keystroke lands: after the first occurrence of its marker. */
const EDIT_SITES = {
  'middle of a statement': 'let typedCounter',
  'end of the file': '// typed at the end',
  'JSX text': '<span>Typed in JSX',
  'template string': '`Typed in a template',
} as const;
type EditKind = keyof typeof EDIT_SITES;

/** A ~60 KB TSX file with a password schema, so every edit goes through parse and rules; the edit sites sit in its middle and at its end. */
function largeTsx(): string {
  const lines = ["import React from 'react';", "import { z } from 'zod';", "export const schema = z.object({ password: z.string().min(6) });"];
  for (let i = 0; lines.join('\n').length < 60_000; i++) {
    lines.push(`export function Row${i}({ value }: { value: string }) {`, `  return <div className="row-${i}" title={value}>{value.toUpperCase()}</div>;`, '}');
    if (i === 200) {
      lines.push('export function Typing({ value }: { value: string }) {', `  ${EDIT_SITES['middle of a statement']} = value.length;`);
      lines.push(`  const note = ${EDIT_SITES['template string']} ${'${value}'}\`;`, `  return <p title={note}>${EDIT_SITES['JSX text']}</span> {typedCounter}</p>;`, '}');
    }
  }
  return `${lines.join('\n')}\n${EDIT_SITES['end of the file']}\n`;
}

/** Line and UTF-16 character of an offset, as LSP positions count. */
function positionOf(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export interface EditLatency {
  p50: number;
  p95: number;
  edits: number;
  bytes: number;
  /** p95 per kind of edit site. */
  p95ByKind: Record<EditKind, number>;
  /** The first keystroke after opening the file, apart: it also compiles the incremental parser's code (JIT). */
  firstMs: number;
}

export async function editLatency(editsPerKind = 15): Promise<EditLatency> {
  const root = mkdtempSync(join(tmpdir(), 'precedent-bench-lsp-'));
  const session = await LspSession.start(root);
  const uri = pathToFileURL(join(root, 'Large.tsx')).href;
  let text = largeTsx();
  await session.open(uri, 'typescriptreact', text, 1);
  await session.until(() => session.diagnostics.get(uri)?.version === 1);
  const kinds = Object.keys(EDIT_SITES) as EditKind[];
  const byKind = new Map<EditKind, number[]>(kinds.map((kind) => [kind, []]));
  let version = 1;
  let firstMs: number | undefined;
  for (let round = 0; round < editsPerKind; round++) {
    for (const kind of kinds) {
      version++;
      const marker = EDIT_SITES[kind];
      // Each keystroke extends the typed word, so the next one lands after it.
      const offset = text.indexOf(marker) + marker.length + round;
      const position = positionOf(text, offset);
      text = `${text.slice(0, offset)}x${text.slice(offset)}`;
      const start = performance.now();
      await session.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: position, end: position }, text: 'x' }],
      });
      const expected = version;
      await session.until(() => session.diagnostics.get(uri)?.version === expected, 10_000);
      const elapsed = performance.now() - start;
      if (firstMs === undefined) firstMs = elapsed;
      else byKind.get(kind)!.push(elapsed);
      // Spaced like typing after a pause: past the server's burst debounce, so each edit is linted.
      await new Promise((wait) => setTimeout(wait, 200));
    }
  }
  await session.stop();
  rmSync(root, { recursive: true, force: true });
  const all = [...byKind.values()].flat();
  const p95ByKind = Object.fromEntries(kinds.map((kind) => [kind, Number(percentile(byKind.get(kind)!, 95).toFixed(1))])) as Record<EditKind, number>;
  return { p50: percentile(all, 50), p95: percentile(all, 95), edits: all.length, bytes: text.length, p95ByKind, firstMs: firstMs ?? 0 };
}
