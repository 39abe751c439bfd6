// The real-editor tests, run by `npm test` after `npm run test:setup` installed their tooling:
// the extension-host suite inside code-server, the UI smoke test on the packaged .vsix, and Neovim
// as a second LSP client. Missing tooling fails them: they never skip.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decisionUrl, getDecision } from '../rules/decisions';
import { ruleById } from '../rules/index';

const REPO = join(__dirname, '..');
const E2E_TIMEOUT = 300_000;
/** The examples' findings are weak-password-policy ones: their links go to one of its decisions. */
const DECISION_URLS = ruleById('weak-password-policy')!.meta.decisions.map((id) => decisionUrl(getDecision(id)!));

function node(script: string) {
  const result = spawnSync(process.execPath, [join(REPO, script)], { cwd: REPO, encoding: 'utf8', timeout: E2E_TIMEOUT });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

// The suite's test names, read from its source (it imports `vscode`, so it cannot be loaded here):
// each becomes a test of its own in the totals.
const SUITE_TESTS = [...readFileSync(join(REPO, 'test', 'e2e', 'suite', 'editor.ts'), 'utf8').matchAll(/^ {4}name: '(.+)',$/gm)].map((match) => match[1].replace(/\\'/g, "'"));
let suite: { code: number | null; output: string };

/** Runs a terminal editor with the server path, home and XDG folders in a scratch directory. */
function editor(command: string, args: string[]) {
  const home = mkdtempSync(join(tmpdir(), `precedent-${command}-`));
  const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_DATA_HOME: join(home, 'data'), XDG_STATE_HOME: join(home, 'state'), XDG_CACHE_HOME: join(home, 'cache') };
  try {
    return spawnSync(command, args, { cwd: REPO, encoding: 'utf8', timeout: 60_000, env: { ...env, PRECEDENT_SERVER: join(REPO, 'dist', 'server.js'), PRECEDENT_ROOT: join(REPO, 'examples') } });
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

beforeAll(() => {
  const build = node('scripts/e2e-build.mjs');
  expect(build.code, build.output).toBe(0);
  suite = node('out/e2e/run-code-server.js');
}, E2E_TIMEOUT);

describe('extension-host suite inside code-server\'s VS Code extension host', () => {
  it('runs every test of the suite and exits 0', () => {
    expect(SUITE_TESTS.length).toBeGreaterThanOrEqual(7);
    expect(suite.output).toContain(`\n${SUITE_TESTS.length} passed, 0 failed\n`);
    expect(suite.code, suite.output).toBe(0);
  });

  it.each(SUITE_TESTS)('%s', (name) => {
    expect(suite.output).toMatch(new RegExp(`^  ✓ ${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(\\d+ ms\\)$`, 'm'));
  });
});

describe('other real editors', () => {
  it('shows in the installed .vsix: the finding and its link, the hover, the scan notification with Cancel, the Precedent view, the report, and the scan restored after a reload', () => {
    const screenshots = ['ui-hover.png', 'ui-progress.png', 'ui-view.png', 'ui-report.png', 'ui-reload.png'].map((name) => join(REPO, 'test-results', name));
    for (const screenshot of screenshots) rmSync(screenshot, { force: true });
    const { code, output } = node('out/e2e/ui-smoke.js');
    expect(code, output).toBe(0);
    expect(DECISION_URLS).toContain(/^rule code link: (.*)$/m.exec(output)?.[1]);
    expect(output).toMatch(/^hover: [1-9]\d* decision lines; "Found:" absent$/m);
    expect(output).toMatch(/^cancelled: Precedent scan cancelled after \d+ files/m);
    expect(output).toMatch(/^view: password-policy \d+$/m);
    const count = /^status bar: Precedent: ([1-9]\d*)$/m.exec(output)?.[1];
    expect(count, output).toBeDefined();
    expect(output).toContain(`after reload: Precedent: ${count}, notifications of a scan: 0`);
    for (const screenshot of screenshots) expect(existsSync(screenshot), screenshot).toBe(true);
  }, E2E_TIMEOUT);

  it('publishes diagnostics with their codeDescription link to Neovim', () => {
    const result = editor('nvim', ['--headless', '--clean', '-c', 'luafile test/e2e/neovim/diagnostics.lua', 'examples/src/validation/signup.ts']);
    expect(result.error, 'nvim is installed by npm run test:setup').toBeUndefined();
    expect(DECISION_URLS).toContain(/^\d+:\d+ precedent \[weak-password-policy\] (https:\S+)$/m.exec(result.stdout)?.[1]);
    expect(result.status).toBe(0);
  });

  it('publishes diagnostics to Emacs through Eglot and Flymake', () => {
    const result = editor('emacs', ['--batch', '-l', 'test/e2e/emacs/diagnostics.el', 'examples/src/routes/account.js']);
    expect(result.error, 'emacs is installed by npm run test:setup').toBeUndefined();
    // Opened from the repository root, examples/ is example code: reported as information, saying why.
    expect(result.stdout).toMatch(/^\d+: eglot-note precedent \[weak-password-policy\]: \S.*this file is example code \(under examples\/\)/m);
    expect(result.status, result.stderr).toBe(0);
  });
});
