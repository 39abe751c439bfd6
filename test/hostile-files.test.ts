// Files that hung or crashed a scan (issue 12, "the file system"; "wrong results"): FIFOs, links
// out of the project, unreadable .gitignore files, deep nesting, CR-only line endings and
// hostile .precedent.json files. Each finishes in seconds with an honest answer.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index';
import { parseConfigText } from '../server/src/engine/config';
import { lintText } from '../server/src/engine/lint';
import { resolverConfigText, summaryFromDisk } from '../server/src/engine/project-files';
import { readRegularFile } from '../server/src/engine/safe-read';
import { editorSettings } from '../server/src/lsp/projects';
import { tempProject } from './helpers/temp-project';

const CLI = join(__dirname, '..', 'dist', 'cli.js');
const WEAK = "export const s = z.object({ password: z.string().min(6) });\n";

function scan(args: string[], cwd: string) {
  const started = performance.now();
  const run = spawnSync(process.execPath, [CLI, ...args, '--format', 'json'], { cwd, encoding: 'utf8', timeout: 30_000 });
  expect(performance.now() - started).toBeLessThan(15_000);
  return { code: run.status, stderr: run.stderr, report: JSON.parse(run.stdout) as { findings: { path: string; ruleId: string; line: number }[]; errors: { path: string; kind: string; message: string }[] } };
}

