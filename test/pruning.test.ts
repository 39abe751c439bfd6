// Statement pruning must never change what a statement-scoped rule finds: every fixture is linted
// with and without it, and the dropped statements must leave the kept ones' meaning intact.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index';
import { ParseError, parseScript } from '../server/src/engine/js-adapter';
import { lintText } from '../server/src/engine/lint';

const FIXTURES = join(__dirname, 'fixtures');

function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => (statSync(join(folder, name)).isDirectory() ? filesUnder(join(folder, name)) : [join(folder, name)]));
}

describe('statement pruning', () => {
  const scoped = rules.filter((rule) => rule.meta.statementScoped);

  it('is used by at least one rule', () => {
    expect(scoped.length).toBeGreaterThan(0);
  });

  for (const rule of scoped) {
    it(`finds the same with and without pruning: ${rule.meta.id}`, () => {
      const unpruned = { ...rule, meta: { ...rule.meta, statementScoped: false } };
      for (const file of filesUnder(FIXTURES)) {
        const text = readFileSync(file, 'utf8');
        const path = file.slice(FIXTURES.length + 1);
        const pruned = lintText(text, path, { rules: [rule] });
        const whole = lintText(text, path, { rules: [unpruned] });
        expect(pruned.findings, path).toEqual(whole.findings);
        expect(pruned.deferred, path).toEqual(whole.deferred);
        expect(pruned.facts, path).toEqual(whole.facts);
      }
    });
  }

  const bodyOf = (code: string, evidence: RegExp, jsx = false) => {
    const program = parseScript({ offset: 0, code, typescript: true, jsx }, evidence);
    return program.body.filter((statement) => statement.type !== 'EmptyStatement').map((statement) => code.slice(statement.range[0], statement.range[1]));
  };

  it('converts statements with evidence, imports and literal constants, at their offsets in the file', () => {
    const code = "import { z } from 'zod';\nconst MIN = 6;\nexport function Row() { return 1; }\nconst s = { password: z.string().min(MIN) };\n";
    const program = parseScript({ offset: 0, code, typescript: true, jsx: false }, /password/i);
    // The dropped function stays as an empty statement over its text, never converted further.
    expect(program.body.map((statement) => statement.type)).toEqual(['ImportDeclaration', 'VariableDeclaration', 'EmptyStatement', 'VariableDeclaration']);
    expect(program.body[3].range[0]).toBe(code.indexOf('const s'));
  });

  it('keeps the declarations kept statements refer to, transitively', () => {
    const code = 'function isLoggedIn(req) { return check(req); }\nfunction check(req) { return !!req.user; }\nfunction unrelated() {}\nrouter.get("/f/:id", isLoggedIn, (req, res) => res.sendFile(req.params.id));\n';
    expect(bodyOf(code, /sendFile/)).toEqual([
      'function isLoggedIn(req) { return check(req); }',
      'function check(req) { return !!req.user; }',
      'router.get("/f/:id", isLoggedIn, (req, res) => res.sendFile(req.params.id));',
    ]);
  });

  it('keeps the statements that use what an evidence statement declares or imports', () => {
    const layout = "import { GoogleAnalytics } from '@next/third-parties/google';\nimport { Button } from './Button';\nexport const Layout = () => <GoogleAnalytics gaId='G-1' />;\nexport const Other = () => <Button />;\n";
    expect(bodyOf(layout, /@next\/third-parties/, true)).toEqual([
      "import { GoogleAnalytics } from '@next/third-parties/google';",
      "import { Button } from './Button';",
      "export const Layout = () => <GoogleAnalytics gaId='G-1' />;",
    ]);
    const code = 'function download(req, res) { res.sendFile(req.params.name); }\napi.get("/files/:name", download);\napi.get("/health", ok);\n';
    expect(bodyOf(code, /sendFile/)).toEqual(['function download(req, res) { res.sendFile(req.params.name); }', 'api.get("/files/:name", download);']);
  });

  it('keeps the cheap statements that carry facts: plain calls, export lists, module.exports', () => {
    const code = "routes(app);\nrequire('./docs')(app);\nexport { a } from './a';\nexport default handler;\nmodule.exports = { handler };\napp.listen(3000);\nconst big = compute();\n";
    expect(bodyOf(code, /sendFile/)).toEqual(["routes(app);", "require('./docs')(app);", "export { a } from './a';", 'export default handler;', 'module.exports = { handler };']);
  });

  it('keeps a message sent in another top-level statement than the one building its body (password-sent-in-clear)', () => {
    const script = `import nodemailer from 'nodemailer';
const transporter = nodemailer.createTransport({ host: 'smtp.example.org' });
const admin = { email: process.env.ADMIN_EMAIL, password: process.argv[2] };
const html = '<p>Your administrator password is <b>' + admin.password + '</b></p>';
const stats = collectStats();
await transporter.sendMail({ to: admin.email, subject: 'Administrator account', html });
`;
    const rule = rules.find((candidate) => candidate.meta.id === 'password-sent-in-clear')!;
    expect(rule.meta.statementScoped).toBe(true);
    const lines = (result: ReturnType<typeof lintText>) => result.findings.map((finding) => finding.range.start.line);
    expect(lines(lintText(script, 'setup.mjs', { rules: [rule] }))).toEqual([3]);
    expect(bodyOf(script, /password/i)).not.toContain('const stats = collectStats();');
  });

  it('reports syntax errors with their offset, pruned or not', () => {
    const code = 'const ok = 1;\nconst password = ;';
    const attempt = (evidence?: RegExp) => {
      try {
        parseScript({ offset: 0, code, typescript: true, jsx: false }, evidence);
      } catch (error) {
        return error;
      }
      return undefined;
    };
    for (const evidence of [/password/, undefined]) {
      const error = attempt(evidence);
      expect(error).toBeInstanceOf(ParseError);
      expect((error as ParseError).offset).toBe(code.lastIndexOf(';'));
    }
  });
});
