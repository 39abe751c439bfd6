// --changed-since and --staged: the files git reports changed, plus the files whose cross-file
// findings depend on them, in a throwaway git repository. Pre-commit's file arguments.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProjectFact } from '../rules/api';
import { factDependents } from '../server/src/engine/fact-dependents';
import type { LintResult } from '../server/src/engine/types';
import { runCli } from './helpers/cli';
import { CROSS_FILE_PROJECT } from './helpers/cross-file-project';
import { tempProject } from './helpers/temp-project';

function repository(): string {
  const root = tempProject(CROSS_FILE_PROJECT, 'precedent-git-');
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'init');
  return root;
}

const scannedFindings = (stdout: string) => JSON.parse(stdout).findings.map((finding: { path: string; ruleId: string }) => `${finding.path} ${finding.ruleId}`);
const scannedFiles = (stdout: string) => JSON.parse(stdout).summary.files;

describe('--changed-since / --staged', () => {
  it('scans only changed and untracked files, with the facts of the rest of the project', () => {
    const root = repository();
    const unchanged = runCli(['--changed-since', 'HEAD', '--format', 'json'], root);
    expect(unchanged.code).toBe(0);
    expect(scannedFiles(unchanged.stdout)).toBe(0);
    writeFileSync(join(root, 'src/routes/documents.js'), `${CROSS_FILE_PROJECT['src/routes/documents.js']}// touched\n`);
    writeFileSync(join(root, 'src/new.ts'), "export const pin = z.object({ password: z.string().min(4) });\n");
    const { code, stdout } = runCli(['--changed-since', 'main', '--format', 'json'], root);
    expect(code).toBe(1);
    expect(scannedFiles(stdout)).toBe(2);
    // documents.js is still known to be mounted behind auth by app.js, which was not changed.
    expect(scannedFindings(stdout)).toEqual(['src/new.ts weak-password-policy', 'src/routes/documents.js download-without-ownership-check']);
  });

  it('adds the files whose cross-file findings depend on a changed file', () => {
    const root = repository();
    writeFileSync(join(root, 'src/app.js'), CROSS_FILE_PROJECT['src/app.js'].replace('ensureAuthenticated, ', ''));
    const { stdout } = runCli(['--changed-since', 'HEAD', '--format', 'json'], root);
    expect(JSON.parse(stdout).summary.files).toBe(3);
    // The mount lost its authentication: documents.js, not changed itself, now needs it.
    expect(scannedFindings(stdout)).toEqual(['src/routes/documents.js download-without-auth', 'src/routes/invoices.js download-without-auth']);
  });

  it('--staged scans the index, not unstaged edits', () => {
    const root = repository();
    writeFileSync(join(root, 'src/util.ts'), "export const s = z.object({ password: z.string().min(5) });\n");
    writeFileSync(join(root, 'src/models.js'), "exports.s = z.object({ password: z.string().min(3) });\n");
    execFileSync('git', ['add', 'src/util.ts'], { cwd: root });
    const { stdout } = runCli(['--staged', '--format', 'json'], root);
    expect(scannedFindings(stdout)).toEqual(['src/util.ts weak-password-policy']);
  });

  it('says clearly when the ref is unknown, the folder is no repository or git is missing', () => {
    const root = repository();
    expect(runCli(['--changed-since', 'origin/nope'], root)).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown git revision "origin/nope"') });
    expect(runCli(['--changed-since', '--format'], root).code).toBe(2);
    const plain = tempProject({ 'a.ts': 'export {};\n' }, 'precedent-nogit-');
    expect(runCli(['--staged'], plain)).toMatchObject({ code: 2, stderr: expect.stringContaining('is not inside a git repository') });
    expect(runCli(['--staged'], root, { ...process.env, PATH: '/nonexistent' })).toMatchObject({ code: 2, stderr: expect.stringContaining('git is not installed or not on the PATH') });
  });
});

describe('file arguments (pre-commit passes the staged files)', () => {
  it('reports only the named files, settled with the facts of the whole project', () => {
    const root = tempProject(CROSS_FILE_PROJECT, 'precedent-files-');
    const { code, stdout } = runCli(['src/routes/documents.js', 'src/util.ts', '--format', 'json'], root);
    expect(code).toBe(1);
    expect(scannedFiles(stdout)).toBe(2);
    expect(scannedFindings(stdout)).toEqual(['src/routes/documents.js download-without-ownership-check']);
  });
});

describe('factDependents', () => {
  const result = (path: string, facts: ProjectFact[] = [], conditional = false): LintResult => ({
    path,
    findings: [],
    suppressed: [],
    suppressions: [],
    errors: [],
    parsed: true,
    facts,
    ...(conditional ? { deferred: [{ when: { fact: 'global-auth', module: path, holds: true } } as LintResult['findings'][number]] } : {}),
  });

  it('follows mounts and routes transitively, folder mounts to the modules under them, global guards to conditional findings', () => {
    const results = [
      result('src/app.js', [{ kind: 'mount', module: 'src/routes', behindAuth: true }, { kind: 'mount', module: 'src/api', behindAuth: true, folder: true }]),
      result('src/routes/index.js', [{ kind: 'route', module: 'src/controllers/docs', export: 'download' }]),
      result('src/controllers/docs.js', [], true),
      result('src/api/users.js'),
      result('src/api/v2/files.js'),
      result('src/guard.ts', [{ kind: 'global-auth' }]),
      result('src/other.js', [], true),
      result('src/unrelated.js'),
    ];
    expect(factDependents(['src/app.js'], results)).toEqual(['src/api/users.js', 'src/api/v2/files.js', 'src/routes/index.js']);
    // A route's finding is settled from its controller: a changed controller concerns the files routing to it.
    expect(factDependents(['src/controllers/docs.js'], results)).toEqual(['src/routes/index.js']);
    expect(factDependents(['src/guard.ts'], results)).toEqual(['src/controllers/docs.js', 'src/other.js', 'src/routes/index.js']);
    expect(factDependents(['src/unrelated.js'], results)).toEqual([]);
  });
});