describe('the file system of a hostile project', () => {
  it('follows no symbolic link out of the root and reads no FIFO or device', () => {
    const root = tempProject({ 'src/a.ts': WEAK });
    symlinkSync('/', join(root, 'src', 'root'));
    symlinkSync('/dev/zero', join(root, 'src', '.gitignore'));
    mkdirSync(join(root, 'pipes'));
    execFileSync('mkfifo', [join(root, 'pipes', '.gitignore')]);
    execFileSync('mkfifo', [join(root, 'pipes', 'x.js')]);
    const { code, report } = scan(['.'], root);
    expect(code).toBe(1);
    expect(report.findings.map((finding) => finding.path)).toEqual(['src/a.ts']);
  });

  it('reads no package.json that is a FIFO or a link to a device, with or without the cached walk', () => {
    const root = tempProject({ 'app/sub/a.ts': WEAK, 'app/demo/b.ts': WEAK, 'app/demo/package.json': JSON.stringify({ name: 'demo', private: true }) });
    execFileSync('mkfifo', [join(root, 'app', 'package.json')]);
    symlinkSync('/dev/zero', join(root, 'app', 'sub', 'package.json'));
    for (const args of [['.'], ['.', '--cache'], ['.', '--cache']]) {
      const { report } = scan(args, root);
      expect(report.findings.map((finding) => [finding.path, (finding as { severity?: string }).severity])).toEqual([
        ['app/demo/b.ts', 'info'],
        ['app/sub/a.ts', 'error'],
      ]);
    }
  });

  it('reads the project step\'s configs and summaries as regular files only (a listed file may have become a FIFO)', () => {
    const root = tempProject({ 'src/limits.ts': 'export const MIN = 12;\n', 'package.json': '{ "name": "app" }' });
    execFileSync('mkfifo', [join(root, 'tsconfig.json')]);
    execFileSync('mkfifo', [join(root, 'src', 'constants.ts')]);
    expect(resolverConfigText(root, 'tsconfig.json')).toBeUndefined();
    expect(summaryFromDisk(root, 'src/constants.ts')).toBeUndefined();
    expect(resolverConfigText(root, 'package.json')).toBe('{ "name": "app" }');
    expect(summaryFromDisk(root, 'src/limits.ts')).toBeDefined();
  });

  it('reads a file named on the command line that links inside the project, and refuses one that links outside', () => {
    const outside = tempProject({ 'secret.ts': WEAK });
    const root = tempProject({ 'src/a.ts': WEAK });
    symlinkSync(join(root, 'src', 'a.ts'), join(root, 'src', 'alias.ts'));
    symlinkSync(join(outside, 'secret.ts'), join(root, 'src', 'link.ts'));
    const { report } = scan(['src/alias.ts', 'src/link.ts'], root);
    expect(report.findings.map((finding) => finding.path)).toEqual(['src/alias.ts']);
    expect(report.errors).toEqual([{ path: 'src/link.ts', kind: 'skipped', message: 'skipped: a symbolic link to outside the project', line: null }]);
    // The walk of the whole project lists no link at all.
    expect(scan(['.'], root).report.findings.map((finding) => finding.path)).toEqual(['src/a.ts']);
  });

  it('refuses a link into a sibling folder whose name begins with the project\'s', () => {
    const root = realpathSync(tempProject({ 'src/a.ts': WEAK }));
    mkdirSync(`${root}-other`);
    writeFileSync(`${root}-other/secret.ts`, WEAK);
    symlinkSync(`${root}-other/secret.ts`, join(root, 'src', 'link.ts'));
    symlinkSync(join(root, 'src', 'a.ts'), join(root, 'src', 'alias.ts'));
    const read = (path: string) => readRegularFile(root, path, 1_000, () => 'too large', new Map());
    expect(read('src/link.ts')).toEqual({ refused: 'a symbolic link to outside the project' });
    expect(read('src/alias.ts')).toMatchObject({ size: WEAK.length });
    expect(read('src/a.ts')).toMatchObject({ size: WEAK.length });
  });

  it('reports a FIFO or a link out of the project named on the command line as skipped, with the reason', () => {
    const outside = tempProject({ 'secret.ts': WEAK });
    const root = tempProject({ 'src/a.ts': WEAK });
    execFileSync('mkfifo', [join(root, 'src', 'x.js')]);
    symlinkSync(join(outside, 'secret.ts'), join(root, 'src', 'link.ts'));
    const { report } = scan(['src/x.js', 'src/link.ts', 'src/a.ts'], root);
    expect(report.findings.map((finding) => finding.path)).toEqual(['src/a.ts']);
    expect(report.errors.sort((a, b) => a.path.localeCompare(b.path))).toEqual([
      { path: 'src/link.ts', kind: 'skipped', message: 'skipped: a symbolic link to outside the project', line: null },
      { path: 'src/x.js', kind: 'skipped', message: 'skipped: not a regular file', line: null },
    ]);
  });

  it('warns of a .gitignore it cannot read and scans the rest', () => {
    const root = tempProject({ 'src/a.ts': WEAK, 'big/.gitignore': 'x\n'.repeat(600_000) });
    symlinkSync(join(root, 'missing'), join(root, 'src', '.gitignore'));
    const { code, stderr, report } = scan(['.'], root);
    expect(code).toBe(1);
    expect(stderr).toContain('precedent: warning: big/.gitignore not read (1200000 bytes, over the 1000000 limit of a configuration file): its patterns are not applied');
    expect(report.findings).toHaveLength(1);
  });

  it('reports a FIFO .precedent.json as a config problem instead of waiting for it', () => {
    const root = tempProject({ 'src/a.ts': WEAK });
    execFileSync('mkfifo', [join(root, '.precedent.json')]);
    const run = spawnSync(process.execPath, [CLI, '.'], { cwd: root, encoding: 'utf8', timeout: 15_000 });
    expect(run.status).toBe(2);
    expect(run.stdout).toContain('not a regular file');
  });
});

