// Every claim a finding's message makes must be true of the code it points at: these cases put
// each claim next to code that could make it false.
import { describe, expect, it } from 'vitest';
import type { Rule } from '../rules/api';
import { rules } from '../rules/index';
import { lintText } from '../server/src/engine/lint';
import type { Finding } from '../server/src/engine/types';
import { applyFix } from './helpers/fixes';

const findings = (text: string, path: string, ruleId: string): Finding[] => lintText(text, path).findings.filter((finding) => finding.ruleId === ruleId);

describe('weak-password-hash', () => {
  it('states the OWASP figure for the PBKDF2 digest used, and says where it comes from', () => {
    const code = (digest: string, iterations: number) => `export const hash = (password, salt) => crypto.pbkdf2Sync(password, salt, ${iterations}, 64, '${digest}');\n`;
    const [sha256] = findings(code('sha256', 25000), 'src/auth.ts', 'weak-password-hash');
    expect(sha256.message).toContain('PBKDF2-HMAC-SHA256 with 25,000 iterations');
    expect(sha256.message).toContain('the OWASP Password Storage Cheat Sheet recommends at least 600,000 for PBKDF2-HMAC-SHA256');
    expect(sha256.message).not.toMatch(/CNIL[^.]*600/);
    const [sha512] = findings(code('sha512', 100000), 'src/auth.ts', 'weak-password-hash');
    expect(sha512.message).toContain('at least 210,000 for PBKDF2-HMAC-SHA512');
    expect(findings(code('sha512', 210000), 'src/auth.ts', 'weak-password-hash')).toEqual([]);
  });

  it('names the project’s own minimum when the option sets one', () => {
    const code = "export const hash = (password, salt) => crypto.pbkdf2Sync(password, salt, 700000, 64, 'sha256');\n";
    const [finding] = lintText(code, 'src/auth.ts', { configs: [{ rules: { 'weak-password-hash': { options: { minPbkdf2Iterations: 1000000 } } } }] }).findings;
    expect(finding.message).toContain('this project’s minimum (option minPbkdf2Iterations) is 1,000,000');
    expect(finding.message).not.toContain('OWASP');
  });
});

describe('password-sent-in-clear', () => {
  it('reports a generated bootstrap password printed for the operator as information, saying so', () => {
    const code = "export async function seed(db) {\n  const password = crypto.randomBytes(12).toString('hex');\n  await db.createUser({ email: 'admin@example.com', password });\n  console.log(`admin / ${password}`);\n}\n";
    const [finding] = findings(code, 'src/seed.ts', 'password-sent-in-clear');
    expect(finding.severity).toBe('info');
    expect(finding.message).toContain('generates at random');
  });

  it('names the logged object and the password field it carries', () => {
    const code = "export function signUp(req) {\n  logger.info(req.body);\n  return create(req.body.email, req.body.password);\n}\n";
    const [finding] = findings(code, 'src/signup.ts', 'password-sent-in-clear');
    expect(finding.message).toContain('`req.body` is logged whole');
    expect(finding.message).toContain('`req.body.password` is read in the same function');
  });
});

describe('tracker-before-consent', () => {
  const helper = "import posthog from 'posthog-js';\nexport function initAnalytics() {\n  posthog.init('phc_key');\n}\n";

  it('never says a file does not call a helper it calls through a member', () => {
    const [finding] = findings(`${helper}export const Utils = { initAnalytics };\nUtils.initAnalytics();\n`, 'src/analytics.ts', 'tracker-before-consent');
    expect(finding.severity).toBe('warning');
    expect(finding.message).not.toMatch(/never calls|does not call/);
  });

  it('never says it of a helper handed over as a callback', () => {
    const [finding] = findings(`${helper}window.addEventListener('load', initAnalytics);\n`, 'src/analytics.ts', 'tracker-before-consent');
    expect(finding.message).not.toMatch(/never calls|does not call/);
  });

  it('says only that an exported helper is not called directly here: other files may call it', () => {
    const [finding] = findings(helper, 'src/analytics.ts', 'tracker-before-consent');
    expect(finding.severity).toBe('info');
    expect(finding.message).toContain('which this file does not call directly');
  });
});

