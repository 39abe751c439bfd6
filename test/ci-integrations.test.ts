// The integrations, each run on a fixture project: the composite GitHub Action's scan step, the
// pre-commit hook definition, and the package installed from its packed tarball.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fileKind } from '../server/src/engine/languages';
import { CLI, runCli } from './helpers/cli';
import { validateSarif } from './helpers/sarif';
import { tempProject } from './helpers/temp-project';

const REPO = join(__dirname, '..');
const WEAK = "export const signup = z.object({ password: z.string().min(6) });\n";
const MEDIUM = "export const signup = z.object({ password: z.string().min(10) });\n";

// Code scanning's documented limits for one SARIF upload ("SARIF results exceed limit",
// docs.github.com): runs per file, results per run, rules per run, locations per result, tags per rule.
const CODE_SCANNING_LIMITS = { runs: 20, resultsPerRun: 25_000, rulesPerRun: 25_000, locationsPerResult: 1_000, tagsPerRule: 20 };

interface Step {
  id?: string;
  name?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
}
const action = parse(readFileSync(join(REPO, 'action.yml'), 'utf8')) as { inputs: Record<string, { default: string }>; runs: { using: string; steps: Step[] } };

/** Runs the action's scan step as the runner would: inputs as environment variables, in the workspace. */
function runActionScan(workspace: string, inputs: Record<string, string>) {
  const step = action.runs.steps.find((candidate) => candidate.id === 'scan')!;
  const values = Object.fromEntries(Object.entries(action.inputs).map(([name, input]) => [name, inputs[name] ?? input.default]));
  const env: Record<string, string> = { PRECEDENT_CLI: CLI, RUNNER_TEMP: mkdtempSync(join(tmpdir(), 'precedent-runner-')) };
  for (const [name, expression] of Object.entries(step.env ?? {})) {
    const input = /^\$\{\{ inputs\.([\w-]+) \}\}$/.exec(expression);
    if (input) env[name] = values[input[1]];
  }
  const output = join(env.RUNNER_TEMP, 'output');
  writeFileSync(output, '');
  const result = spawnSync('bash', ['-e', '-c', step.run!], { cwd: workspace, encoding: 'utf8', env: { ...process.env, ...env, GITHUB_OUTPUT: output } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, outputs: readFileSync(output, 'utf8') };
}

describe('GitHub Action (action.yml)', () => {
  it('is a composite action whose inputs reach the scan step only through the environment', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['paths', 'baseline', 'fail-level', 'sarif-file']));
    for (const step of action.runs.steps) expect(step.run ?? '').not.toContain('${{');
  });

  it('writes SARIF within code scanning limits, annotates, and fails only at the fail level', () => {
    const workspace = tempProject({ 'src/signup.ts': MEDIUM, 'src/other.ts': 'export {};\n' }, 'precedent-action-');
    const warningsOnly = runActionScan(workspace, {});
    expect(warningsOnly.code).toBe(0);
    expect(warningsOnly.outputs).toBe('sarif-file=precedent.sarif\n');
    expect(warningsOnly.stdout).toMatch(/^::warning file=src\/signup\.ts,line=1,/m);
    const sarif = JSON.parse(readFileSync(join(workspace, 'precedent.sarif'), 'utf8'));
    expect(validateSarif(sarif), JSON.stringify(validateSarif.errors)).toBe(true);
    expect(sarif.runs.length).toBeLessThanOrEqual(CODE_SCANNING_LIMITS.runs);
    for (const run of sarif.runs) {
      expect(run.results.length).toBeLessThanOrEqual(CODE_SCANNING_LIMITS.resultsPerRun);
      expect(run.tool.driver.rules.length).toBeLessThanOrEqual(CODE_SCANNING_LIMITS.rulesPerRun);
      for (const rule of run.tool.driver.rules) expect(rule.properties.tags.length).toBeLessThanOrEqual(CODE_SCANNING_LIMITS.tagsPerRule);
      for (const result of run.results) expect(result.locations.length).toBeLessThanOrEqual(CODE_SCANNING_LIMITS.locationsPerResult);
    }
    expect(sarif.runs[0].results.map((result: { ruleId: string }) => result.ruleId)).toEqual(['weak-password-policy']);
    expect(runActionScan(workspace, { 'fail-level': 'warning', annotations: 'false' })).toMatchObject({ code: 1, stdout: '' });
  });

  it('honours a baseline and a custom SARIF path', () => {
    const workspace = tempProject({ 'src/signup.ts': WEAK }, 'precedent-action-');
    expect(runCli(['--write-baseline'], workspace).code).toBe(0);
    writeFileSync(join(workspace, 'src/login.ts'), WEAK.replace('signup', 'register'));
    const run = runActionScan(workspace, { baseline: '.precedent-baseline.json', 'sarif-file': 'custom.sarif' });
    expect(run.code).toBe(1);
    expect(run.stdout.trim().split('\n')).toEqual([expect.stringMatching(/^::error file=src\/login\.ts,/)]);
    expect(run.outputs).toBe('sarif-file=custom.sarif\n');
    const states = JSON.parse(readFileSync(join(workspace, 'custom.sarif'), 'utf8')).runs[0].results.map((result: { baselineState: string }) => result.baselineState);
    expect(states.sort()).toEqual(['new', 'unchanged']);
  });
});

