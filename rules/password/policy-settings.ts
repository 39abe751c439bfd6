// Password policies written as settings — auth providers' config (Cognito, Terraform, Supabase,
// Firebase, Auth0, Keycloak, .env) and option objects in code (better-auth, CDK, Mongoose,
// react-hook-form). The same key vocabulary serves config pairs and JS object literals.
import type { CharacterClass } from './entropy';
import { isPasswordName, mentionsPassword, nameWords } from './password-names';

/**
 * A key stating a minimum length (`MinimumLength`, `minimum_password_length`, `minLength`,
 * `PASSWORD_MIN_LENGTH`) that belongs to a password: the key names the password itself, or one of
 * its two nearest enclosing keys does (`PasswordPolicy`, `password_policy`, `password`).
 */
export function isPasswordMinLengthKey(key: string, enclosing: readonly string[]): boolean {
  const words = nameWords(key);
  const statesMinimum = words.some((word) => word === 'min' || word === 'minimum') && words.some((word) => word === 'length' || word === 'len' || word === 'chars' || word === 'characters');
  if (!statesMinimum && key.toLowerCase() !== 'minlength') return false;
  if (mentionsPassword(key)) return true;
  return enclosing.slice(-2).some((name) => isPasswordName(name) || mentionsPassword(name));
}

const CLASS_WORDS: [CharacterClass, string[]][] = [
  ['upper', ['upper', 'uppercase', 'uppercases', 'capital', 'capitals']],
  ['lower', ['lower', 'lowercase', 'lowercases']],
  ['digit', ['number', 'numbers', 'numeric', 'numerics', 'digit', 'digits']],
  ['special', ['symbol', 'symbols', 'special', 'nonalphanumeric', 'specials']],
];

/** `RequireUppercase`, `require_numbers`, `requireDigits`, `minSymbols`… → the class it forces. */
export function classOfRequirementKey(key: string): CharacterClass | undefined {
  const words = nameWords(key);
  if (!words.some((word) => word === 'require' || word === 'requires' || word === 'min' || word === 'minimum')) return undefined;
  return CLASS_WORDS.find(([, names]) => words.some((word) => names.includes(word)))?.[0];
}

/** Whether a requirement's value turns it on: `true`, or a count of at least one. */
export function requirementIsOn(value: unknown): boolean {
  return value === true || value === 'true' || (typeof value === 'number' && value >= 1) || (typeof value === 'string' && /^[1-9]\d*$/.test(value));
}

/** Supabase `password_requirements` values (supabase/config.toml). */
const SUPABASE_REQUIREMENTS: Record<string, CharacterClass[]> = {
  '': [],
  letters_digits: ['lower', 'digit'],
  lower_upper_letters_digits: ['lower', 'upper', 'digit'],
  lower_upper_letters_digits_symbols: ['lower', 'upper', 'digit', 'special'],
};

export function supabaseRequirementClasses(key: string, value: unknown): CharacterClass[] | undefined {
  if (key !== 'password_requirements' || typeof value !== 'string') return undefined;
  return SUPABASE_REQUIREMENTS[value];
}

export interface PolicyString {
  minLength: number;
  requiredClasses: CharacterClass[];
  /** Offset and text of the length inside the string, when the fix can edit it. */
  lengthOffset?: number;
  lengthText?: string;
}

const KEYCLOAK_CLASSES: Record<string, CharacterClass> = { digits: 'digit', upperCase: 'upper', lowerCase: 'lower', specialChars: 'special' };

/** Keycloak realm `passwordPolicy: "length(6) and digits(1) and upperCase(1)"`. */
export function keycloakPolicy(value: string): PolicyString | undefined {
  const length = /\blength\((\d+)\)/.exec(value);
  if (!length) return undefined;
  const requiredClasses: CharacterClass[] = [];
  for (const match of value.matchAll(/\b(digits|upperCase|lowerCase|specialChars)\((\d+)\)/g)) {
    if (Number(match[2]) >= 1) requiredClasses.push(KEYCLOAK_CLASSES[match[1]]);
  }
  return { minLength: Number(length[1]), requiredClasses, lengthOffset: length.index + 'length('.length, lengthText: length[1] };
}

/** Auth0 database-connection presets whose minimum is below any bar: "none" (1 character), "low" (6). */
const AUTH0_PRESETS: Record<string, number> = { none: 1, low: 6 };

export function auth0Preset(value: string): PolicyString | undefined {
  const minLength = AUTH0_PRESETS[value];
  return minLength === undefined ? undefined : { minLength, requiredClasses: [] };
}
