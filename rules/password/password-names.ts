// Which names denote a user's password. Precision first: `passwordResetToken`, `passwordHint`,
// `showPassword`, `pin`, `postalCode` are not the secret whose policy we judge.

const PASSWORD_WORDS = ['password', 'passwd', 'passwort', 'pwd', 'passphrase', 'pass', 'motdepasse', 'mdp', 'contrasena', 'senha'];

/**
 * Every name isPasswordName accepts contains one of these, in any case: a text holding none names
 * no password (a prefilter's evidence).
 */
export const PASSWORD_NAME_FRAGMENT = new RegExp(PASSWORD_WORDS.filter((word) => !PASSWORD_WORDS.some((other) => other !== word && word.includes(other))).join('|'), 'i');

/** Words that, next to "password", show the name is about something else. */
const NOT_THE_SECRET = [
  'token', 'hint', 'reset', 'show', 'visible', 'visibility', 'toggle', 'label', 'placeholder', 'error', 'message', 'hash',
  'hashed', 'salt', 'field', 'input', 'icon', 'type', 'url', 'link', 'expires', 'expiry', 'expiration', 'at', 'policy', 'changed',
  'updated', 'strength', 'meter', 'history', 'enabled', 'required', 'mode', 'length', 'min', 'max', 'regex', 'pattern', 'rules',
  'valid', 'is', 'has', 'set', 'ref', 'key', 'id', 'manager', 'view',
  // settings about the hashing or the policy, not the secret: PASSWORD_ITERATIONS, passwordRounds
  'iterations', 'rounds', 'cost', 'attempts', 'retries', 'algorithm', 'minimum', 'maximum',
];

const wordsByName = new Map<string, readonly string[]>();

/** Splits camelCase, snake_case, kebab-case and dotted names into lower-case words. */
export function nameWords(name: string): readonly string[] {
  let words = wordsByName.get(name);
  if (!words) {
    words = name
      .replace(/([a-z\d])([A-Z])/g, '$1 $2')
      .replace(/([A-Z])(?=[A-Z][a-z])/g, '$1 ')
      .split(/[^A-Za-z\d]+/)
      .filter(Boolean)
      .map((word) => word.toLowerCase());
    // Config files (locales above all) repeat the same keys thousands of times; bounded so a
    // long-running server does not grow without end.
    if (wordsByName.size > 50_000) wordsByName.clear();
    wordsByName.set(name, words);
  }
  return words;
}


/** Words without a trailing number: `password1`, `newPassword2` name a password like `password`. */
function unnumbered(name: string): string[] {
  return nameWords(name).map((word) => word.replace(/(?<=[a-z])\d+$/, ''));
}

/** True for `password`, `newPassword`, `password1`, `confirm_password`, `mot_de_passe`, `pwd`, `passphrase`… */
export function isPasswordName(name: string): boolean {
  const words = unnumbered(name);
  const joined = words.join('');
  const hasPasswordWord =
    words.some((word) => PASSWORD_WORDS.includes(word) && word !== 'pass') ||
    joined.includes('motdepasse') ||
    joined.endsWith('password') ||
    // "pass" alone is too common (`pass`, `passThrough`); accept it only as the whole name or `userPass`.
    (words[words.length - 1] === 'pass' && words.length <= 2);
  if (!hasPasswordWord) return false;
  return !words.some((word) => NOT_THE_SECRET.includes(word));
}

/** Words of settings that are about something other than the user's secret. */
const NOT_USER_PASSWORD_SETTING = ['token', 'hint', 'reset', 'history', 'expires', 'expiry', 'expiration', 'age', 'username', 'db', 'database', 'redis', 'smtp', 'admin', 'root'];

/**
 * True for names of password settings or policies: `minPasswordLength`, `PASSWORD_MIN_LENGTH`,
 * `PasswordPolicy`, `password_requirements`, `passwordRegex`. Unlike isPasswordName, words such as
 * "min", "policy", "regex" are expected here; names about tokens, history or a database's own
 * password are not user password policies.
 */
export function mentionsPassword(name: string): boolean {
  const words = nameWords(name);
  const joined = words.join('');
  const hasPasswordWord = words.some((word) => PASSWORD_WORDS.includes(word) && word !== 'pass') || joined.includes('password') || joined.includes('motdepasse');
  return hasPasswordWord && !words.some((word) => NOT_USER_PASSWORD_SETTING.includes(word));
}

/** Words of a password someone already has: its check is a login form's, not the creation policy. */
const EXISTING_SECRET = ['current', 'old', 'existing', 'previous', 'login', 'signin'];

/** A password whose rules are a creation policy: `password`, `newPassword` — not `currentPassword`. */
export function isPolicyPasswordName(name: string): boolean {
  return isPasswordName(name) && !nameWords(name).some((word) => EXISTING_SECRET.includes(word));
}
