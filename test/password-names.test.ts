// Which names and expressions the password rules treat as the user's password.
import { parse } from '@typescript-eslint/typescript-estree';
import { describe, expect, it } from 'vitest';
import { isPasswordName, isPolicyPasswordName, mentionsPassword, PASSWORD_NAME_FRAGMENT } from '../rules/password/password-names';
import { passwordIn } from '../rules/password/password-values';

describe('password names', () => {
  it('accepts the secret in many spellings and refuses look-alikes', () => {
    for (const name of ['password', 'newPassword', 'confirm_password', 'mot_de_passe', 'motDePasse', 'pwd', 'passphrase', 'userPass', 'DB_PASSWORD']) expect(isPasswordName(name), name).toBe(true);
    for (const name of ['username', 'title', 'pin', 'postalCode', 'passwordResetToken', 'hashedPassword', 'showPassword', 'passThrough', 'PASSWORD_ITERATIONS', 'passwordChanged', 'hasPassword']) expect(isPasswordName(name), name).toBe(false);
  });
  it('has, in every name it accepts, a fragment a prefilter can look for', () => {
    const accepted = ['password', 'newPassword', 'confirm_password', 'mot_de_passe', 'motDePasse', 'MOTDEPASSE', 'pwd', 'USER_PWD', 'passphrase', 'userPass', 'DB_PASSWORD', 'passwort', 'contrasena', 'senha', 'mdp', 'userMdp'];
    for (const name of accepted) {
      expect(isPasswordName(name), name).toBe(true);
      expect(PASSWORD_NAME_FRAGMENT.test(name), name).toBe(true);
    }
    expect(PASSWORD_NAME_FRAGMENT.test('createHash(token).digest(key)')).toBe(false);
  });
  it('keeps sign-in checks out of the creation policy', () => {
    expect(isPolicyPasswordName('newPassword')).toBe(true);
    expect(isPolicyPasswordName('currentPassword')).toBe(false);
    expect(isPolicyPasswordName('ZCurrentPasswordSchema')).toBe(false);
    expect(isPolicyPasswordName('oldPassword')).toBe(false);
  });
  it('recognises password settings but not service credentials', () => {
    for (const name of ['minPasswordLength', 'PASSWORD_MIN_LENGTH', 'PasswordPolicy', 'password_requirements', 'passwordRegex']) expect(mentionsPassword(name), name).toBe(true);
    for (const name of ['DB_PASSWORD_MIN_LENGTH', 'passwordResetTokenLength', 'passwordHistory', 'USERNAME_MIN_LENGTH']) expect(mentionsPassword(name), name).toBe(false);
  });
});

describe('passwordIn', () => {
  const expression = (code: string) => {
    const statement = parse(code, { range: true }).body[0];
    if (statement.type !== 'ExpressionStatement') throw new Error(code);
    return statement.expression;
  };
  it('finds the value inside concatenations, templates and pass-through calls', () => {
    for (const code of ['salt + password', '`${salt}${user.password}`', "Buffer.from(password, 'utf8')", 'password.trim().toLowerCase()', 'String(req.body.newPassword)']) {
      expect(passwordIn(expression(code)), code).toBeDefined();
    }
  });
  it('ignores values derived from the password that are not the password', () => {
    for (const code of ['password.length', 'hash(password)', "password ? 'set' : 'none'", '!!password', 'user.passwordHash', 'redact(password)']) {
      expect(passwordIn(expression(code)), code).toBeUndefined();
    }
  });
});