describe('weak-password-policy', () => {
  const policy = (text: string, path = 'src/signup.ts') => findings(text, path, 'weak-password-policy');

  it('never says "no character class required" when the schema checks classes it cannot read', () => {
    const [finding] = policy("import { PASSWORD_REGEX } from './constants';\nexport const s = z.object({ password: z.string().min(8).regex(PASSWORD_REGEX) });\n");
    expect(finding.message).not.toContain('no character class required');
    expect(finding.message).toContain('character checks elsewhere in this code not counted');
    expect(finding.message).toContain('guarantees at least about 38 bits');
  });

  it('never says it of a length check when the same file tests the password against patterns', () => {
    const code = "import { UPPER } from './patterns';\nexport function check(password) {\n  if (!UPPER.test(password)) return false;\n  return password.length >= 8;\n}\n";
    const [finding] = policy(code);
    expect(finding.message).not.toContain('no character class required');
    const plain = policy('export function check(password) {\n  return password.length >= 8;\n}\n');
    expect(plain[0].message).toContain('no character class required');
  });

  it('reports 12 characters without a required class as information, stating the bits it guarantees', () => {
    const [finding] = policy('export const s = z.object({ password: z.string().min(12) });\n');
    expect(finding.severity).toBe('info');
    expect(finding.message).toContain('Password minimum length 12 (no character class required) guarantees about 56 bits');
    expect(policy('export const s = z.object({ password: z.string().min(10) });\n')[0].severity).toBe('warning');
  });

  it('calls min(1) on a sign-up form a 1-character policy', () => {
    const [finding] = policy("export const signUpSchema = z.object({ password: z.string().min(1, 'Required') });\n");
    expect(finding.message).toContain('Password minimum length 1');
    expect(finding.message).toContain('this form accepts a 1-character new password');
  });

  it('raises the number in the validator’s message with the minimum, and the fixed code parses', () => {
    const code = "export const s = z.object({ password: z.string().min(6, { message: 'Password must be at least 6 characters' }) });\n";
    const [finding] = policy(code);
    const fixed = applyFix(code, finding);
    expect(fixed).toBe("export const s = z.object({ password: z.string().min(12, { message: 'Password must be at least 12 characters' }) });\n");
    const again = lintText(fixed, 'src/signup.ts');
    expect(again.errors).toEqual([]);
    expect(again.findings.map((next) => next.severity)).toEqual(['info']);
  });

  it('leaves other numbers of the message alone', () => {
    const code = "export const s = z.object({ password: z.string().min(6, 'Between 6 and 64 characters, 16.6 % of users') });\n";
    const fixed = applyFix(code, policy(code)[0]);
    expect(fixed).toContain("min(12, 'Between 12 and 64 characters, 16.6 % of users')");
  });
});

describe('the engine', () => {
  it('keeps one finding per rule and snippet when a rule reaches the same code twice', () => {
    const base = rules.find((rule) => rule.meta.id === 'weak-password-hash')!;
    const twice: Rule<Record<string, never>> = {
      meta: { ...(base.meta as Rule<Record<string, never>>['meta']), id: 'twice', keywords: ['needle'], evidence: undefined, defaultOptions: {} },
      create: (context) => ({
        js: {
          Identifier(node) {
            if (node.name !== 'needle') return;
            context.report({ start: node.range[0], end: node.range[1], message: 'found' });
            context.report({ start: node.range[0], end: node.range[1], message: 'found again' });
          },
        },
      }),
    };
    expect(lintText('const needle = 1;\n', 'src/a.ts', { rules: [twice] }).findings).toHaveLength(1);
  });
});
