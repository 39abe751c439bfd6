import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { createRule, type RuleContext, rangeOf } from '../api';
import { ancestors, calleeName, descendants, memberChain, NumericConstants, staticName } from '../ast';
import { derivesEncryptionKey, isCipherCall, isLookupKey, isProtocolResponse, isSentOverTheWire, isVerification, SLOW_HASH_NAME } from './hash-purpose';
import { PASSWORD_NAME_FRAGMENT } from './password-names';
import { passwordIn } from './password-values';

export interface WeakPasswordHashOptions {
  /** bcrypt cost factors below this are reported. */
  minBcryptCost: number;
  /** PBKDF2 iteration counts below this are reported; unset, the OWASP figure for the call's digest. */
  minPbkdf2Iterations?: number;
}

/**
 * Minimum PBKDF2 iterations per HMAC digest, from the OWASP Password Storage Cheat Sheet (the
 * figures it has given since 2023). Not a CNIL figure: no decision in the registry states one.
 */
const OWASP_PBKDF2_ITERATIONS: Record<string, number> = { sha1: 1_300_000, sha256: 600_000, sha512: 210_000 };

/** General-purpose digests: fast by design, so a stolen table is brute-forced at billions of guesses a second. */
const FAST_DIGESTS = /^(md4|md5|sha-?1|sha-?224|sha-?256|sha-?384|sha-?512|sha3-\d+|ripemd-?160)$/i;
/** Digest functions called directly on a value: crypto-js `CryptoJS.MD5(pw)`, the `md5`/`sha1`/`js-sha256` packages. */
const DIGEST_FUNCTIONS = /^(md5|sha1|sha224|sha256|sha384|sha512|sha3|ripemd160)$/i;
const HASHING_API = /createHash|\b(md4|md5|sha-?1|sha-?224|sha-?256|sha-?384|sha-?512|sha3|ripemd-?160)\b|bcrypt|genSalt|pbkdf2/i;
const BCRYPT_SALT_CALLS = new Set(['genSalt', 'genSaltSync']);
const BCRYPT_HASH_CALLS = new Set(['hash', 'hashSync']);
const ADVICE = 'Use Argon2id, scrypt or bcrypt (cost 10 or more) through a password-hashing library, and re-hash each stored password at the user’s next login.';

