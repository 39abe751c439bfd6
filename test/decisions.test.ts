// The registry as rules cite it: official links first, authorities named as they are known, and
// messages and docs that say only what the registry says of each decision.
import { describe, expect, it } from 'vitest';
import { authorityShortName, decisionUrl, formatFine, getDecision, isOfficial, passwordRecommendationApplied } from '../rules/decisions';
import { rules } from '../rules/index';
import { lintText } from '../server/src/engine/lint';
import { hoverFor } from '../server/src/lsp/hover';
import { ruleDocumentation } from '../server/src/report/decision-table';

/** Cited decisions the registry has no official source for (checked: every listed URL is secondary). */
const CITED_WITHOUT_OFFICIAL_LINK = new Set<string>([]);

const ruleNamed = (id: string) => rules.find((rule) => rule.meta.id === id)!;
const findingsOf = (ruleId: string, text: string, path = 'src/auth/signup.ts') =>
  lintText(text, path, { rules: [ruleNamed(ruleId)] }).findings;

describe('official links', () => {
  it('gives every decision a rule cites an official first link, or lists it as having none', () => {
    const cited = new Set(rules.flatMap((rule) => rule.meta.decisions));
    for (const id of cited) {
      const decision = getDecision(id)!;
      const official = decision.urls.some(isOfficial);
      expect(official || CITED_WITHOUT_OFFICIAL_LINK.has(id), `${id} has no official link: ${decision.urls.join(', ')}`).toBe(true);
      if (official) expect(isOfficial(decisionUrl(decision)!), id).toBe(true);
    }
    for (const id of CITED_WITHOUT_OFFICIAL_LINK) expect(getDecision(id)!.urls.some(isOfficial), `${id} now has an official link`).toBe(false);
  });

  it('knows each authority’s own host', () => {
    expect(decisionUrl(getDecision('cnil-2020-nestor')!)).toBe('https://www.legifrance.gouv.fr/cnil/id/CNILTEXT000042848036');
    expect(decisionUrl(getDecision('dpc-2024-meta-plaintext-passwords')!)).toMatch(/^https:\/\/dataprotection\.ie\//);
    for (const url of ['https://ico.org.uk/x', 'https://www.aepd.es/x', 'https://uodo.gov.pl/x', 'https://www.dataprotection.ie/x']) expect(isOfficial(url), url).toBe(true);
    expect(isOfficial('https://gdprhub.eu/index.php?title=x')).toBe(false);
    expect(isOfficial('https://evil-cnil.fr.example.com/')).toBe(false);
  });
});

describe('how decisions are cited', () => {
  it('names authorities by their acronym or short name', () => {
    const names = ['cnil-2020-nestor', 'dpc-2024-meta-plaintext-passwords', 'ico-2025-23andme', 'ap-2024-netflix', 'uodo-2022-virgin-mobile', 'garante-2017-gori'].map((id) => authorityShortName(getDecision(id)!));
    expect(names).toEqual(['CNIL', 'DPC', 'ICO', 'AP', 'UODO', 'Garante']);
  });

  it('gives a fine not set in euros in its own currency', () => {
    expect(formatFine(getDecision('ico-2025-23andme')!)).toBe('GBP 2,310,000');
    expect(formatFine(getDecision('cnil-2025-nexpublica')!)).toBe('€1,700,000');
    expect(formatFine(getDecision('cnil-2022-100-password-recommendation')!)).toBe('—');
  });

  it('says which password recommendation was in force when a CNIL password decision was taken', () => {
    expect(passwordRecommendationApplied(getDecision('cnil-2020-nestor')!)?.id).toBe('cnil-2017-012-password-recommendation');
    expect(passwordRecommendationApplied(getDecision('cnil-2022-infogreffe')!)?.id).toBe('cnil-2017-012-password-recommendation');
    expect(passwordRecommendationApplied(getDecision('cnil-2022-discord')!)?.id).toBe('cnil-2022-100-password-recommendation');
    expect(passwordRecommendationApplied(getDecision('cnil-2025-conde-nast')!)).toBeUndefined();
    expect(passwordRecommendationApplied(getDecision('dpc-2024-meta-plaintext-passwords')!)).toBeUndefined();
  });
});

describe('messages say only what the decisions say', () => {
  it('words NEXPUBLICA as the registry does, with its reference', () => {
    const { why } = ruleNamed('download-without-ownership-check').meta.docs;
    expect(why).toContain('SAN-2025-015');
    expect(why).toContain('users of its portal could open documents concerning other people');
    expect(why.slice(0, why.indexOf('Authentication alone'))).not.toMatch(/logged|changing|id in/);
  });

  it('cites the DPC’s Meta decision, not Free or Infogreffe, for a password in a log', () => {
    const [finding] = findingsOf('password-sent-in-clear', 'export function login(req) {\n  console.log("login", req.body.password);\n}\n', 'src/auth/login.ts');
    expect(finding.decisions).toEqual(['dpc-2024-meta-plaintext-passwords']);
    expect(finding.message).toContain('Irish DPC fined Meta');
    expect(finding.message).not.toMatch(/Free|Infogreffe/);
  });

  it('says "rules this short" only of minimums the sanctioned cases accepted (6 characters or fewer)', () => {
    const messageFor = (length: number) => findingsOf('weak-password-policy', `const schema = z.object({ password: z.string().min(${length}) });\n`)[0].message;
    expect(messageFor(6)).toContain('for rules this short');
    expect(messageFor(4)).toContain('for rules this short');
    expect(messageFor(7)).not.toContain('rules this short');
    expect(messageFor(7)).toContain('6 characters or fewer');
  });

  it('words the 2022-100 examples as the registry does, with the device-unlock caveat', () => {
    const { why, fix } = ruleNamed('weak-password-policy').meta.docs;
    expect(why).toContain('special characters from a list of at least 37');
    expect(fix).toContain('from a list of at least 37');
    expect(why).toContain('13 bits only for the unlock code of a device the person holds that blocks after failed attempts');
    expect(why).toContain('whose website accepted 6-character passwords and mobile app 1-character passwords');
    const message = findingsOf('weak-password-policy', 'const schema = z.object({ password: z.string().min(10) });\n')[0].message;
    expect(message).toContain('special characters from a list of at least 37');
  });

  it('never quotes an unverified 2022-100 example as the CNIL’s words', () => {
    const everyText = rules.flatMap((rule) => [rule.meta.docs.why, rule.meta.docs.fix]).join('\n');
    expect(everyText).not.toMatch(/3 of (the )?4/);
  });
});

describe('hover and documentation', () => {
  it('shows which password recommendation applied for password findings only', () => {
    const [password] = findingsOf('weak-password-policy', 'const schema = z.object({ password: z.string().min(6) });\n');
    const hover = hoverFor([password])!.contents as { value: string };
    expect(hover.value).toMatch(/Decided while CNIL password recommendation 2017-012 was in force: [^.]*NESTOR SAS/);
    expect(hover.value).toContain('Decided while CNIL password recommendation 2022-100 was in force: DISCORD INC. ');
    const consentDocs = ruleDocumentation(ruleNamed('refusal-not-honored'));
    expect(consentDocs).toContain('DOCTISSIMO');
    expect(consentDocs).not.toContain('password recommendation');
  });

  it('shows NEXPUBLICA’s reference', () => {
    expect(ruleDocumentation(ruleNamed('download-without-ownership-check'))).toMatch(/\| CNIL \| SAN-2025-015 \| 2025-12-22 \| NEXPUBLICA FRANCE/);
  });
});
