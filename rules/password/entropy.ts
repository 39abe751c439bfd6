// Judging a password policy the way CNIL deliberation 2022-100 does: by the minimum entropy it
// guarantees, E = L × log2(N), N being the alphabet the policy forces. Source of the figures:
// rules/password-policy.data.json (copied from shared/decisions/password-policy.json).

export type CharacterClass = 'lower' | 'upper' | 'digit' | 'special';

/** Alphabet sizes per class; 37 specials is the list size CNIL's own examples use. */
export const CLASS_SIZES: Record<CharacterClass, number> = { lower: 26, upper: 26, digit: 10, special: 37 };

export interface PasswordPolicy {
  minLength: number;
  /** Classes the policy requires (not merely allows). */
  requiredClasses: CharacterClass[];
}

/**
 * A policy that forces no class lets users pick the smallest common alphabet, so we count one
 * letter case (26 symbols); each required class adds its own symbols. A requirement never lowers
 * the estimate below that floor ("must contain a digit" alone still leaves letters in use).
 */
export function alphabetSize(requiredClasses: readonly CharacterClass[]): number {
  let size = 0;
  for (const characterClass of new Set(requiredClasses)) size += CLASS_SIZES[characterClass];
  return Math.max(size, CLASS_SIZES.lower);
}

export function entropyBits(policy: PasswordPolicy): number {
  return policy.minLength * Math.log2(alphabetSize(policy.requiredClasses));
}

export interface StrengthThresholds {
  /** Below this many characters: the sanctioned cases (error). */
  errorBelowLength: number;
  /** Bits for a password alone (CNIL 2022-100 case 1). */
  passwordAloneBits: number;
  /** Bits when access is restricted by throttling or lockout (case 2). */
  restrictedAccessBits: number;
}

export type Verdict =
  | { level: 'sanctioned'; bits: number }
  | { level: 'needs-access-restriction'; bits: number }
  | { level: 'weak-even-with-restriction'; bits: number }
  | { level: 'ok'; bits: number };

export function judgePolicy(policy: PasswordPolicy, thresholds: StrengthThresholds): Verdict {
  // CNIL's own example (12 characters from 26 + 26 + 10 + 37 symbols) is 79.6 bits and meets the
  // 80-bit bar: the recommendation works in whole bits, so do we.
  const bits = Math.round(entropyBits(policy));
  if (policy.minLength < thresholds.errorBelowLength) return { level: 'sanctioned', bits };
  if (bits >= thresholds.passwordAloneBits) return { level: 'ok', bits };
  if (bits >= thresholds.restrictedAccessBits) return { level: 'needs-access-restriction', bits };
  return { level: 'weak-even-with-restriction', bits };
}

export function describeClasses(requiredClasses: readonly CharacterClass[]): string {
  if (requiredClasses.length === 0) return 'no character class required';
  return `requires ${requiredClasses.join(', ')}`;
}
