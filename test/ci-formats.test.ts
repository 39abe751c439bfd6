// CI output formats: GitHub workflow annotations and GitLab Code Quality.
import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty } from '../server/src/report/github';
import { runCli } from './helpers/cli';
import { tempProject } from './helpers/temp-project';

const WEAK = 'export const s = z.object({\n  password: z.string().min(6),\n});\n';
const MEDIUM = "// sign-up\nexport const s = z.object({ password: z.string().min(10) });\n";

describe('--format github', () => {
  it('escapes %, CR and LF in messages, and also : and , in properties', () => {
    expect(escapeData('50% done\r\nnext: a, b')).toBe('50%25 done%0D%0Anext: a, b');
    expect(escapeProperty('dir:a,b/50%\n.ts')).toBe('dir%3Aa%2Cb/50%25%0A.ts');
  });

  it('writes one annotation per finding with file, line, columns and title, paths relative to the working directory', () => {
    const root = tempProject({ 'app/src/signup, v2.ts': WEAK, 'app/src/ok.ts': 'export {};\n' }, 'precedent-github-');
    const { code, stdout } = runCli(['app', '--format', 'github'], root);
    expect(code).toBe(1);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const column = WEAK.split('\n')[1].indexOf('6') + 1;
    expect(lines[0]).toMatch(
      new RegExp(`^::error file=app/src/signup%2C v2\\.ts,line=2,col=${column},endLine=2,endColumn=${column + 1},title=Precedent weak-password-policy::Password minimum length 6 .*%0ACNIL SAN-2022-020 \\(DISCORD INC\\., 2022-11-10\\) https://www\\.cnil\\.fr/\\S+$`),
    );
    // The message itself keeps its colons (only properties escape them) and has no raw newline.
    expect(lines[0].split('::')[2]).toContain('%0ACNIL');
  });

  it('uses warning and notice for lower severities and prints nothing when clean', () => {
    const root = tempProject({ 'a.ts': MEDIUM, '.precedent.json': '{}' }, 'precedent-github-');
    const out = runCli(['--format', 'github'], root).stdout;
    expect(out).toMatch(/^::warning file=a\.ts,line=2,/);
    const info = tempProject({ 'a.ts': MEDIUM, '.precedent.json': '{ "rules": { "weak-password-policy": "info" } }' }, 'precedent-github-');
    expect(runCli(['--format', 'github'], info).stdout).toMatch(/^::notice file=a\.ts,/);
    const clean = tempProject({ 'a.ts': 'export {};\n' }, 'precedent-github-');
    expect(runCli(['--format', 'github'], clean)).toMatchObject({ code: 0, stdout: '' });
  });
});

describe('--format gitlab', () => {
  it('writes a Code Quality report: description, check_name, unique stable fingerprint, severity, location', () => {
    const files = { 'src/a.ts': WEAK, 'src/b.ts': `${WEAK}${WEAK.replace('s =', 't =')}`, 'src/c.ts': MEDIUM };
    const root = tempProject(files, 'precedent-gitlab-');
    const { code, stdout } = runCli(['--format', 'gitlab'], root);
    expect(code).toBe(1);
    const issues = JSON.parse(stdout);
    expect(issues).toHaveLength(4);
    expect(issues[0]).toEqual({
      description: expect.stringContaining('Password minimum length 6'),
      check_name: 'weak-password-policy',
      fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
      severity: 'major',
      location: { path: 'src/a.ts', lines: { begin: 2 } },
    });
    expect(issues.map((issue: { location: { path: string; lines: { begin: number } } }) => [issue.location.path, issue.location.lines.begin])).toEqual([
      ['src/a.ts', 2],
      ['src/b.ts', 2],
      ['src/b.ts', 5],
      ['src/c.ts', 2],
    ]);
    expect(issues[3].severity).toBe('minor');
    expect(new Set(issues.map((issue: { fingerprint: string }) => issue.fingerprint)).size).toBe(4);
    expect(JSON.parse(runCli(['--format', 'gitlab'], root).stdout).map((issue: { fingerprint: string }) => issue.fingerprint)).toEqual(issues.map((issue: { fingerprint: string }) => issue.fingerprint));
    const allowed = ['info', 'minor', 'major', 'critical', 'blocker'];
    for (const issue of issues) expect(allowed).toContain(issue.severity);
  });
});
