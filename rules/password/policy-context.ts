// What a password field is for, from the schema around it: a login or confirmation form checks a
// password the user already has (no policy); a sign-up, invitation or reset form sets a new one,
// where even `.min(1)` is the whole policy. And the user-facing texts that repeat a policy's number.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { ancestors, descendants, keyName, staticName } from '../ast';
import { nameWords } from './password-names';

/** Schemas of forms that check a password the user already has. */
const EXISTING_PASSWORD_SCHEMA = new Set(['login', 'signin', 'logon', 'session', 'reauth', 'reauthenticate', 'unlock', 'verify', 'disable', 'delete', 'current']);
/** Schemas and files of forms that set a new password. */
const NEW_PASSWORD_SCHEMA = new Set(['signup', 'register', 'registration', 'invite', 'invitation', 'reset', 'create', 'setup', 'onboarding', 'join', 'new']);
const NEW_PASSWORD_PATH = /(sign-?up|register|registration|invit|reset|onboard|setup|create-?(account|user))[^/]*$/i;
/** A message that tells the field asks for the current password. */
const EXISTING_PASSWORD_TEXT = /\b(current|existing|old) password\b/i;
/** Keys of a validator's options object whose value is shown to the user. */
const MESSAGE_KEYS = new Set(['message', 'error', 'description', 'errorMessage']);

/** The name the schema holding a field is bound to: `const ZLoginForm = z.object({ password: … })` → ZLoginForm. */
export function schemaName(field: TSESTree.Node): string | undefined {
  let depth = 0;
  for (const parent of ancestors(field)) {
    if (++depth > 12 || parent.type === 'Program' || parent.type === 'FunctionDeclaration') return undefined;
    if (parent.type === 'VariableDeclarator') return staticName(parent.id);
    if (parent.type === 'AssignmentExpression') return staticName(parent.left);
    if (parent.type === 'PropertyDefinition') return keyName(parent);
    if (parent.type === 'ClassDeclaration') return parent.id?.name;
  }
  return undefined;
}

/** The schema name's words with adjacent pairs joined, so `signIn`, `SignUpSchema` give signin, signup. */
function schemaWords(field: TSESTree.Node): Set<string> {
  const words = nameWords(schemaName(field) ?? '');
  return new Set([...words, ...words.slice(1).map((word, index) => words[index] + word)]);
}

/** The field checks the password the user already has: a login, session or confirmation schema, or its message says "current password". */
export function asksExistingPassword(field: TSESTree.Node, chain: readonly TSESTree.CallExpression[]): boolean {
  if ([...schemaWords(field)].some((word) => EXISTING_PASSWORD_SCHEMA.has(word))) return true;
  return chain.some((call) => call.arguments.some((argument) => [argument, ...descendants(argument)].some((node) => node.type === 'Literal' && typeof node.value === 'string' && EXISTING_PASSWORD_TEXT.test(node.value))));
}

/** Fields that repeat a password typed just before: their `.min(1)` only asks for the repetition. */
const REPEAT_WORDS = new Set(['confirm', 'confirmation', 'confirmed', 'repeat', 'repeated', 'again', 'retype', 'verify', 'verification', 'check']);

/** The field sets a new password: `newPassword`, a sign-up/invite/reset schema, or a file named so — not its confirmation. */
export function setsNewPassword(field: TSESTree.Node, fieldName: string, path: string): boolean {
  const fieldWords = nameWords(fieldName);
  if (fieldWords.some((word) => REPEAT_WORDS.has(word))) return false;
  if (fieldWords.includes('new')) return true;
  if ([...schemaWords(field)].some((word) => NEW_PASSWORD_SCHEMA.has(word))) return true;
  return NEW_PASSWORD_PATH.test(path.replace(/\.[^./]+$/, ''));
}

/** String literals among a validator's other arguments that the user reads: `min(6, 'at least 6 characters')`, `{ message: … }`. */
export function messageLiterals(call: TSESTree.CallExpression): TSESTree.Node[] {
  return call.arguments.slice(1).flatMap((argument) => {
    if (argument.type === 'Literal' || argument.type === 'TemplateLiteral') return [argument];
    if (argument.type !== 'ObjectExpression') return [];
    return argument.properties.flatMap((property) =>
      property.type === 'Property' && MESSAGE_KEYS.has(keyName(property) ?? '') && (property.value.type === 'Literal' || property.value.type === 'TemplateLiteral') ? [property.value] : [],
    );
  });
}
