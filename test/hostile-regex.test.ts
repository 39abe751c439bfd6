// Crafted inputs that made a regular expression backtrack for seconds or minutes (issue 12,
// "hangs"): each is linted well within a second now, and still gives the right answer.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintText } from '../server/src/engine/lint';
import { tempProject } from './helpers/temp-project';

const CLI = join(__dirname, '..', 'dist', 'cli.js');

/** Lints and fails the test when it takes over `ms` (the hangs took 19 to 54 seconds). */
function lintQuickly(text: string, path: string, ms = 1_500) {
  const started = performance.now();
  const result = lintText(text, path);
  expect(performance.now() - started).toBeLessThan(ms);
  return result;
}

describe('regular expressions fed hostile text', () => {
  it('TOML: a table-header-like line of 4,500 spaces', () => {
    const text = `[tool]\npassword_min_length = 12\nnotes = """\n[${' '.repeat(4_500)}x\n"""\n`;
    expect(lintQuickly(text, 'pyproject.toml').errors).toEqual([]);
  });

  it('password pattern: a lookahead of escapes that never closes', () => {
    const text = `<input type="password" pattern="(?=${'\\a'.repeat(28)}(">\n`;
    expect(lintQuickly(text, 'a.html').findings).toEqual([]);
  });

  it('password pattern: lookaheads with classes and escapes still give the policy', () => {
    const text = '<input type="password" pattern="(?=.*[\\]a])(?=.*\\d).{6,}">\n';
    expect(lintQuickly(text, 'a.html').findings.map((finding) => finding.message)).toEqual([expect.stringContaining('minimum length 6')]);
  });

  it('route-shape prefilter: 6,000 unfinished exported functions', () => {
    const text = `const f=(req,res)=>res.sendFile(req.params.name);\n${'export function a(\n'.repeat(6_000)}`;
    lintQuickly(text, 'a.js');
  });

  it('suppression: 100,000 spaces before the comment closer', () => {
    const text = `<!-- precedent-disable-file weak-password-policy${' '.repeat(100_000)}x -->\n<input type="password" minlength="4">\n`;
    const result = lintQuickly(text, 'a.html');
    expect(result.findings).toEqual([]);
    expect(result.suppressed.map(({ finding }) => finding.ruleId)).toEqual(['weak-password-policy']);
    expect(result.suppressions[0].ruleIds).toEqual(['weak-password-policy', 'x']);
  });

  it('Next.js matcher from the workspace: an exponential pattern and a route folder that defeats it', () => {
    const root = tempProject({
      'middleware.ts': "export { default } from 'next-auth/middleware';\nexport const config = { matcher: ['/api/(a+)+'] };\n",
      [`app/api/${'a'.repeat(28)}!/[id]/route.ts`]:
        "import { readFile } from 'node:fs/promises';\nexport async function GET(request: Request, { params }: { params: { id: string } }) {\n  return new Response(await readFile(`/srv/${params.id}`));\n}\n",
    });
    const started = performance.now();
    const run = spawnSync(process.execPath, [CLI, '.', '--format', 'json'], { cwd: root, encoding: 'utf8', timeout: 20_000 });
    expect(performance.now() - started).toBeLessThan(10_000);
    const report = JSON.parse(run.stdout) as { findings: { ruleId: string }[] };
    // The matcher does not select this route: it stays unauthenticated.
    expect(report.findings.map((finding) => finding.ruleId)).toEqual(['download-without-auth']);
  });
});