export const weakPasswordHash = createRule<WeakPasswordHashOptions>({
  meta: {
    id: 'weak-password-hash',
    family: 'password-storage',
    title: 'Password stored with a fast or weak hash',
    severity: 'warning',
    decisions: ['cnil-2021-brico-prive', 'cnil-2023-doctissimo', 'cnil-2022-free', 'cnil-2022-infogreffe'],
    languages: ['js'],
    keywords: ['password', 'passwd', 'pwd', 'passphrase', 'motdepasse', 'mot_de_passe', 'bcrypt', 'createHash', 'pbkdf2'],
    // Some hashing API must be named: a digest, bcrypt or PBKDF2; and a password, which every
    // finding but a bcrypt salt's cost hashes (`createHash` alone hashes tokens and cache keys).
    evidence: (text) => HASHING_API.test(text) && (PASSWORD_NAME_FRAGMENT.test(text) || /\bgenSalt/.test(text)),
    // Hash calls, bcrypt costs and PBKDF2 counts sit in the statement naming the password or the
    // library; the cost constants they use are kept by the engine.
    statementScoped: true,
    docs: {
      why:
        'CNIL fined Brico Privé (SAN-2021-008) for customer passwords hashed with MD5, judged no longer state of the art, and Doctissimo (SAN-2023-006) for user passwords stored in an insufficiently secure format; Free (SAN-2022-022) and Infogreffe (SAN-2022-018) kept passwords in clear. A fast digest (MD5, SHA-1, SHA-256, even salted) lets whoever steals the table test billions of guesses per second, which is close to storing in clear. CNIL recommendation 2022-100 asks for a non-reversible, secure function with a salt or key, naming scrypt and Argon2 as examples.',
      fix: 'Hash passwords with Argon2id, scrypt or bcrypt (cost factor 10 or more) from a maintained library; PBKDF2 only with the iteration counts of the OWASP Password Storage Cheat Sheet (600,000 for PBKDF2-HMAC-SHA256, 210,000 for SHA-512, 1,300,000 for SHA-1). Migrate existing hashes by re-hashing at the next successful login (or wrap the old hash in the new function): verifying a legacy hash in a file that re-hashes with a slow hash is not reported. Digests that store nothing are not reported either: HTTP Digest and SCRAM responses, cache keys and checksums, a client-side pre-hash sent to the server, PBKDF2 deriving a cipher key. No automatic fix: it changes stored data.',
      invalid: "const hashed = crypto.createHash('md5').update(password).digest('hex');",
      valid: 'const hashed = await argon2.hash(password, { type: argon2.argon2id });',
    },
    defaultOptions: { minBcryptCost: 10 },
    optionsSchema: {
      properties: {
        minBcryptCost: { type: 'integer', minimum: 4, maximum: 31, description: 'bcrypt cost factors below this are reported (default 10).' },
        minPbkdf2Iterations: {
          type: 'integer',
          minimum: 1,
          maximum: 100_000_000,
          description:
            'PBKDF2 iteration counts below this are reported. Unset, the rule uses the OWASP Password Storage Cheat Sheet figure for the call’s digest: 600000 for PBKDF2-HMAC-SHA256, 210000 for SHA-512, 1300000 for SHA-1 (not CNIL figures).',
        },
      },
    },
  },
  create(context) {
    // A k-anonymity breach check (Have I Been Pwned) sends a SHA-1 prefix of the password by
    // design and stores nothing.
    if (/pwnedpasswords|haveibeenpwned/i.test(context.text)) return {};
    const constants = new NumericConstants();
    const pending: (() => void)[] = [];
    /** Variables holding `createHash('md5')`, for `hash.update(password)` in a later statement. */
    const hashObjects = new Map<string, string>();
    /** `import { hash, genSalt } from 'bcrypt'`: bare calls of these names are bcrypt's. */
    const bcryptImports = new Set<string>();
    /** The file hashes or verifies with a slow hash: a fast digest it only compares is a legacy format being migrated. */
    let slowHashInFile = false;
    /** The file encrypts: PBKDF2 there derives a key. */
    let cipherInFile = false;
    /** A fast digest of a password, unless what it is for shows it is not the stored format. */
    const fastDigest = (call: TSESTree.CallExpression, input: TSESTree.Node, algorithm: string) => {
      // Judged once the walk is done: later statements (the send, the comparison) have their parents then.
      pending.push(() => {
        if (feedsSlowHash(call) || isProtocolResponse(call, input) || isLookupKey(call) || isSentOverTheWire(call)) return;
        if (!(slowHashInFile && isVerification(call))) reportFastDigest(context, call, algorithm);
      });
    };

    return {
      js: {
        ImportDeclaration(declaration) {
          if (declaration.specifiers.some((specifier) => SLOW_HASH_NAME.test(specifier.local.name)) || SLOW_HASH_NAME.test(String(declaration.source.value))) slowHashInFile = true;
          if (!/^bcrypt(js)?$/.test(String(declaration.source.value))) return;
          for (const specifier of declaration.specifiers) if (specifier.type === 'ImportSpecifier') bcryptImports.add(specifier.local.name);
        },
        VariableDeclarator(declarator) {
          constants.visitor(declarator);
          const algorithm = declarator.init ? createHashAlgorithm(declarator.init) : undefined;
          if (algorithm && declarator.id.type === 'Identifier') hashObjects.set(declarator.id.name, algorithm);
        },
        CallExpression(call) {
          const name = calleeName(call);
          if (!name) return;
          if (memberChain(call.callee).some((part) => SLOW_HASH_NAME.test(part))) slowHashInFile = true;
          if (isCipherCall(call)) cipherInFile = true;
          if (name === 'update' && call.callee.type === 'MemberExpression' && passwordIn(call.arguments[0])) {
            const receiver = call.callee.object;
            const algorithm = receiver.type === 'Identifier' ? hashObjects.get(receiver.name) : createHashAlgorithm(receiver);
            if (algorithm && FAST_DIGESTS.test(algorithm)) fastDigest(call, call.arguments[0], algorithm);
            return;
          }
          if (DIGEST_FUNCTIONS.test(name) && passwordIn(call.arguments[0])) {
            fastDigest(call, call.arguments[0], name);
            return;
          }
          if (isBcryptCall(call, name, bcryptImports)) {
            const cost = BCRYPT_SALT_CALLS.has(name) ? call.arguments[0] : call.arguments[1];
            pending.push(() => {
              const resolved = constants.resolve(cost);
              if (!resolved || !cost || resolved.value >= context.options.minBcryptCost) return;
              context.report({
                ...rangeOf(cost),
                message: `bcrypt cost factor ${resolved.value} is below ${context.options.minBcryptCost}: each extra point doubles an attacker’s work on a stolen password table. ${ADVICE}`,
              });
            });
            return;
          }
          if ((name === 'pbkdf2' || name === 'pbkdf2Sync') && passwordIn(call.arguments[0])) {
            const iterations = call.arguments[2];
            pending.push(() => {
              const resolved = constants.resolve(iterations);
              if (!resolved || !iterations || derivesEncryptionKey(call, cipherInFile)) return;
              const digestArgument = call.arguments[4];
              const digest = digestArgument?.type === 'Literal' && typeof digestArgument.value === 'string' ? digestArgument.value.toLowerCase().replace('-', '') : undefined;
              // An unknown digest is judged by OWASP's lowest figure, which holds whatever it is.
              const owasp = digest ? OWASP_PBKDF2_ITERATIONS[digest] : OWASP_PBKDF2_ITERATIONS.sha512;
              const minimum = context.options.minPbkdf2Iterations ?? owasp;
              if (minimum === undefined || resolved.value >= minimum) return;
              const figure = minimum.toLocaleString('en-US');
              const source =
                context.options.minPbkdf2Iterations !== undefined
                  ? `this project’s minimum (option minPbkdf2Iterations) is ${figure}`
                  : digest
                    ? `the OWASP Password Storage Cheat Sheet recommends at least ${figure} for PBKDF2-HMAC-${digest.toUpperCase()}`
                    : `the OWASP Password Storage Cheat Sheet recommends at least ${figure} even with its strongest digest (PBKDF2-HMAC-SHA512)`;
              const label = digest ? `PBKDF2-HMAC-${digest.toUpperCase()}` : 'PBKDF2';
              context.report({
                ...rangeOf(iterations),
                message: `${label} with ${resolved.value.toLocaleString('en-US')} iterations on a password is fast to brute-force: ${source}. ${ADVICE}`,
              });
            });
          }
        },
        'Program:exit'() {
          for (const report of pending.splice(0)) report();
        },
      },
    };
  },
});

