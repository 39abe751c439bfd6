// Unit tests for the pieces weak-password-policy judges with: entropy tiers, regex derivation,
// provider setting vocabularies.
import { describe, expect, it } from 'vitest';
import { alphabetSize, judgePolicy } from '../rules/password/entropy';
import { classOfRequirementKey, isPasswordMinLengthKey, keycloakPolicy } from '../rules/password/policy-settings';
import { policyFromRegex, requiredClassesOfRegex } from '../rules/password/regex-policy';
import { lintText } from '../server/src/engine/lint';
import { rules } from '../rules/index';

const CNIL = { errorBelowLength: 8, passwordAloneBits: 80, restrictedAccessBits: 50 };

describe('entropy tiers (CNIL 2022-100)', () => {
  it('accepts the recommendation’s own case-1 examples', () => {
    expect(judgePolicy({ minLength: 12, requiredClasses: ['lower', 'upper', 'digit', 'special'] }, CNIL).level).toBe('ok');
    expect(judgePolicy({ minLength: 14, requiredClasses: ['lower', 'upper', 'digit'] }, CNIL).level).toBe('ok');
  });
  it('treats the sanctioned lengths as errors whatever the classes', () => {
    expect(judgePolicy({ minLength: 6, requiredClasses: ['lower', 'digit'] }, CNIL).level).toBe('sanctioned');
    expect(judgePolicy({ minLength: 1, requiredClasses: [] }, CNIL).level).toBe('sanctioned');
  });
  it('puts 8 characters of 3 classes between the two bars', () => {
    expect(judgePolicy({ minLength: 8, requiredClasses: ['lower', 'upper', 'digit'] }, CNIL)).toEqual({ level: 'weak-even-with-restriction', bits: 48 });
    expect(judgePolicy({ minLength: 10, requiredClasses: ['lower', 'upper', 'digit'] }, CNIL).level).toBe('needs-access-restriction');
  });
  it('never lets a single forced class shrink the alphabet below one letter case', () => {
    expect(alphabetSize(['digit'])).toBe(26);
    expect(alphabetSize(['lower', 'digit'])).toBe(36);
  });
});

describe('policyFromRegex', () => {
  it('derives minimum length and forced classes from lookaheads and the quantified body', () => {
    expect(policyFromRegex('^(?=.*\\d)[A-Za-z\\d]{6,}$')).toEqual({ minLength: 6, minLengthOffset: 20, minLengthText: '6', requiredClasses: ['digit'] });
    expect(policyFromRegex('^(?=.*[a-z])(?=.*[A-Z])(?=.*\\d)(?=.*[@$!%*?&])[A-Za-z\\d@$!%*?&]{8,}$')?.requiredClasses.sort()).toEqual(['digit', 'lower', 'special', 'upper']);
    expect(policyFromRegex('^(?=.{10,})(?=.*[^A-Za-z0-9]).*$')).toMatchObject({ minLength: 10, requiredClasses: ['special'] });
  });
  it('reads the length only from an anchored pattern (HTML pattern is anchored implicitly)', () => {
    expect(policyFromRegex('[a-z]{6,}')).toBeUndefined();
    expect(policyFromRegex('[a-z]{6,}', true)?.minLength).toBe(6);
  });
  it('ignores patterns that are not password policies', () => {
    expect(policyFromRegex('^\\S+$')).toBeUndefined();
    expect(policyFromRegex('^[^\\s@]+@[^\\s@]+$')).toBeUndefined();
    expect(policyFromRegex('^(a|b){6,}$')).toBeUndefined();
  });
  it('reads single-class "contains" regexes of schema chains', () => {
    expect(requiredClassesOfRegex('[A-Z]')).toEqual(['upper']);
    expect(requiredClassesOfRegex('[^A-Za-z0-9]')).toEqual(['special']);
    expect(requiredClassesOfRegex('^[A-Z]')).toEqual([]);
  });
});

