// The baseline in the editor: findings recorded by `precedent --write-baseline` are shown as
// information or hidden (precedent.baseline.mode), new ones keep their severity.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli';
import { LspSession } from './helpers/lsp-client';
import { tempProject } from './helpers/temp-project';

const ACCEPTED = "export const signup = z.object({ password: z.string().min(6) });\n";
const root = tempProject({ 'src/signup.ts': ACCEPTED }, 'precedent-lsp-baseline-');
let session: LspSession | undefined;

afterAll(async () => {
  await session?.stop();
});

describe('precedent.baseline.mode', () => {
  it('shows baselined findings as information, hides them, or ignores the baseline', async () => {
    expect(runCli(['--write-baseline'], root).code).toBe(0);
    session = await LspSession.start(root);
    const uri = pathToFileURL(join(root, 'src/signup.ts')).href;
    // Lines shifted and a new finding added: only the new one keeps its severity.
    const text = `// moved down\n${ACCEPTED}export const login = z.object({ password: z.string().min(4) });\n`;
    const severities = async (version: number) => {
      await session!.until(() => session!.diagnostics.get(uri)?.version === version);
      return session!.diagnostics.get(uri)!.diagnostics.map((diagnostic) => [diagnostic.range.start.line, diagnostic.severity]);
    };
    await session.open(uri, 'typescript', text);
    expect(await severities(1)).toEqual([
      [1, 3],
      [2, 1],
    ]);
    const change = async (settings: Record<string, unknown>, version: number) => {
      session!.settings = settings;
      await session!.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
      // A no-op edit gives the next publication its own version to wait for.
      await session!.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
      return severities(version);
    };
    expect(await change({ baseline: { mode: 'hide' } }, 2)).toEqual([[2, 1]]);
    expect(await change({ baseline: { mode: 'off' } }, 3)).toEqual([
      [1, 1],
      [2, 1],
    ]);
    expect(await change({ baseline: { mode: 'hide', file: 'missing.json' } }, 4)).toHaveLength(2);
  });
});
