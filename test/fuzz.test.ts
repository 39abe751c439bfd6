// Seeded fuzzing (issue 12): the rule fixtures, mutated (random bytes, truncations, repeated
// slices, deep nesting, mixed line endings), through the engine and the CLI; random and malformed
// LSP messages through the server. Fixed seed and bounded counts: the same few seconds every run.
// Asserted: nothing throws or crashes, no file takes over its budget, no rule or engine fails
// internally, and the server still answers a hover afterwards.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { globSync } from 'tinyglobby';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../server/src/cli';
import { lintText } from '../server/src/engine/lint';
import { LspSession } from './helpers/lsp-client';
import { tempProject } from './helpers/temp-project';

const SEED = 0x5eed12;
const MUTANTS = 160;
const LSP_MESSAGES = 100;
/**
 * CPU time per file (not wall-clock: CI machines are shared): far above a normal lint
 * (milliseconds), far below the hangs this guards against (seconds to minutes).
 */
const BUDGET_MS = 1_500;

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1_000;
};

/** mulberry32: a small, fast, seedable generator. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIXTURES = globSync('test/fixtures/**/*', { cwd: join(__dirname, '..') })
  .sort()
  .map((path) => ({ path, text: readFileSync(join(__dirname, '..', path), 'utf8') }));

const NESTINGS = [['[', ']'], ['{', '}'], ['(', ')'], ['<div>', '</div>'], ['<%= ', ' %>'], ['{{', '}}'], ['"""', ''], ['(?=', ''], ['- ', ''], ['\\', '']];
const SNIPPETS = ['\u0000', '\uFEFF', '🔐', '\u2028', '\r', '\r\n', '\n', '`', "'", '"', '/*', '*/', '<!--', '-->', '<script>', '</script>', 'precedent-disable-file all', 'password', 'minlength="', '.min(', 'gtag(', 'export function a(', '__proto__'];

function mutate(text: string, next: () => number): string {
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
  const at = () => Math.floor(next() * (text.length + 1));
  switch (Math.floor(next() * 6)) {
    case 0: {
      const bytes = Array.from({ length: 1 + Math.floor(next() * 40) }, () => String.fromCharCode(Math.floor(next() * 0x3000)));
      const position = at();
      return text.slice(0, position) + bytes.join('') + text.slice(position);
    }
    case 1:
      return text.slice(0, at());
    case 2: {
      const start = at();
      const slice = text.slice(start, start + Math.floor(next() * 200));
      return text.slice(0, start) + slice.repeat(2 + Math.floor(next() * 200)) + text.slice(start);
    }
    case 3: {
      const [open, close] = pick(NESTINGS);
      const depth = 100 + Math.floor(next() * 5_000);
      const position = at();
      return text.slice(0, position) + open.repeat(depth) + close.repeat(next() < 0.5 ? depth : 0) + text.slice(position);
    }
    case 4:
      return text.replace(/\r?\n/g, () => pick(['\n', '\r', '\r\n', '\n\r', '\u2028']));
    default: {
      const position = at();
      return text.slice(0, position) + pick(SNIPPETS).repeat(1 + Math.floor(next() * 3_000)) + text.slice(position);
    }
  }
}

