// The audit report as the CLI writes it (`--format markdown|html`): the same builder as
// "Precedent: Show Report" / "Export Report" in the editor (test/lsp-actions.test.ts).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempProject } from './helpers/temp-project';

const CLI = join(__dirname, '..', 'dist', 'cli.js');

const project = (files: Record<string, string>) => tempProject(files, 'precedent-report-');

const files = {
  'src/signup.ts': "export const s = z.object({ password: z.string().min(6) });\n",
  'src/legacy.ts': '// precedent-disable-next-line weak-password-policy -- imported <admin> accounts, reset in Q3\nexport const s = z.object({ password: z.string().min(4) });\n',
  'src/ok.ts': 'export {};\n',
};

describe('audit report formats', () => {
  it('writes Markdown grouped by rule, family and decision, with suppressions and their reasons', () => {
    const root = project(files);
    const result = spawnSync(process.execPath, [CLI, '--format', 'markdown', '.'], { cwd: root, encoding: 'utf8' });
    expect(result.status).toBe(1);
    const markdown = result.stdout;
    expect(markdown).toMatch(/^# Precedent privacy report\n\n1 finding \(1 error, 0 warnings, 0 info\) in 3 files scanned; 1 suppressed, 0 skipped/);
    expect(markdown).toContain('| password-policy | `weak-password-policy` | Password policy weaker than the CNIL recommendation | 1 |');
    expect(markdown).toContain('### password-policy (1)');
    expect(markdown).toContain('- [src/signup.ts:1:54](<src/signup.ts#L1>) `weak-password-policy` error: Password minimum length 6');
    expect(markdown).toContain('## By decision');
    expect(markdown).toContain('[CNIL SAN-2020-018 (NESTOR SAS, 2020-12-08)](<https://www.legifrance.gouv.fr/cnil/id/CNILTEXT000042848036>)');
    expect(markdown).toContain('| [src/legacy.ts:2:54](<src/legacy.ts#L2>) | `weak-password-policy` | next line | imported \\<admin\\> accounts, reset in Q3 |');
  });

  it('writes the same report as a standalone, escaped HTML page to --output', () => {
    const root = project(files);
    const result = spawnSync(process.execPath, [CLI, '--format', 'html', '--output', 'report.html', '.'], { cwd: root, encoding: 'utf8' });
    expect(result.status).toBe(1);
    const html = readFileSync(join(root, 'report.html'), 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(html).toContain('<h2>Findings per rule</h2>');
    expect(html).toContain('<a href="src/signup.ts#L1">src/signup.ts:1:54</a>');
    expect(html).toContain('<td>imported &#60;admin&#62; accounts, reset in Q3</td>');
    expect(html).not.toContain('<admin>');
  });
});