/** `crypto.createHash('md5')` (or `createHash("sha256")`) → its algorithm. */
function createHashAlgorithm(node: TSESTree.Node): string | undefined {
  if (node.type !== 'CallExpression' || calleeName(node) !== 'createHash') return undefined;
  return staticName(node.arguments[0]);
}

/** `bcrypt.hash(pw, 8)`, `bcryptjs.genSaltSync(8)`, or a bare `hash`/`genSalt` imported from bcrypt. */
function isBcryptCall(call: TSESTree.CallExpression, name: string, bcryptImports: ReadonlySet<string>): boolean {
  if (!BCRYPT_SALT_CALLS.has(name) && !(BCRYPT_HASH_CALLS.has(name) && passwordIn(call.arguments[0]))) return false;
  if (call.callee.type === 'Identifier') return bcryptImports.has(call.callee.name);
  const chain = memberChain(call.callee);
  return chain.length >= 2 && /bcrypt/i.test(chain[chain.length - 2]);
}

function reportFastDigest(context: RuleContext<WeakPasswordHashOptions>, call: TSESTree.CallExpression, algorithm: string): void {
  const label = algorithm.toUpperCase();
  const brico = /^md5$/i.test(algorithm) ? ' CNIL fined Brico Privé for customer passwords hashed with MD5.' : '';
  context.report({
    ...rangeOf(call),
    message: `Password hashed with ${label}, a fast general-purpose digest (salted or not): a stolen table can be brute-forced at billions of guesses per second.${brico} ${ADVICE}`,
  });
}

/** A call that hands its input to a slow password hash: `bcrypt.hash(x, 12)`, `pool.exec('hash', [x])`, `argon2.hash(x)`. */
const SLOW_HASH = /bcrypt|argon|scrypt|pbkdf2|^(hash|compare)(Sync)?$/i;

/**
 * A fast digest used as a pre-hash — `password = sha512(password)` then `bcrypt.hash(password)`,
 * as NodeBB does to get past bcrypt's 72-byte limit — is not the stored format. True when the
 * variable the digest is assigned to is later passed to a call that names a slow hash.
 */
function feedsSlowHash(digest: TSESTree.CallExpression): boolean {
  let top: TSESTree.Node = digest;
  for (const parent of ancestors(digest)) {
    if ((parent.type === 'MemberExpression' && parent.object === top) || (parent.type === 'CallExpression' && parent.callee === top) || parent.type === 'AwaitExpression') top = parent;
    else break;
  }
  const holder = top.parent;
  const target =
    holder?.type === 'VariableDeclarator' && holder.init === top ? staticName(holder.id) : holder?.type === 'AssignmentExpression' && holder.right === top ? staticName(holder.left) : undefined;
  const scope = [...ancestors(digest)].find((node) => node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression');
  if (!target || !scope) return false;
  for (const node of descendants(scope)) {
    if (node.type !== 'CallExpression' || node.range[0] < top.range[1]) continue;
    const names = [...memberChain(node.callee), ...node.arguments.map((argument) => staticName(argument) ?? '')];
    if (!names.some((name) => SLOW_HASH.test(name)) || names.includes('createHash')) continue;
    const passes = node.arguments.some((argument) => staticName(argument) === target || (argument.type === 'ArrayExpression' && argument.elements.some((element) => element && staticName(element) === target)));
    if (passes) return true;
  }
  return false;
}