describe('pre-commit hook (.pre-commit-hooks.yaml)', () => {
  const [hook] = parse(readFileSync(join(REPO, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; entry: string; language: string; files: string; pass_filenames?: boolean }[];

  it('selects exactly the file types the CLI lints', () => {
    const files = new RegExp(hook.files);
    const names = ['a.js', 'a.mjs', 'b.tsx', 'c.vue', 'd.svelte', 'e.html', 'f.json', 'g.yml', 'h.toml', 'i.tf', '.env', 'config/.env.production', 'j.md', 'k.py', 'l.css', 'm.lock', 'n.png'];
    for (const name of names) expect(files.test(name), name).toBe(fileKind(name) !== undefined);
    expect(hook).toMatchObject({ id: 'precedent', entry: 'precedent', language: 'node' });
    expect(hook.pass_filenames).not.toBe(false);
  });

  it('runs on the staged files pre-commit passes, and fails the commit on a finding', () => {
    const root = tempProject({ 'src/ok.ts': 'export {};\n', 'README.md': '# x\n' }, 'precedent-precommit-');
    const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' });
    git('init', '-q');
    writeFileSync(join(root, 'src/signup.ts'), WEAK);
    git('add', 'src/signup.ts', 'README.md');
    const files = new RegExp(hook.files);
    const staged = git('diff', '--cached', '--name-only').trim().split('\n').filter((name) => files.test(name));
    expect(staged).toEqual(['src/signup.ts']);
    const { code, stdout } = runCli(staged, root);
    expect(code).toBe(1);
    expect(stdout).toContain('src/signup.ts');
    expect(stdout).toContain('1 files scanned');
  });
});

describe('packed tarball', () => {
  it('installs offline into an empty folder (no runtime dependency: the bundles are self-contained) and runs with npx', () => {
    const packed = mkdtempSync(join(tmpdir(), 'precedent-pack-'));
    // dist/ is built by `npm test`; prepack would build it again.
    execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', packed], { cwd: REPO, encoding: 'utf8' });
    const [tarball] = readdirSync(packed).filter((name) => name.endsWith('.tgz'));
    const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
    expect(manifest.dependencies ?? {}).toEqual({});
    const consumer = mkdtempSync(join(tmpdir(), 'precedent-consumer-'));
    writeFileSync(join(consumer, 'package.json'), '{ "name": "consumer", "private": true }\n');
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', join(packed, tarball)], { cwd: consumer, encoding: 'utf8' });
    const project = tempProject({ 'src/signup.ts': WEAK }, 'precedent-packed-project-');
    const run = spawnSync('npx', ['--offline', '--prefix', consumer, 'precedent', project, '--format', 'json'], { cwd: consumer, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.tool).toEqual({ name: 'precedent', version: manifest.version });
    expect(report.findings.map((finding: { ruleId: string; path: string }) => [finding.path, finding.ruleId])).toEqual([['src/signup.ts', 'weak-password-policy']]);
  });
});
