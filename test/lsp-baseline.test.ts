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
    const text = `// moved down\n${ACCEPTED}export const register = z.object({ password: z.string().min(4) });\n`;
    const severities = () => session!.diagnostics.get(uri)?.diagnostics.map((diagnostic) => [diagnostic.range.start.line, diagnostic.severity]);
    /** Waits for a publication with these [line, severity] pairs (a settings change re-lints open files). */
    const published = (expected: number[][]) => session!.until(() => JSON.stringify(severities()) === JSON.stringify(expected));
    await session.open(uri, 'typescript', text);
    await published([
      [1, 3],
      [2, 1],
    ]);
    const change = async (settings: Record<string, unknown>) => {
      session!.settings = settings;
      await session!.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    };
    await change({ baseline: { mode: 'off' } });
    await published([
      [1, 1],
      [2, 1],
    ]);
    await change({ baseline: { mode: 'hide' } });
    await published([[2, 1]]);
    // A baseline file that does not exist hides nothing.
    await change({ baseline: { mode: 'hide', file: 'missing.json' } });
    await published([
      [1, 1],
      [2, 1],
    ]);
  });
});
