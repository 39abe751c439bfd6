// Every claim a finding's message makes must be true of the code it points at: these cases put
// each claim next to code that could make it false.
import { describe, expect, it } from 'vitest';
import { lintText } from '../server/src/engine/lint';
import type { Finding } from '../server/src/engine/types';

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
