// What a fast digest or a PBKDF2 call of a password is FOR. Only storage of a user's password is
// what the password-storage decisions are about; these are not: a protocol's response (HTTP
// Digest, CRAM/SCRAM), a lookup key or checksum, a client-side pre-hash sent over the wire, a
// legacy hash verified once to migrate to a slow hash, an encryption key derived from a secret.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { ancestors, calleeName, descendants, memberChain, staticName } from '../ast';
import { nameWords } from './password-names';

/** Words of a challenge-response protocol's inputs: RFC 7616 `HA1 = MD5(username:realm:password)`, nonces. */
const PROTOCOL_INPUTS = new Set(['realm', 'nonce', 'cnonce', 'qop', 'ha1', 'ha2', 'challenge', 'opaque']);
/** Names of functions computing a protocol response rather than a stored hash. */
const PROTOCOL_FUNCTIONS = new Set(['digest', 'cram', 'scram', 'sasl', 'challenge', 'hmac', 'ntlm', 'mongocr']);
/** Names a digest bound to them is used as: a lookup key, a checksum, an avatar URL part. */
const LOOKUP_WORDS = new Set(['cache', 'etag', 'checksum', 'fingerprint', 'lookup', 'gravatar', 'avatar', 'dedupe', 'memo']);
/** Calls that send their arguments to a server: a pre-hash computed by the client travels in them. */
const NETWORK_CALLS = /^(fetch|axios|ajax|request|post|put|patch|send|emit|mutate|mutation|mutateAsync|signIn|login|logIn|authenticate|\$http|\$post)$/i;
/** Verifying a stored hash: `md5(pw) === stored`, `timingSafeEqual(a, b)`. */
const COMPARISONS = new Set(['===', '!==', '==', '!=']);
const COMPARE_CALLS = /^(timingSafeEqual|safeCompare|compare|equals|isEqual|constantTimeEqual)$/;
/** A slow password hash named in a call or an import: argon2.hash, bcrypt.compare, argon2Verify, scrypt. */
export const SLOW_HASH_NAME = /argon2|bcrypt|scrypt/i;
/** Cipher APIs an encryption key is derived for. */
const CIPHER_CALLS = /^(createCipheriv|createDecipheriv|encrypt|decrypt|importKey)$/;

/** The expression a call's value becomes once awaited, member-accessed or called through (`md5(x).toString()`). */
function valueTop(node: TSESTree.Node): TSESTree.Node {
  let top = node;
  for (const parent of ancestors(node)) {
    const continues =
      (parent.type === 'MemberExpression' && parent.object === top) ||
      (parent.type === 'CallExpression' && parent.callee === top) ||
      parent.type === 'AwaitExpression' ||
      parent.type === 'TSAsExpression' ||
      parent.type === 'ChainExpression';
    if (!continues) break;
    top = parent;
  }
  return top;
}

/** The name the value is bound to: `const key = …`, `x.etag = …`, `getKey = () => …`. */
export function bindingName(node: TSESTree.Node): string | undefined {
  let top = valueTop(node);
  // An arrow function returning the value directly is named by its own binding.
  if (top.parent?.type === 'ArrowFunctionExpression' && top.parent.body === top) top = top.parent;
  const holder = top.parent;
  if (holder?.type === 'VariableDeclarator' && holder.init === top) return staticName(holder.id);
  if (holder?.type === 'AssignmentExpression' && holder.right === top) return staticName(holder.left);
  if (holder?.type === 'Property' && holder.value === top) return staticName(holder.key);
  if (holder?.type === 'ReturnStatement') return enclosingFunctionName(holder);
  return undefined;
}

function enclosingFunction(node: TSESTree.Node): TSESTree.FunctionLike | undefined {
  for (const parent of ancestors(node)) {
    if (parent.type === 'FunctionDeclaration' || parent.type === 'FunctionExpression' || parent.type === 'ArrowFunctionExpression') return parent;
  }
  return undefined;
}

