// Prospecting family behaviour the fixture harness cannot show: quick-fix results, the messages'
// facts, and the marketing/transactional name tables.
import { describe, expect, it } from 'vitest';
import { isMarketingField, MARKETING_HINT, TRANSACTIONAL_HINT } from '../rules/prospecting/marketing-data';
import { lintText } from '../server/src/engine/lint';
import type { Finding } from '../server/src/engine/types';
import { formatMarkdownReport } from '../server/src/report/audit-report';
import { formatSarif } from '../server/src/report/sarif';
import { applyFix } from './helpers/fixes';

function findings(text: string, path: string, ruleId: string): Finding[] {
  return lintText(text, path).findings.filter((finding) => finding.ruleId === ruleId);
}

describe('marketing-consent-prechecked', () => {
  it('unticks a pre-ticked checkbox with a safe fix', () => {
    const html = '<label><input type="checkbox" name="newsletter" checked> Newsletter</label>\n';
    const [finding] = findings(html, 'signup.html', 'marketing-consent-prechecked');
    expect(finding.fixes[0].safe).toBe(true);
    expect(applyFix(html, finding)).toBe('<label><input type="checkbox" name="newsletter"> Newsletter</label>\n');
  });
  it('removes defaultChecked from a JSX checkbox', () => {
    const tsx = 'export const F = () => <label><input type="checkbox" name="marketingEmails" defaultChecked /> Offers</label>;\n';
    const [finding] = findings(tsx, 'F.tsx', 'marketing-consent-prechecked');
    expect(applyFix(tsx, finding)).toBe('export const F = () => <label><input type="checkbox" name="marketingEmails" /> Offers</label>;\n');
  });
  it('defaults form state to false, and marks schema defaults unsafe to change blindly', () => {
    const form = "useForm({ defaultValues: { newsletter: true } });\n";
    const [state] = findings(form, 'form.ts', 'marketing-consent-prechecked');
    expect(applyFix(form, state)).toBe("useForm({ defaultValues: { newsletter: false } });\n");
    expect(state.fixes[0].safe).toBe(true);
    const schema = "new Schema({ newsletter: { type: Boolean, default: true } });\n";
    const [column] = findings(schema, 'user.model.ts', 'marketing-consent-prechecked');
    expect(column.fixes[0].safe).toBe(false);
    expect(column.message).toContain('defaults to true');
  });
  it('tells marketing opt-ins from other settings by name', () => {
    for (const name of ['newsletter', 'acceptsMarketing', 'marketing_opt_in', 'emailOptIn', 'smsMarketing', 'partnerOffers', 'subscribeNewsletter']) expect(isMarketingField(name), name).toBe(true);
    for (const name of ['rememberMe', 'acceptTerms', 'emailNotifications', 'cookieConsent', 'optIn', 'marketingPage', 'isActive']) expect(isMarketingField(name), name).toBe(false);
  });
});

describe('marketing-email-without-unsubscribe', () => {
  it('offers a List-Unsubscribe header skeleton that is not safe to apply blindly', () => {
    const code = "async function sendNewsletter(to) {\n  await transporter.sendMail({ to, subject: 'Newsletter', html: '<p>News</p>' });\n}\n";
    const [finding] = findings(code, 'mail.js', 'marketing-email-without-unsubscribe');
    expect(finding.fixes[0].safe).toBe(false);
    expect(applyFix(code, finding)).toContain("html: '<p>News</p>', headers: { 'List-Unsubscribe': '<https://example.com/unsubscribe?token=TODO>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } });");
    expect(finding.message).toContain('nodemailer');
    expect(finding.decisions[0]).toBe('cnil-2020-nestor');
  });
  it('writes Postmark headers in Postmark form', () => {
    const code = "function sendCampaign(to) {\n  return client.sendEmail({ From: 'a@b.c', To: to, Subject: 'Campaign', HtmlBody: '<p>Hi</p>' });\n}\n";
    const [finding] = findings(code, 'mail.js', 'marketing-email-without-unsubscribe');
    expect(applyFix(code, finding)).toContain("Headers: [{ Name: 'List-Unsubscribe'");
  });
  it('classifies subjects: transactional signs win over marketing words', () => {
    expect(MARKETING_HINT.test('Our spring newsletter')).toBe(true);
    expect(MARKETING_HINT.test('Summer sale: 30% off')).toBe(true);
    expect(TRANSACTIONAL_HINT.test('Confirm your newsletter subscription')).toBe(true);
    expect(TRANSACTIONAL_HINT.test('Your order has shipped')).toBe(true);
    expect(MARKETING_HINT.test('Your password was changed')).toBe(false);
  });
});

describe('the prospecting-consent family in reports', () => {
  const text = "router.get('/unsubscribe', (req, res) => res.send('Unsubscribed'));\n";
  const report = { root: '/project', results: [lintText(text, 'routes/newsletter.js')], configProblems: [] };
  it('groups findings under the family in the audit report', () => {
    expect(report.results[0].findings.map((finding) => finding.ruleId)).toEqual(['unsubscribe-not-honored']);
    expect(formatMarkdownReport(report)).toMatch(/### prospecting-consent \(1\)/);
  });
  it('tags the family on SARIF rules', () => {
    const sarif = JSON.parse(formatSarif(report, '0.0.0'));
    const rule = sarif.runs[0].tool.driver.rules.find((descriptor: { id: string }) => descriptor.id === 'unsubscribe-not-honored');
    expect(rule.properties.tags).toEqual(['privacy', 'prospecting-consent']);
    expect(rule.properties.decisions.map((decision: { reference: string }) => decision.reference)).toContain('SAN-2020-018');
  });
});
