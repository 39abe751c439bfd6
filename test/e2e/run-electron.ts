// Runs the same extension-host suite in VS Code desktop through @vscode/test-electron, for machines
// that can download VS Code (this one cannot: test/e2e/run-code-server.ts runs it here and in CI).
// `node out/e2e/run-electron.js` after `npm run test:e2e:build`.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const repo = resolve(__dirname, '..', '..');
  const workspace = join(mkdtempSync(join(tmpdir(), 'precedent-electron-')), 'examples');
  cpSync(join(repo, 'examples'), workspace, { recursive: true });
  await runTests({
    version: '1.100.3',
    extensionDevelopmentPath: repo,
    extensionTestsPath: join(repo, 'out', 'e2e', 'suite', 'index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome'],
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