/** `function digestAuth()`, `const scramResponse = () => …`, `class X { cramMd5() {} }`. */
function enclosingFunctionName(node: TSESTree.Node): string | undefined {
  const fn = enclosingFunction(node);
  if (!fn) return undefined;
  if (fn.type === 'FunctionDeclaration' || fn.type === 'FunctionExpression') {
    if (fn.id) return fn.id.name;
  }
  const holder = fn.parent;
  if (holder?.type === 'VariableDeclarator') return staticName(holder.id);
  if (holder?.type === 'MethodDefinition' || holder?.type === 'Property' || holder?.type === 'PropertyDefinition') return staticName(holder.key);
  return undefined;
}

/** Every identifier and string in an expression, as lower-case words. */
function wordsIn(node: TSESTree.Node): Set<string> {
  const words = new Set<string>();
  for (const inner of [node, ...descendants(node)]) {
    const name = inner.type === 'Identifier' ? inner.name : inner.type === 'Literal' && typeof inner.value === 'string' ? inner.value : undefined;
    if (name) for (const word of nameWords(name)) words.add(word);
  }
  return words;
}

/** Meteor accounts-password's login request `{ digest: SHA256(password), algorithm: 'sha-256' }`: the client's pre-hash. */
function isDigestField(digest: TSESTree.CallExpression): boolean {
  const property = valueTop(digest).parent;
  if (property?.type !== 'Property' || staticName(property.key) !== 'digest' || property.parent?.type !== 'ObjectExpression') return false;
  return property.parent.properties.some((sibling) => sibling.type === 'Property' && staticName(sibling.key) === 'algorithm');
}

/** HTTP Digest, CRAM/SCRAM, NTLM, a login request's digest: a response to a server, not a stored hash. */
export function isProtocolResponse(digest: TSESTree.CallExpression, input: TSESTree.Node): boolean {
  if ([...wordsIn(input)].some((word) => PROTOCOL_INPUTS.has(word)) || isDigestField(digest)) return true;
  const functionWords = nameWords(enclosingFunctionName(digest) ?? '');
  return functionWords.some((word) => PROTOCOL_FUNCTIONS.has(word));
}

/** A digest kept as a cache key, an ETag, a checksum or an avatar hash. */
export function isLookupKey(digest: TSESTree.CallExpression): boolean {
  return nameWords(bindingName(digest) ?? '').some((word) => LOOKUP_WORDS.has(word));
}

/** The digest, or the variable holding it, reaches a call that sends it to a server (a client-side pre-hash). */
export function isSentOverTheWire(digest: TSESTree.CallExpression): boolean {
  const inNetworkCall = (node: TSESTree.Node) => {
    for (const parent of ancestors(node)) {
      if (parent.type === 'CallExpression' && parent !== digest && NETWORK_CALLS.test(calleeName(parent) ?? '')) return true;
      if (parent.type.startsWith('Function') || parent.type === 'ArrowFunctionExpression' || parent.type.endsWith('Statement')) return false;
    }
    return false;
  };
  if (inNetworkCall(digest)) return true;
  const name = bindingName(digest);
  const scope = enclosingFunction(digest);
  if (!name || !scope) return false;
  for (const node of descendants(scope)) {
    if (node.type === 'Identifier' && node.name === name && node.range[0] > digest.range[1] && inNetworkCall(node)) return true;
  }
  return false;
}

/** The digest is compared with a stored value: a verification, not the moment a password is stored. */
export function isVerification(digest: TSESTree.CallExpression): boolean {
  const top = valueTop(digest);
  const holder = top.parent;
  if (holder?.type === 'BinaryExpression' && COMPARISONS.has(holder.operator)) return true;
  return holder?.type === 'CallExpression' && holder.arguments.includes(top as TSESTree.CallExpressionArgument) && COMPARE_CALLS.test(calleeName(holder) ?? '');
}

/** `pbkdf2Sync(secret, salt, n)` in a file that encrypts, not bound to a hash: a cipher key is derived, no password stored. */
export function derivesEncryptionKey(call: TSESTree.CallExpression, cipherInFile: boolean): boolean {
  const words = nameWords(bindingName(call) ?? '');
  return cipherInFile && !words.includes('hash') && !words.includes('hashed');
}

/** True for calls of cipher APIs, for derivesEncryptionKey's file-level evidence. */
export function isCipherCall(call: TSESTree.CallExpression): boolean {
  return CIPHER_CALLS.test(calleeName(call) ?? '') && !memberChain(call.callee).some((name) => /^(argon2|bcrypt)$/i.test(name));
}
