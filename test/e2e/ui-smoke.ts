// What a person sees: the packaged .vsix installed into code-server, Chromium opening examples/,
// a Precedent finding in the Problems panel with its rule code as a link to the decision, and the
// hover over the squiggle. Saves test-results/ui-smoke.png for a reviewer; exits 0 only when the
// panel showed the finding and its link.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CODE_SERVER, freePort, launchChromium, REPO, requireTooling, scratch, startServer } from './code-server';

const SCREENSHOT = join(REPO, 'test-results', 'ui-smoke.png');
const REPORT_SCREENSHOT = join(REPO, 'test-results', 'ui-report.png');

function run(command: string, args: string[], env: NodeJS.ProcessEnv): void {
  const result = spawnSync(command, args, { cwd: REPO, env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
}

async function main(): Promise<void> {
  requireTooling();
  const dirs = scratch('ui-smoke');
  const vsix = join(dirs.root, 'precedent.vsix');
  const codeServer = join(CODE_SERVER, 'out', 'node', 'entry.js');
  const userData = ['--user-data-dir', join(dirs.root, 'user-data'), '--extensions-dir', join(dirs.root, 'extensions')];
  run(join(REPO, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', vsix], dirs.env);
  run(process.execPath, [codeServer, ...userData, '--install-extension', vsix], dirs.env);
  const port = await freePort();
  const server = await startServer(
    process.execPath,
    [codeServer, ...userData, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', dirs.workspace],
    `http://127.0.0.1:${port}/healthz`,
    dirs.env,
    (line) => process.env.PRECEDENT_E2E_VERBOSE === '1' && console.log(`[code-server] ${line}`),
  );
  const browser = await launchChromium(dirs.env);
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${server.url}/?folder=${encodeURIComponent(dirs.workspace)}`);
    // Clicking in the Explorer is reliable where Quick Open raced the workbench's start-up.
    const explorer = page.locator('.explorer-folders-view');
    await explorer.getByText('public', { exact: true }).click({ timeout: 60_000 });
    await explorer.getByText('signup.html', { exact: true }).click();
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+Shift+M');
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'weak-password-policy' }).first();
    await row.waitFor({ timeout: 60_000 });
    const link = row.locator('a', { hasText: 'weak-password-policy' });
    const href = (await link.getAttribute('href')) ?? (await link.getAttribute('data-href')) ?? (await link.getAttribute('title'));
    console.log(`Problems panel: ${(await row.innerText()).replace(/\s+/g, ' ')}`);
    console.log(`rule code link: ${href}`);
    if (!href?.startsWith('https://')) throw new Error(`the rule code is not a link to its decision: ${href}`);
    // The hover over the squiggle (decorations ignore pointer events: move the mouse there).
    const squiggle = await page.locator('.squiggly-error').first().boundingBox();
    if (squiggle) {
      await page.mouse.move(squiggle.x + squiggle.width / 2, squiggle.y + squiggle.height / 2);
      await page.locator('.monaco-hover', { hasText: 'Why it matters' }).first().waitFor({ timeout: 15_000 });
    }
    mkdirSync(join(REPO, 'test-results'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    console.log(`screenshot: ${SCREENSHOT}`);
    // The status-bar item counts the findings; clicking it opens the report as a Markdown preview.
    await page.mouse.move(0, 0);
    const status = page.locator('.statusbar-item', { hasText: 'Precedent: ' }).first();
    console.log(`status bar: ${(await status.innerText()).trim()}`);
    await status.click();
    await page.locator('.tab', { hasText: 'precedent-report.md' }).first().waitFor({ timeout: 30_000 });
    await page.frameLocator('iframe.webview').frameLocator('iframe').getByText('Findings per rule').waitFor({ timeout: 30_000 });
    await page.screenshot({ path: REPORT_SCREENSHOT });
    console.log(`report screenshot: ${REPORT_SCREENSHOT}`);
  } finally {
    await browser.close();
    server.stop();
    dirs.dispose();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
