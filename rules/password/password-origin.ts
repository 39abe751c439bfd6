// Whose password a value is, from where the file gets it: a user's (the default), a service's
// credential from configuration (an SMTP test account, a database, an environment variable), or
// one the code itself generates at random (a bootstrap admin password printed for the operator).
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { ancestors, calleeName, descendants, keyName, memberChain, staticName } from '../ast';
import { isPasswordName, nameWords } from './password-names';

export type PasswordOrigin = 'user' | 'service' | 'generated';

/** Words of objects that hold a service's credentials, not a person's. */
const SERVICE_WORDS = new Set([
  'smtp', 'mailer', 'transport', 'transporter', 'ethereal', 'db', 'database', 'redis', 'mongo', 'mongodb', 'postgres', 'pg', 'mysql', 'sql',
  'ftp', 'sftp', 'ldap', 'bind', 'proxy', 'amqp', 'rabbitmq', 'kafka', 'broker', 'config', 'configuration', 'settings', 'env', 'vault',
  'keystore', 'tls', 'ssl', 'cert', 'service', 'integration', 'connection', 'dsn',
]);
/** Calls whose result is random: a password made by the code, known to nobody yet. */
const RANDOM_CALLS = /^(randomBytes|getRandomValues|randomUUID|randomInt|random|nanoid|customAlphabet|cuid|createId|uuid|v4|generate|generatePassword|generateRandomPassword|randomPassword|randomString|generateSecret|createRandomPassword|generateRandom.*)$/i;

function enclosingScopes(node: TSESTree.Node): TSESTree.Node[] {
  return [...ancestors(node)].filter((scope) => scope.type === 'FunctionDeclaration' || scope.type === 'FunctionExpression' || scope.type === 'ArrowFunctionExpression' || scope.type === 'Program');
}

/** The expression a name was declared from: `const name = init`, `const { name } = init`. */
function declaredFrom(identifier: TSESTree.Identifier): TSESTree.Node | undefined {
  for (const scope of enclosingScopes(identifier)) {
    for (const node of descendants(scope)) {
      if (node.type !== 'VariableDeclarator' || !node.init) continue;
      if (node.id.type === 'Identifier' && node.id.name === identifier.name) return node.init;
      if (node.id.type === 'ObjectPattern' && node.id.properties.some((property) => property.type === 'Property' && staticName(property.value) === identifier.name)) return node.init;
    }
  }
  return undefined;
}

function isServiceChain(chain: string[]): boolean {
  if (chain[0] === 'process' && chain[1] === 'env') return true;
  return chain.some((name) => nameWords(name).some((word) => SERVICE_WORDS.has(word)));
}

function isRandom(node: TSESTree.Node): boolean {
  return [node, ...descendants(node)].some((inner) => inner.type === 'CallExpression' && RANDOM_CALLS.test(calleeName(inner) ?? ''));
}

/** Where a password value comes from. Judge after the walk: it reads declarations anywhere in scope. */
export function passwordOrigin(value: TSESTree.Node): PasswordOrigin {
  if (value.type === 'MemberExpression') return isServiceChain(memberChain(value.object)) ? 'service' : 'user';
  if (value.type !== 'Identifier') return 'user';
  const source = declaredFrom(value);
  if (!source) return 'user';
  if (isRandom(source)) return 'generated';
  const base = source.type === 'AwaitExpression' ? source.argument : source;
  if (base.type === 'MemberExpression' || base.type === 'Identifier' || base.type === 'CallExpression') return isServiceChain(memberChain(base)) || /testaccount/i.test(memberChain(base).join('')) ? 'service' : 'user';
  return 'user';
}

/**
 * A whole object logged while the same function reads its password field: `console.log(req.body)`
 * next to `req.body.password` or `const { password } = req.body`. Returns the password access.
 */
export function passwordFieldOf(logged: TSESTree.Node): TSESTree.Node | undefined {
  if (logged.type !== 'Identifier' && logged.type !== 'MemberExpression') return undefined;
  const path = memberChain(logged).join('.');
  const scope = enclosingScopes(logged)[0];
  if (!scope) return undefined;
  for (const node of descendants(scope)) {
    if (node.type === 'MemberExpression' && !node.computed && isPasswordName(staticName(node.property) ?? '') && memberChain(node.object).join('.') === path) return node;
    if (node.type === 'VariableDeclarator' && node.id.type === 'ObjectPattern' && node.init && memberChain(node.init).join('.') === path) {
      const field = node.id.properties.find((property) => property.type === 'Property' && isPasswordName(keyName(property) ?? ''));
      if (field) return field;
    }
  }
  return undefined;
}
