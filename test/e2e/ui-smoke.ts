// What a person sees: the packaged .vsix installed into code-server, Chromium opening examples/
// (plus generated clean modules, so a workspace scan lasts long enough to be seen). Each step
// prints what it found and saves a screenshot under test-results/ for a reviewer:
//   ui-hover.png     the hover over a finding: rule, documentation link, one line per decision
//   ui-progress.png  the workspace scan's notification with its Cancel button
//   ui-view.png      the Precedent view in the activity bar, by family → rule → file, and by decision
//   ui-report.png    the report's first screen: executive summary and chart
//   ui-reload.png    after a reload: Problems and status bar restored from the last scan, no rescan
// Exits 0 only when every step saw what it expects.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CODE_SERVER, freePort, launchChromium, type Page, REPO, requireTooling, scratch, startServer } from './code-server';

const RESULTS = join(REPO, 'test-results');
const screenshot = async (page: Page, name: string) => {
  const path = join(RESULTS, name);
  await page.screenshot({ path });
  console.log(`screenshot: ${path}`);
};

function run(command: string, args: string[], env: NodeJS.ProcessEnv): void {
  const result = spawnSync(command, args, { cwd: REPO, env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
}

/** Modules with a strong password policy and nothing to report: the scan parses them all. */
function addCleanModules(workspace: string, count: number): void {
  mkdirSync(join(workspace, 'lib', 'forms'), { recursive: true });
  const helpers = Array.from({ length: 150 }, (_, index) => `export function helper${index}(value: string): string { return value.trim() + '${index}'; }`);
  for (let index = 0; index < count; index++) {
    const schema = `export const schema${index} = z.object({ password: z.string().min(16).regex(/[A-Z]/).regex(/[0-9]/).regex(/[^A-Za-z0-9]/) });`;
    writeFileSync(join(workspace, 'lib', 'forms', `form-${index}.ts`), [`import { z } from 'zod';`, schema, ...helpers, ''].join('\n'));
  }
}

async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').first().waitFor({ timeout: 10_000 });
  await page.keyboard.type(title);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
}

/** The Precedent sentence of a notification (its text also holds the source and the buttons). */
function messageOf(notification: string): string {
  return notification.split('\n').find((line) => line.startsWith('Precedent')) ?? notification;
}

async function statusCount(page: Page): Promise<string> {
  return (await page.locator('.statusbar-item', { hasText: 'Precedent: ' }).first().innerText()).trim();
}

async function main(): Promise<void> {
  requireTooling();
  const dirs = scratch('ui-smoke');
  addCleanModules(dirs.workspace, 1000);
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
  mkdirSync(RESULTS, { recursive: true });
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

    // The hover over the squiggle (decorations ignore pointer events: move the mouse there), with
    // the panel closed so the hover has the editor's height.
    await page.keyboard.press('Control+J');
    const squiggle = await page.locator('.squiggly-error').first().boundingBox();
    if (!squiggle) throw new Error('no error squiggle in signup.html');
    await page.mouse.move(squiggle.x + squiggle.width / 2, squiggle.y + squiggle.height / 2);
    const hover = page.locator('.monaco-hover', { hasText: 'Rule documentation' }).first();
    await hover.waitFor({ timeout: 15_000 });
    const hoverText = await hover.innerText();
    const decisionLines = hoverText.split('\n').filter((line) => /^CNIL · /.test(line.trim()));
    console.log(`hover: ${decisionLines.length} decision lines; "Found:" ${hoverText.includes('Found:') ? 'present' : 'absent'}`);
    if (decisionLines.length === 0 || hoverText.includes('Found:')) throw new Error(`unexpected hover:\n${hoverText}`);
    await screenshot(page, 'ui-hover.png');
    await page.mouse.move(0, 0);

    // A workspace scan: a notification with a progress bar and Cancel; cancel it, then scan to the end.
    await runCommand(page, 'Precedent: Scan Workspace');
    const progress = page.locator('.notification-toast', { hasText: 'Precedent: scanning the workspace' }).first();
    await progress.waitFor({ timeout: 15_000 });
    const cancel = progress.locator('.monaco-button', { hasText: 'Cancel' }).first();
    await cancel.waitFor({ timeout: 5_000 });
    // Let the toast finish sliding in before the screenshot.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await screenshot(page, 'ui-progress.png');
    await cancel.click();
    const cancelled = page.locator('.notification-toast', { hasText: 'Precedent scan cancelled after' }).first();
    await cancelled.waitFor({ timeout: 30_000 });
    console.log(`cancelled: ${messageOf(await cancelled.innerText())}`);
    await runCommand(page, 'Precedent: Scan Workspace');
    const done = page.locator('.notification-toast', { hasText: 'Precedent scanned' }).first();
    await done.waitFor({ timeout: 120_000 });
    console.log(`scan: ${messageOf(await done.innerText())}`);

    // The Precedent view: its own activity-bar container, findings by family → rule → file, and by decision.
    // The count badge covers part of the icon and takes the pointer events: click through it.
    const activity = page.locator('.activitybar .action-item a[aria-label^="Precedent"]').first();
    console.log(`activity bar: ${await activity.getAttribute('aria-label')}`);
    await activity.click({ force: true });
    const familyRow = page.locator('.pane-body .monaco-list-row', { hasText: 'password-policy' }).first();
    await familyRow.waitFor({ timeout: 15_000 });
    await page.locator('.pane-body .monaco-list-row', { hasText: 'src/routes/account.js' }).first().waitFor({ timeout: 15_000 });
    console.log(`view: ${await familyRow.locator('.label-name').first().innerText()} ${await familyRow.locator('.label-description').first().innerText()}`);
    await screenshot(page, 'ui-view.png');
    // A click on a finding opens its file.
    const findingRow = page.locator('.pane-body .monaco-list-row', { hasText: 'Password minimum length 4' }).first();
    await findingRow.click();
    await page.locator('.tab.active', { hasText: 'account.js' }).first().waitFor({ timeout: 15_000 });
    console.log('view click: account.js opened');

    // The status-bar item counts the findings; clicking it opens the report in a webview.
    const before = await statusCount(page);
    console.log(`status bar: ${before}`);
    await page.locator('.statusbar-item', { hasText: 'Precedent: ' }).first().click();
    const report = page.frameLocator('iframe.webview').frameLocator('iframe');
    await report.getByText('Executive summary').first().waitFor({ timeout: 30_000 });
    await report.getByText('Findings per family and severity').first().waitFor({ timeout: 5_000 });
    await screenshot(page, 'ui-report.png');

    // A reload starts a new extension host: the last scan comes back from the cache, not from a rescan.
    await page.reload();
    await page.locator('.statusbar-item', { hasText: before }).first().waitFor({ timeout: 60_000 });
    await page.locator('.pane-body .monaco-list-row', { hasText: 'password-policy' }).first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('Control+Shift+M');
    // A file never opened in an editor: only the restored scan knows its findings.
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'passwords.js' }).first().waitFor({ timeout: 30_000 });
    const rescans = await page.locator('.notification-toast', { hasText: 'Precedent scanned' }).count();
    console.log(`after reload: ${await statusCount(page)}, notifications of a scan: ${rescans}`);
    if (rescans > 0) throw new Error('the reload rescanned the workspace');
    await screenshot(page, 'ui-reload.png');
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