function mutants(seed: number) {
  const next = random(seed);
  return Array.from({ length: MUTANTS }, () => {
    const fixture = FIXTURES[Math.floor(next() * FIXTURES.length)];
    let text = fixture.text;
    for (let rounds = 1 + Math.floor(next() * 3); rounds > 0; rounds--) text = mutate(text, next);
    return { path: fixture.path.replace(/^test\/fixtures\//, ''), text };
  });
}

describe('seeded fuzzing', () => {
  it('engine: every mutant lints within its budget, with no internal or rule failure', { timeout: 90_000 }, () => {
    const failures: string[] = [];
    // Loads the parsers once, so that no mutant pays for it.
    for (const fixture of FIXTURES.slice(0, 5)) lintText(fixture.text, fixture.path);
    for (const [index, { path, text }] of mutants(SEED).entries()) {
      const started = cpuMs();
      const result = lintText(text, path);
      const elapsed = cpuMs() - started;
      if (elapsed > BUDGET_MS) failures.push(`#${index} ${path}: ${Math.round(elapsed)} ms`);
      for (const error of result.errors.filter((entry) => entry.kind === 'internal' || entry.kind === 'rule')) failures.push(`#${index} ${path}: ${error.message}`);
    }
    expect(failures).toEqual([]);
  });

  it('CLI: a project of mutants is scanned and reported, in every format', { timeout: 60_000 }, async () => {
    const files = Object.fromEntries(mutants(SEED + 1).slice(0, 60).map(({ path, text }, index) => [`m${index}/${path}`, text]));
    const root = tempProject(files, 'precedent-fuzz-');
    for (const format of ['json', 'sarif', 'markdown', 'html']) {
      let output = '';
      const errors: string[] = [];
      const code = await runCli(['.', '--format', format, '--threads', '0'], { cwd: root, stdout: (text) => (output += text), stderr: (text) => errors.push(text), isTty: false });
      expect([0, 1, 2]).toContain(code);
      expect(errors.filter((line) => /internal error/i.test(line))).toEqual([]);
      expect(output.length).toBeGreaterThan(0);
      if (format === 'json' || format === 'sarif') JSON.parse(output);
    }
  });

  describe('language server', () => {
    const root = tempProject({ 'src/anchor.ts': "export const s = z.object({ password: z.string().min(6) });\n" });
    let session: LspSession | undefined;
    afterAll(async () => session?.stop());

    it('survives random and malformed messages, then still answers a hover', { timeout: 90_000 }, async () => {
      session = await LspSession.start(root);
      const next = random(SEED + 2);
      const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
      const texts = mutants(SEED + 3);
      const uris = [pathToFileURL(join(root, 'src', 'f.ts')).href, pathToFileURL(join(root, 'page.html')).href, 'file://host/share/x.ts', 'untitled:Untitled-1', `${pathToFileURL(root).href}/a%2Fb.js`, 'not a uri', 42, null];
      const junk = () => pick<unknown>([null, 42, 'x', [], {}, { line: -1 }, { line: 1e12, character: 1e12 }, { uri: pick(uris) }, true]);
      const position = () => (next() < 0.7 ? { line: Math.floor(next() * 50), character: Math.floor(next() * 80) } : junk());
      const document = () => ({ uri: pick(uris), languageId: pick(['typescript', 'html', 42]), version: Math.floor(next() * 10), text: next() < 0.9 ? pick(texts).text : junk() });
      for (let message = 0; message < LSP_MESSAGES; message++) {
        const textDocument = { uri: pick(uris) };
        switch (Math.floor(next() * 8)) {
          case 0:
            await session.connection.sendNotification('textDocument/didOpen', { textDocument: document() });
            break;
          case 1:
            await session.connection.sendNotification('textDocument/didChange', { textDocument: { ...textDocument, version: Math.floor(next() * 100) }, contentChanges: [next() < 0.5 ? { text: pick(texts).text } : { range: { start: position(), end: position() }, text: 'x' }] });
            break;
          case 2:
            await session.connection.sendRequest('textDocument/hover', { textDocument, position: position() }).catch(() => undefined);
            break;
          case 3:
            await session.connection.sendRequest('textDocument/codeAction', { textDocument, range: { start: position(), end: position() }, context: { diagnostics: next() < 0.5 ? [] : [{ range: { start: position(), end: position() }, source: 'precedent', data: junk() }] } }).catch(() => undefined);
            break;
          case 4:
            await session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pick(uris), type: pick([1, 2, 3, 7]) }] });
            break;
          case 5:
            await session.connection.sendNotification('textDocument/didClose', { textDocument });
            break;
          case 6:
            await session.connection.sendRequest('workspace/executeCommand', { command: pick(['precedent.buildReport', 'precedent.openDecision', 'unknown']), arguments: [junk()] }).catch(() => undefined);
            break;
          default:
            await session.connection.sendNotification(pick(['workspace/didChangeConfiguration', 'workspace/didChangeWorkspaceFolders', '$/cancelRequest', 'textDocument/didSave']), junk());
        }
      }
      const uri = pathToFileURL(join(root, 'src', 'anchor.ts')).href;
      await session.open(uri, 'typescript', readFileSync(join(root, 'src', 'anchor.ts'), 'utf8'));
      const published = await session.until(() => session!.diagnostics.get(uri));
      const hover = (await session.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: published.diagnostics[0].range.start })) as { contents: { value: string } } | null;
      expect(hover?.contents.value).toContain('weak-password-policy');
      expect(session.logs.filter((line) => line.startsWith('internal error'))).toEqual([]);
    });
  });
});
