// The verdict on a password policy the rule found: its message, severity, decisions and quick fix.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { type Fix, type OffsetRange, type RuleContext, rangeOf, type SettledReport, type TextEdit } from '../api';
import { describeClasses, judgePolicy, type PasswordPolicy } from './entropy';

export interface WeakPasswordPolicyOptions {
  /** The minimum length the quick fix raises a policy to. */
  targetLength: number;
  /** Minimum lengths below this are errors: the sanctioned cases. */
  errorBelowLength: number;
  passwordAloneBits: number;
  restrictedAccessBits: number;
  /** Set when login is throttled or locked after failures: the bar becomes restrictedAccessBits. */
  accessRestriction: boolean;
}

/** A policy found in the code or a configuration, with what its finding and fix need. */
export interface Evidence {
  policy: PasswordPolicy;
  /** Where the policy states the length: the finding's range. */
  valueRange: OffsetRange;
  /** The literal the fix edits (a constant's declaration when the check uses a constant). */
  fixRange: OffsetRange;
  /** The fix writes `targetLength + fixDelta` (a `<=` check needs target − 1). */
  fixDelta: number;
  /** No edit keeps the code's style (a preset name, a library default). */
  noFix?: boolean;
  /** The same code checks character classes this rule cannot read (an imported pattern, a validator function). */
  classesUnread?: boolean;
  /** User-facing texts of the same validator that repeat the minimum: the fix updates them too. */
  messages?: TSESTree.Node[];
  /** A sentence the finding adds about this policy's syntax. */
  note?: string;
}

export function judge(context: RuleContext<WeakPasswordPolicyOptions>, evidence: Evidence, lockoutConfigured = false): void {
  const options = context.options;
  const report = policyReport(evidence.policy, options, lockoutConfigured, { classesUnread: evidence.classesUnread, note: evidence.note });
  if (!report) return;
  const fixes: Fix[] =
    evidence.policy.minLength < options.targetLength && !evidence.noFix
      ? [
          {
            title: `Raise the minimum password length to ${options.targetLength}`,
            // Not applied on save: a longer minimum can lock out users whose passwords are shorter.
            safe: false,
            edits: [{ ...evidence.fixRange, newText: String(options.targetLength + evidence.fixDelta) }, ...messageEdits(context, evidence, options.targetLength)],
          },
        ]
      : [];
  context.report({ ...evidence.valueRange, ...report, fixes });
}

export interface ReportDetails {
  /** Where an imported minimum comes from ("PASSWORD_MIN from src/config.ts"). */
  source?: string;
  /** The same code checks characters the rule cannot read: the bits are a lower bound. */
  classesUnread?: boolean;
  /** A sentence appended to the message. */
  note?: string;
}

/** The verdict on a policy as a finding's message, severity and decisions; undefined when it is strong enough. */
export function policyReport(policy: PasswordPolicy, options: WeakPasswordPolicyOptions, lockoutConfigured: boolean, details: ReportDetails = {}): SettledReport | undefined {
  const restricted = options.accessRestriction || lockoutConfigured;
  const verdict = judgePolicy(policy, {
    errorBelowLength: options.errorBelowLength,
    passwordAloneBits: restricted ? options.restrictedAccessBits : options.passwordAloneBits,
    restrictedAccessBits: options.restrictedAccessBits,
  });
  if (verdict.level === 'ok') return undefined;
  const { minLength, requiredClasses } = policy;
  const classes = details.classesUnread
    ? `${requiredClasses.length > 0 ? `${describeClasses(requiredClasses)}; ` : ''}character checks elsewhere in this code not counted`
    : describeClasses(requiredClasses);
  const head = `Password minimum length ${minLength} (${classes}${details.source ? `; ${details.source}` : ''}) guarantees ${details.classesUnread ? 'at least ' : ''}about ${verdict.bits} bits`;
  const bar = restricted
    ? `, below the ${options.restrictedAccessBits} bits CNIL recommendation 2022-100 expects when failed logins are throttled or locked out${lockoutConfigured ? ' (this configuration enables brute-force protection)' : ''}`
    : `, below the ${options.passwordAloneBits} bits CNIL recommendation 2022-100 expects for a password alone (e.g. 12 characters including upper and lower case, digits and special characters from a list of at least 37)`;
  const infogreffe = minLength === 8 && requiredClasses.length <= 1 ? ' CNIL fined Infogreffe for 8-character passwords without complexity or complementary measure.' : '';
  const tail = {
    sanctioned: sanctionedComparison(minLength),
    'needs-access-restriction': restricted ? '.' : `; acceptable only with access restriction (throttling or lockout after failed attempts), where ${options.restrictedAccessBits} bits suffice.`,
    'weak-even-with-restriction': (restricted ? '.' : `, and below the ${options.restrictedAccessBits} bits acceptable even with throttling or lockout.`) + infogreffe,
  }[verdict.level];
  return {
    message: `${head}${bar}${tail}${details.note ?? ''}`,
    // At the length the fix itself writes, only the alphabet is short: worth knowing, not a warning.
    severity: verdict.level === 'sanctioned' ? 'error' : minLength >= options.targetLength ? 'info' : 'warning',
    decisions: decisionsFor(policy),
  };
}

/** `min(6, 'at least 6 characters')`: the texts that repeat the old minimum say the new one after the fix. */
function messageEdits(context: RuleContext<WeakPasswordPolicyOptions>, evidence: Evidence, targetLength: number): TextEdit[] {
  const shown = new RegExp(`(?<![\\d.])${evidence.policy.minLength}(?![\\d.])`, 'g');
  return (evidence.messages ?? []).flatMap((literal) => {
    const text = context.getText(literal);
    const updated = text.replace(shown, String(targetLength));
    return updated === text ? [] : [{ ...rangeOf(literal), newText: updated }];
  });
}

/**
 * The sanctioned cases accepted 6 characters (NESTOR's app: 1): "rules this short" is only true
 * of a minimum at or below that; a longer minimum under the error bar is only compared with them.
 */
function sanctionedComparison(minLength: number): string {
  const cases = 'NESTOR (6 characters on its website, 1 in its app), Discord and Spartoo (6 characters)';
  return minLength <= 6 ? `. CNIL fined ${cases} for rules this short.` : `. CNIL fined ${cases} for minimums of 6 characters or fewer; ${minLength} is still below what the recommendation asks.`;
}

/** The decision closest to the finding comes first: its link is the diagnostic's. */
function decisionsFor({ minLength, requiredClasses }: PasswordPolicy): string[] {
  if (minLength < 6) return ['cnil-2020-nestor', 'cnil-2022-discord', 'cnil-2020-spartoo', 'cnil-2022-100-password-recommendation'];
  if (minLength < 8) return ['cnil-2022-discord', 'cnil-2020-spartoo', 'cnil-2020-nestor', 'cnil-2022-100-password-recommendation'];
  if (minLength === 8 && requiredClasses.length <= 1) return ['cnil-2022-infogreffe', 'cnil-2022-100-password-recommendation'];
  return ['cnil-2022-100-password-recommendation', 'cnil-2022-infogreffe'];
}
