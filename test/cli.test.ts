// The CLI as CI runs it: formats, exit codes, config errors. Runs the built dist/cli.js.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli as run } from './helpers/cli';
import { validateSarif as validate } from './helpers/sarif';
import { tempProject } from './helpers/temp-project';

const project = (files: Record<string, string>) => tempProject(files, 'precedent-cli-');

const WEAK = "export const s = z.object({ password: z.string().min(6) });\n";
const MEDIUM = "export const s = z.object({ password: z.string().min(10) });\n";

describe('precedent CLI', () => {
  it('prints stylish findings grouped by file with the decision and exits 1', () => {
    const root = project({ 'src/signup.ts': WEAK, 'src/ok.ts': 'export {};\n' });
    const { code, stdout } = run(['.'], root);
    expect(code).toBe(1);
    expect(stdout).toContain('src/signup.ts');
    expect(stdout).toMatch(/1:\d+\s+error\s+Password minimum length 6/);
    expect(stdout).toContain('weak-password-policy');
    // A 6-character minimum cites Discord (6 characters, letters and digits) first.
    expect(stdout).toContain('CNIL SAN-2022-020 (DISCORD INC., 2022-11-10) https://www.cnil.fr/fr/sanction-de-800-000-euros-lencontre-de-la-societe-discord-inc');
    expect(stdout).toContain('2 files scanned');
  });

  it('exits 0 on a clean project', () => {
    const root = project({ 'src/ok.ts': 'export const password = hash(input);\n' });
    const { code, stdout } = run([], root);
    expect(code).toBe(0);
    expect(stdout).toContain('no findings');
  });

  it('honours --max-warnings for warnings but never for errors', () => {
    const warningsOnly = project({ 'a.ts': MEDIUM });
    expect(run(['--max-warnings', '1'], warningsOnly).code).toBe(0);
    expect(run(['--max-warnings', '0'], warningsOnly).code).toBe(1);
    const withError = project({ 'a.ts': WEAK });
    expect(run(['--max-warnings', '10'], withError).code).toBe(1);
  });

  it('writes the documented JSON shape', () => {
    const root = project({ 'src/signup.ts': WEAK });
    const { code, stdout } = run(['--format', 'json'], root);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.version).toBe(1);
    expect(report.summary).toMatchObject({ files: 1, errors: 1, warnings: 0 });
    expect(report.findings[0]).toMatchObject({
      ruleId: 'weak-password-policy',
      family: 'password-policy',
      severity: 'error',
      path: 'src/signup.ts',
      line: 1,
      column: WEAK.indexOf('6)') + 1,
    });
    expect(report.findings[0].decisions[0]).toMatchObject({ id: 'cnil-2022-discord', reference: 'SAN-2022-020' });
    expect(report.findings[0].fixes[0].edits[0].newText).toBe('12');
  });

  it('writes SARIF 2.1.0 with rules, helpUri, decisions and relative locations to --output', () => {
    const root = project({ 'src/signup.ts': WEAK, 'src/quiet.ts': `// precedent-disable-next-line weak-password-policy -- kiosk PIN\n${WEAK}` });
    const { code } = run(['--format', 'sarif', '--output', 'out.sarif'], root);
    expect(code).toBe(1);
    const sarif = JSON.parse(readFileSync(join(root, 'out.sarif'), 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    const driver = sarif.runs[0].tool.driver;
    const rule = driver.rules.find((candidate: { id: string }) => candidate.id === 'weak-password-policy');
    expect(rule.helpUri).toBe('https://www.legifrance.gouv.fr/cnil/id/CNILTEXT000042848036');
    expect(rule.properties.decisions.map((decision: { id: string }) => decision.id)).toContain('cnil-2022-discord');
    const results = sarif.runs[0].results;
    const active = results.filter((result: { suppressions?: unknown }) => !result.suppressions);
    expect(active).toHaveLength(1);
    expect(active[0].locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'src/signup.ts', uriBaseId: '%SRCROOT%' });
    expect(active[0].locations[0].physicalLocation.region).toMatchObject({ startLine: 1, startColumn: WEAK.indexOf('6)') + 1 });
    expect(driver.rules[active[0].ruleIndex].id).toBe('weak-password-policy');
    const suppressed = results.find((result: { suppressions?: unknown }) => result.suppressions);
    expect(suppressed.suppressions).toEqual([{ kind: 'inSource', justification: 'kiosk PIN' }]);
    expect(sarif.runs[0].originalUriBaseIds['%SRCROOT%'].uri).toMatch(/^file:\/\/.*\/$/);
    // The official SARIF 2.1.0 schema accepts the log.
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...sarif, runs: [{ results: [] }] })).toBe(false); // the schema does reject a run without a tool
  });

  it('reports a bad config naming file, key and allowed values, lints on defaults, exits 2', () => {
    const root = project({ 'a.ts': WEAK, '.precedent.json': '{ "rules": { "weak-password-policy": "warn" } }' });
    const { code, stdout } = run([], root);
    expect(code).toBe(2);
    expect(stdout).toContain('.precedent.json');
    expect(stdout).toContain('rules.weak-password-policy');
    expect(stdout).toContain('"error", "warning", "info", "off"');
    expect(stdout).toMatch(/error\s+Password minimum length 6/);
  });

  it('applies config severities and ignores', () => {
    const root = project({ 'a.ts': WEAK, 'legacy/b.ts': WEAK, '.precedent.json': '{ "rules": { "weak-password-policy": "info" }, "ignore": ["legacy/**"] }' });
    const report = JSON.parse(run(['--format', 'json'], root).stdout);
    expect(report.findings.map((finding: { path: string; severity: string }) => [finding.path, finding.severity])).toEqual([['a.ts', 'info']]);
  });

  it('rejects bad usage with exit 2 and a message', () => {
    const root = project({ 'a.ts': WEAK });
    const badFormat = run(['--format', 'xml'], root);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain('unknown format "xml"');
    expect(run(['missing-folder'], root).stderr).toContain('no such file or directory');
    expect(run(['--max-warnings', 'many'], root).code).toBe(2);
    const noBudget = run(['--time-budget', '0'], root);
    expect(noBudget.code).toBe(2);
    expect(noBudget.stderr).toContain('--time-budget takes a whole number of milliseconds ≥ 1, got "0"');
    expect(run(['--bogus'], root).code).toBe(2);
  });

  it('survives binary, broken and odd files', () => {
    const root = project({
      'broken.ts': 'export const password = z.string().min(6;\n',
      'ok.ts': WEAK,
    });
    writeFileSync(join(root, 'binary.js'), Buffer.from([0x70, 0x61, 0x73, 0x73, 0x77, 0x6f, 0x72, 0x64, 0, 1, 2, 3]));
    const report = JSON.parse(run(['--format', 'json'], root).stdout);
    expect(report.findings.map((finding: { path: string }) => finding.path)).toEqual(['ok.ts']);
    expect(report.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'broken.ts', kind: 'parse' }),
        expect.objectContaining({ path: 'binary.js', kind: 'skipped', message: 'skipped: binary file' }),
      ]),
    );
  });
});
