// Runs the extension-host suite (test/e2e/suite) inside code-server's real VS Code extension
// host, headless: VS Code's server with the smoke-test driver, Chromium loading the workbench with
// the extension under development and the suite as `extensionTestsPath`. The suite's exit code
// comes back through `codeAutomationExit` and becomes this process's exit code.
import { join } from 'node:path';
import { CODE_SERVER, freePort, launchChromium, REPO, requireTooling, scratch, startServer } from './code-server';

const SUITE = join(REPO, 'out', 'e2e', 'suite', 'index.js');
const TIMEOUT_MS = 180_000;

async function main(): Promise<number> {
  requireTooling();
  const dirs = scratch('ext-host');
  const port = await freePort();
  const verbose = process.env.PRECEDENT_E2E_VERBOSE === '1';
  const server = await startServer(
    process.execPath,
    [
      join(CODE_SERVER, 'lib', 'vscode', 'out', 'server-main.js'),
      ...['--host', '127.0.0.1', '--port', String(port), '--without-connection-token', '--accept-server-license-terms'],
      // Without the smoke-test driver the workbench ignores the test payload below.
      ...['--enable-smoke-test-driver', '--disable-workspace-trust'],
      ...['--user-data-dir', join(dirs.root, 'user-data'), '--server-data-dir', join(dirs.root, 'server-data'), '--extensions-dir', join(dirs.root, 'extensions')],
    ],
    `http://127.0.0.1:${port}/version`,
    dirs.env,
    (line) => verbose && console.log(`[server] ${line}`),
  );
  const browser = await launchChromium(dirs.env);
  try {
    const page = await browser.newPage();
    const exitCode = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
      setTimeout(() => {
        console.log(`extension-host suite timed out after ${TIMEOUT_MS / 1000} s`);
        resolve(1);
      }, TIMEOUT_MS).unref();
    });
    await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
      const text = args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' ');
      // The suite's own output; the workbench's chatter only with PRECEDENT_E2E_VERBOSE=1.
      if (verbose || /^\s*(✓|✗|\d+ passed)|extension-host test/.test(text)) console.log(text);
    });
    const remote = (path: string) => `vscode-remote://127.0.0.1:${port}${path}`;
    const payload = [
      ['extensionDevelopmentPath', remote(REPO)],
      ['extensionTestsPath', remote(SUITE)],
      ['skipWelcome', 'true'],
    ];
    await page.goto(`${server.url}/?folder=${encodeURIComponent(dirs.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    const code = await exitCode;
    console.log(`extension-host suite in code-server exited with ${code}`);
    return code;
  } finally {
    await browser.close();
    server.stop();
    dirs.dispose();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