describe('deeply nested input', () => {
  it('markup: 20,000 nested elements keep every finding', () => {
    const text = `<input type="password" minlength="4">\n${'<div>'.repeat(20_000)}${'</div>'.repeat(20_000)}\n<input type="password" minlength="5">\n`;
    const result = lintText(text, 'page.html');
    expect(result.findings.map((finding) => finding.range.start.line)).toEqual([0, 2]);
    expect(result.errors).toEqual([]);
  });

  it('a parser out of stack: the file is skipped with the reason, never an internal error', () => {
    const text = `${WEAK}const x = ${'[\n'.repeat(20_000)}${']\n'.repeat(20_000)};\n`;
    const result = lintText(text, 'deep.ts');
    expect(result.errors).toEqual([{ kind: 'skipped', message: 'skipped: nested too deeply to analyse (the parser ran out of stack)' }]);
    const json = lintText(`{"password_min_length": 4, "x": ${'['.repeat(20_000)}${']'.repeat(20_000)}}\n`, 'settings.json');
    expect(json.errors.map((error) => error.kind)).toEqual(['skipped']);
  });
});

describe('CR-only line endings', () => {
  it('places findings on their own line and honours suppressions', () => {
    const text = ['// first', "export const a = z.object({ password: z.string().min(6) });", '// precedent-disable-next-line weak-password-policy -- legacy import', "export const b = z.object({ password: z.string().min(6) });"].join('\r');
    const result = lintText(text, 'cr.ts');
    expect(result.findings.map((finding) => finding.range.start.line)).toEqual([1]);
    expect(result.suppressed.map(({ finding }) => finding.range.start.line)).toEqual([3]);
  });

  it('reads CR-only config files line by line', () => {
    expect(lintText('A=1\rPASSWORD_MIN_LENGTH=4\r', '.env').findings.map((finding) => finding.range.start.line)).toEqual([1]);
  });
});

describe('hostile .precedent.json', () => {
  const parse = (text: string) => parseConfigText(text, '.precedent.json', rules);

  it('rejects keys that are not data instead of letting them reach a prototype', () => {
    const { config, problems } = parse('{"__proto__": {"ignore": ["**"]}}');
    expect(config.ignore).toBeUndefined();
    expect(problems.map((problem) => problem.message)).toEqual(['the key "__proto__" is not configuration data; using the default configuration']);
    const root = tempProject({ 'src/a.ts': WEAK, '.precedent.json': '{"__proto__": {"ignore": ["**"]}}' });
    const run = spawnSync(process.execPath, [CLI, '.'], { cwd: root, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stdout).toContain('1 finding (1 error, 0 warnings) — 2 files scanned');
  });

  it('reads a file that starts with a UTF-8 BOM', () => {
    expect(parse('\uFEFF{"ignore": ["dist2/**"]}')).toEqual({ config: { ignore: ['dist2/**'] }, problems: [] });
  });

  it('bounds nesting instead of overflowing the stack', () => {
    const { config, problems } = parse(`{"x": ${'['.repeat(5_000)}${']'.repeat(5_000)}}`);
    expect(config).toEqual({});
    expect(problems[0].message).toBe('values nested deeper than 32 levels; using the default configuration');
  });

  it('refuses options outside their sane range and ignore globs that leave the folder', () => {
    const { config, problems } = parse('{"rules": {"weak-password-policy": {"options": {"targetLength": 1e308}}}, "ignore": ["../../**", "/etc/**", "!../x", "C:/y", "ok/**"]}');
    expect(config).toEqual({ rules: {}, ignore: ['ok/**'] });
    expect(problems.map((problem) => problem.key)).toEqual(['rules.weak-password-policy.options.targetLength', 'ignore.0', 'ignore.1', 'ignore.2', 'ignore.3']);
    expect(problems[1].message).toBe('"../../**" reaches outside this folder (patterns are relative to it); not applied');
  });

  it('editor settings of the wrong type or range are reported and left at their default', () => {
    const rejected: string[] = [];
    const settings = editorSettings({ maxFileSize: -1, enable: 'yes', logLevel: 'loud', rules: { 'weak-password-policy': 'off' } }, (key) => rejected.push(key));
    expect(settings).toEqual({ enable: true, rules: { 'weak-password-policy': 'off' }, logLevel: 'info' });
    expect(rejected).toEqual(['enable', 'maxFileSize', 'logLevel']);
  });
});