describe('provider settings', () => {
  it('recognises minimum-length keys only in a password context', () => {
    expect(isPasswordMinLengthKey('MinimumLength', ['Policies', 'PasswordPolicy'])).toBe(true);
    expect(isPasswordMinLengthKey('PASSWORD_MIN_LENGTH', [])).toBe(true);
    expect(isPasswordMinLengthKey('MinimumLength', ['Properties', 'UsernameConfiguration'])).toBe(false);
    expect(isPasswordMinLengthKey('USERNAME_MIN_LENGTH', [])).toBe(false);
    expect(isPasswordMinLengthKey('DB_PASSWORD_MIN_LENGTH', [])).toBe(false);
  });
  it('maps requirement keys to classes', () => {
    expect(classOfRequirementKey('RequireNumbers')).toBe('digit');
    expect(classOfRequirementKey('require_uppercase_characters')).toBe('upper');
    expect(classOfRequirementKey('minSymbols')).toBe('special');
    expect(classOfRequirementKey('enabled')).toBeUndefined();
  });
  it('parses Keycloak policies', () => {
    expect(keycloakPolicy('length(6) and digits(1) and upperCase(0)')).toEqual({ minLength: 6, requiredClasses: ['digit'], lengthOffset: 7, lengthText: '6' });
    expect(keycloakPolicy('notUsername(undefined)')).toBeUndefined();
  });
});

describe('weak-password-policy messages and fixes', () => {
  const only = rules.filter((rule) => rule.meta.id === 'weak-password-policy');
  const lint = (text: string, path: string, options = {}) =>
    lintText(text, path, { rules: only, configs: [{ rules: { 'weak-password-policy': { options } } }] }).findings;

  it('names the value, the estimate and the bar, and raises a regex quantifier in place', () => {
    const text = 'export const s = z.object({ password: z.string().regex(/^(?=.*\\d)[a-z\\d]{6,}$/) });\n';
    const [finding] = lint(text, 'src/schema.ts');
    expect(finding.message).toContain('minimum length 6');
    expect(finding.message).toContain('28 bits');
    expect(finding.severity).toBe('error');
    const edit = finding.fixes[0].edits[0].offsets;
    expect(text.slice(0, edit.start) + finding.fixes[0].edits[0].newText + text.slice(edit.end)).toContain('{12,}');
    expect(finding.fixes[0].safe).toBe(false);
  });
  it('says a mid-strength policy needs access restriction, and stays quiet when it is declared', () => {
    const yaml = 'PasswordPolicy:\n  MinimumLength: 10\n  RequireUppercase: true\n  RequireLowercase: true\n  RequireNumbers: true\n';
    const [finding] = lint(yaml, 'template.yaml');
    expect(finding.severity).toBe('warning');
    expect(finding.message).toMatch(/acceptable only with access restriction/);
    expect(lint(yaml, 'template.yaml', { accessRestriction: true })).toEqual([]);
  });
  it('edits a Terraform minimum in place', () => {
    const hcl = 'resource "aws_cognito_user_pool" "p" {\n  password_policy {\n    minimum_length = 6\n  }\n}\n';
    const [finding] = lint(hcl, 'main.tf');
    const edit = finding.fixes[0].edits[0].offsets;
    expect(hcl.slice(0, edit.start) + finding.fixes[0].edits[0].newText + hcl.slice(edit.end)).toContain('minimum_length = 12');
  });

  it('cites the decision closest to the length found first', () => {
    const first = (text: string) => lint(text, 'src/s.ts')[0].decisions[0];
    expect(first('const s = { password: z.string().min(4) };')).toBe('cnil-2020-nestor');
    expect(first('const s = { password: z.string().min(6) };')).toBe('cnil-2022-discord');
    expect(first('const s = { password: z.string().min(8) };')).toBe('cnil-2022-infogreffe');
    expect(first('const s = { password: z.string().min(10).regex(/[A-Z]/).regex(/\\d/) };')).toBe('cnil-2022-100-password-recommendation');
  });
});
