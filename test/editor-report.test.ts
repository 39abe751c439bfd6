// The audit report as the CLI writes it (`--format markdown|html`): the same builder as
// "Precedent: Show Report" / "Export Report" in the editor (test/lsp-actions.test.ts).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { citeDecision, getDecision } from '../rules/decisions';
import { ruleById, rules } from '../rules/index';
import { tempProject } from './helpers/temp-project';

const CLI = join(__dirname, '..', 'dist', 'cli.js');

const project = (files: Record<string, string>) => tempProject(files, 'precedent-report-');

const files = {
  'src/signup.ts': "export const s = z.object({ password: z.string().min(6) });\n",
  'src/legacy.ts': '// precedent-disable-next-line weak-password-policy -- imported <admin> accounts, reset in Q3\nexport const s = z.object({ password: z.string().min(4) });\n',
  'web/<b>odd|name.ts': "export const t = z.object({ password: z.string().min(8) });\n",
  'src/ok.ts': 'export {};\n',
};

const families = [...new Set(rules.map((rule) => rule.meta.family))];

function report(format: 'markdown' | 'html'): string {
  const root = project(files);
  const result = spawnSync(process.execPath, [CLI, '--format', format, '--output', 'report', '.'], { cwd: root, encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(1);
  return readFileSync(join(root, 'report'), 'utf8');
}

describe('audit report', () => {
  const markdown = report('markdown');
  const html = report('html');

  it('opens with an executive summary: what was checked, findings per family and severity for every family of the rules', () => {
    const sections = [...markdown.matchAll(/^## (.+)$/gm)].map((match) => match[1]);
    expect(sections).toEqual(['Executive summary', 'Remediation checklist', 'Findings (2)', 'Suppressions (1)']);
    expect(markdown).toContain(`**What was checked:** 4 files against ${rules.length} rules in ${families.length} families (${families.join(', ')})`);
    expect(markdown).toContain('**Result:** 2 findings — 1 error, 1 warning, 0 info; 1 suppressed, 0 files skipped, 0 with syntax errors.');
    for (const family of families) {
      const expected = family === 'password-policy' ? '| password-policy | 1 | 1 | 0 | 2 |' : `| ${family} | 0 | 0 | 0 | 0 |`;
      expect(markdown).toContain(expected);
    }
    expect(markdown).toContain('| src | 1 | 0 | 0 | 1 |');
  });

  it('lists the decisions at stake with their fines, most cited first', () => {
    const atStake = markdown.slice(markdown.indexOf('### Decisions at stake'), markdown.indexOf('**Findings per folder**'));
    expect(atStake).toContain('| Decision | Fine | Findings listed under it | Findings citing it |');
    const rows = atStake.split('\n').filter((line) => line.startsWith('| ['));
    const counts = rows.map((row) => /\| (\d+) \| (\d+) \|$/.exec(row)!.slice(1).map(Number));
    // Each finding is listed under one decision (its first); the rows go from most to least listed.
    expect(counts.reduce((sum, [listed]) => sum + listed, 0)).toBe(2);
    expect(counts.map(([listed]) => listed)).toEqual(counts.map(([listed]) => listed).sort((a, b) => b - a));
    expect(counts.every(([listed, citing]) => citing >= listed)).toBe(true);
    expect(rows.every((row) => /\| (€[\d,]+|—) \| \d+ \| \d+ \|$/.test(row))).toBe(true);
  });

  it('lists each finding once, with all its decisions, and a remediation checklist per rule', () => {
    const findings = markdown.slice(markdown.indexOf('## Findings'), markdown.indexOf('## Suppressions'));
    const rows = findings.split('\n').filter((line) => /^\| (error|warning|info) \|/.test(line));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('[src/signup.ts:1:54](<src/signup.ts#L1>) | `weak-password-policy` | Password minimum length 6');
    const cited = ruleById('weak-password-policy')!.meta.decisions.filter((id) => rows[0].includes(citeDecision(getDecision(id)!).replace(/[[\]]/g, '\\$&')));
    expect(cited.length).toBeGreaterThanOrEqual(3);
    expect(markdown).toMatch(/^- \[ \] \*\*Password policy weaker than the CNIL recommendation\*\* \(`weak-password-policy`, 2 findings\): .* In: \[src\/signup\.ts:1:54\]/m);
  });

  it('keeps suppressions with their reasons, escaped', () => {
    expect(markdown).toContain('| [src/legacy.ts:2:54](<src/legacy.ts#L2>) | `weak-password-policy` | next line | imported \\<admin\\> accounts, reset in Q3 |');
    expect(html).toContain('<td>imported &#60;admin&#62; accounts, reset in Q3</td>');
  });

  it('escapes file names from the workspace in Markdown and HTML', () => {
    expect(markdown).toContain('[web/\\<b\\>odd\\|name.ts:1:54](<web/%3Cb%3Eodd%7Cname.ts#L1>)');
    expect(html).toContain('<a href="web/%3Cb%3Eodd%7Cname.ts#L1">web/&#60;b&#62;odd|name.ts:1:54</a>');
    expect(html).not.toMatch(/<b>|<admin>/);
  });

  it('draws the charts as inline SVG in a standalone, print-friendly HTML page', () => {
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    const charts = [...html.matchAll(/<svg [^>]*aria-label="([^"]+)"[\s\S]*?<\/svg>/g)];
    expect(charts.map((chart) => chart[1])).toEqual(['Findings per family and severity', 'Findings per folder']);
    for (const family of families) expect(charts[0][0]).toContain(`>${family}</text>`);
    expect(html).toContain('@media print{');
    expect(html.indexOf('<h2>Executive summary</h2>')).toBeLessThan(html.indexOf('<h2>Remediation checklist</h2>'));
    expect(html).not.toMatch(/<script/i);
  });
});
