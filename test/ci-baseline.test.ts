// Baselines: fingerprints that survive line shifts and unrelated edits, --write-baseline and
// --baseline in the CLI (only new findings count, gone entries listed), SARIF baselineState.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintText } from '../server/src/engine/lint';
import { runCli } from './helpers/cli';
import { validateSarif as validate } from './helpers/sarif';
import { tempProject } from './helpers/temp-project';

const SIGNUP = `import { z } from 'zod';

export const signup = z.object({
  email: z.string().email(),
  password: z.string().min(6),
});
`;
const fingerprints = (text: string, path = 'src/signup.ts') => lintText(text, path).findings.map((finding) => finding.fingerprint);

describe('finding fingerprints', () => {
  it('stay the same when lines shift, indentation changes or other code is edited', () => {
    const [original] = fingerprints(SIGNUP);
    expect(original).toMatch(/^[0-9a-f]{16}:0$/);
    expect(fingerprints(`// header\n\n\n${SIGNUP}`)).toEqual([original]);
    expect(fingerprints(SIGNUP.replace('email: z.string().email()', 'email: z.string().email().max(320)'))).toEqual([original]);
    expect(fingerprints(SIGNUP.replace('  password: z.string().min(6),', '      password:   z.string().min(6),'))).toEqual([original]);
    // The path is not part of it: the baseline records the path beside it.
    expect(fingerprints(SIGNUP, 'lib/other.ts')).toEqual([original]);
  });

  it('change when the finding itself changes', () => {
    const [original] = fingerprints(SIGNUP);
    expect(fingerprints(SIGNUP.replace('min(6)', 'min(7)'))[0]).not.toBe(original);
    expect(fingerprints(SIGNUP.replace('password: z', 'pwd: z'))[0]).not.toBe(original);
  });

  it('tell identical snippets of one file apart by occurrence', () => {
    const twice = `${SIGNUP}export const reset = z.object({\n  password: z.string().min(6),\n});\n`;
    const [first, second] = fingerprints(twice);
    expect(first.split(':')).toEqual([fingerprints(SIGNUP)[0].split(':')[0], '0']);
    expect(second.split(':')).toEqual([first.split(':')[0], '1']);
  });
});

const WEAK_HASH = "import crypto from 'node:crypto';\nexport const hashPassword = (password) => crypto.createHash('md5').update(password).digest('hex');\n";

describe('precedent --write-baseline / --baseline', () => {
  it('accepts recorded findings after line shifts and edits, fails on new ones, lists gone entries', () => {
    const root = tempProject({ 'src/signup.ts': SIGNUP, 'src/hash.js': WEAK_HASH, 'src/clean.ts': 'export const a = 1;\n' }, 'precedent-baseline-');
    const written = runCli(['--write-baseline'], root);
    expect(written.code).toBe(0);
    expect(written.stderr).toContain('wrote 2 findings of 3 files to .precedent-baseline.json');
    const text = readFileSync(join(root, '.precedent-baseline.json'), 'utf8');
    const baseline = JSON.parse(text);
    expect(baseline.findings.map((entry: { path: string; ruleId: string }) => [entry.path, entry.ruleId])).toEqual([
      ['src/hash.js', 'weak-password-hash'],
      ['src/signup.ts', 'weak-password-policy'],
    ]);
    // Writing again gives the same bytes: the file diffs cleanly in review.
    runCli(['--write-baseline'], root);
    expect(readFileSync(join(root, '.precedent-baseline.json'), 'utf8')).toBe(text);

    // Lines shift and unrelated code changes: nothing new.
    writeFileSync(join(root, 'src/signup.ts'), `// Sign-up form\n\n${SIGNUP.replace('z.string().email()', 'z.string().email().trim()')}`);
    const clean = runCli(['--baseline'], root);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain('no findings');
    expect(clean.stdout).toContain('2 in the baseline');

    // A new finding fails the run and is the only one reported; the fixed one is listed as gone.
    writeFileSync(join(root, 'src/clean.ts'), "export const register = z.object({ password: z.string().min(4) });\n");
    writeFileSync(join(root, 'src/hash.js'), "import bcrypt from 'bcrypt';\nexport const hashPassword = (password) => bcrypt.hash(password, 12);\n");
    const json = runCli(['--baseline', '.precedent-baseline.json', '--format', 'json'], root);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(report.findings.map((finding: { path: string }) => finding.path)).toEqual(['src/clean.ts']);
    expect(report.summary.errors).toBe(1);
    expect(report.baseline.unchanged.map((finding: { path: string }) => finding.path)).toEqual(['src/signup.ts']);
    expect(report.baseline.absent).toEqual([expect.objectContaining({ path: 'src/hash.js', ruleId: 'weak-password-hash' })]);
    expect(runCli(['--baseline'], root).stdout).toContain('1 baseline entry no longer found');
  });

  it('lists entries of deleted files as gone after a full scan, not after a scan of other files', () => {
    const root = tempProject({ 'src/signup.ts': SIGNUP, 'src/hash.js': WEAK_HASH }, 'precedent-baseline-');
    runCli(['--write-baseline'], root);
    rmSync(join(root, 'src/hash.js'));
    const absent = (args: string[]) => JSON.parse(runCli([...args, '--baseline', '--format', 'json'], root).stdout).baseline.absent.map((entry: { path: string }) => entry.path);
    expect(absent([])).toEqual(['src/hash.js']);
    expect(absent(['src/signup.ts'])).toEqual([]);
    // A partial --write-baseline keeps the entries of files it did not scan; a full one drops them.
    runCli(['src/signup.ts', '--write-baseline'], root);
    expect(readFileSync(join(root, '.precedent-baseline.json'), 'utf8')).toContain('src/hash.js');
    runCli(['--write-baseline'], root);
    expect(readFileSync(join(root, '.precedent-baseline.json'), 'utf8')).not.toContain('src/hash.js');
  });

  it('marks SARIF results new, unchanged or absent, each with its fingerprint, valid against the SARIF schema', () => {
    const root = tempProject({ 'src/signup.ts': SIGNUP, 'src/hash.js': WEAK_HASH }, 'precedent-baseline-');
    runCli(['--write-baseline', 'accepted.json'], root);
    writeFileSync(join(root, 'src/hash.js'), 'export {};\n');
    writeFileSync(join(root, 'src/login.ts'), "export const register = z.object({ password: z.string().min(4) });\n");
    const { code, stdout } = runCli(['--baseline', 'accepted.json', '--format', 'sarif'], root);
    expect(code).toBe(1);
    const sarif = JSON.parse(stdout);
    const states = sarif.runs[0].results.map((result: { baselineState: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => [
      result.locations[0].physicalLocation.artifactLocation.uri,
      result.baselineState,
    ]);
    expect(states).toEqual([
      ['src/login.ts', 'new'],
      ['src/signup.ts', 'unchanged'],
      ['src/hash.js', 'absent'],
    ]);
    for (const result of sarif.runs[0].results) expect(result.partialFingerprints['precedentFingerprint/v1']).toMatch(/^[0-9a-f]{16}:\d+$/);
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
  });

  it('exits 2 with a clear message when the baseline is missing or not a baseline', () => {
    const root = tempProject({ 'a.ts': SIGNUP, 'other.json': '{"findings": 3}' }, 'precedent-baseline-');
    const missing = runCli(['--baseline'], root);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read baseline');
    const foreign = runCli(['--baseline', 'other.json'], root);
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toContain('is not a Precedent baseline');
  });
});
