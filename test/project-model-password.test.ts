// The project model feeding the password-policy rule: a length check against a constant another
// module exports (relative import, tsconfig alias, re-exports, CommonJS), settled the same way by
// the project step, the CLI and the language server (one file open, then an edit to the constant).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { lintText } from '../server/src/engine/lint';
import { applyProjectFacts, ProjectIndex } from '../server/src/engine/project-index';
import { summarizeText } from '../server/src/engine/summary';
import { LspSession } from './helpers/lsp-client';
import { settleProject } from './helpers/project-model';
import { tempProject } from './helpers/temp-project';

const SIGNUP = `import { PASSWORD_MIN_LENGTH } from './config/constants';
export function validate(password: string) {
  if (password.length < PASSWORD_MIN_LENGTH) throw new Error('too short');
}
`;
const CONSTANTS = (value: number) => `export const PASSWORD_MIN_LENGTH = ${value};\n`;

const messages = (result: { findings: { ruleId: string; message: string }[] }) => result.findings.filter((finding) => finding.ruleId === 'weak-password-policy').map((finding) => finding.message);

describe('summaries', () => {
  it('records exported constants, re-exports and CommonJS exports as plain JSON', () => {
    const summary = summarizeText(
      `import { BASE } from './base';
const LOCAL = 10;
export const MIN = 8, RE = /^[a-z]{6,}$/i, LIMITS = { password: { min: LOCAL, max: 64 } }, ALIAS = BASE, NEG = -1;
export { LOCAL as EXPORTED_LOCAL };
export { X as Y } from './x';
export * from './more';
export default { minLength: 6 } as const;
export function notAConstant() {}
`,
      'src/constants.ts',
    );
    expect(summary).toEqual({
      exports: {
        MIN: { kind: 'number', value: 8 },
        RE: { kind: 'regex', pattern: '^[a-z]{6,}$', flags: 'i' },
        LIMITS: { kind: 'object', properties: { password: { kind: 'object', properties: { min: { kind: 'number', value: 10 }, max: { kind: 'number', value: 64 } } } } },
        ALIAS: { kind: 'ref', ref: { specifier: './base', name: 'BASE' } },
        NEG: { kind: 'number', value: -1 },
        EXPORTED_LOCAL: { kind: 'number', value: 10 },
        Y: { kind: 'ref', ref: { specifier: './x', name: 'X' } },
        default: { kind: 'object', properties: { minLength: { kind: 'number', value: 6 } } },
      },
      star: ['./more'],
    });
    expect(summarizeText(`const MIN = 6;\nmodule.exports = { MIN, name: 'x' };\nexports.MAX = 64;\n`, 'config.js')?.exports).toMatchObject({
      MIN: { kind: 'number', value: 6 },
      MAX: { kind: 'number', value: 64 },
      default: { kind: 'object' },
    });
    expect(summarizeText('export function f() {}\n', 'f.ts')).toBeUndefined();
    // A generated table keeps only what a policy could be: numbers, not a thousand strings.
    const table = Array.from({ length: 1000 }, (_, i) => `export const LABEL_${i} = 'label number ${i} of the generated table';`).join('\n');
    expect(summarizeText(`${table}\nexport const PASSWORD_MIN = 10;\n`, 'labels.ts')?.exports).toEqual({ PASSWORD_MIN: { kind: 'number', value: 10 } });
  });

  it('comes with the lint result of a parsed file', () => {
    expect(lintText(CONSTANTS(8), 'src/config/constants.ts').summary?.exports.PASSWORD_MIN_LENGTH).toEqual({ kind: 'number', value: 8 });
    // No rule's keyword: not parsed, no summary; the project step reads it when an import needs it.
    expect(lintText('export const MIN_LENGTH = 8;\n', 'src/config/limits.ts').summary).toBeUndefined();
  });
});

describe('imported constants settle the password policy', () => {
  it('alone, the check against an imported constant reports nothing and waits', () => {
    const result = lintText(SIGNUP, 'src/signup.ts');
    expect(messages(result)).toEqual([]);
    expect(result.pending?.map((pending) => pending.needs)).toEqual([[{ specifier: './config/constants', name: 'PASSWORD_MIN_LENGTH' }]]);
  });

  it('a relative import of a weak constant is a finding at the check, naming where the value comes from', () => {
    const result = settleProject({ 'src/signup.ts': SIGNUP, 'src/config/constants.ts': CONSTANTS(8) }, 'src/signup.ts');
    expect(messages(result)).toHaveLength(1);
    expect(messages(result)[0]).toMatch(/^Password minimum length 8 \(.*; PASSWORD_MIN_LENGTH from src\/config\/constants\.ts\)/);
    expect(result.findings[0].range.start).toEqual({ line: 2, character: 24 });
  });

  it('reads the summary of a module no rule parsed (no password keyword in it)', () => {
    const files = { 'src/signup.ts': SIGNUP.replace(`{ PASSWORD_MIN_LENGTH } from './config/constants'`, `{ MIN_LENGTH as PASSWORD_MIN_LENGTH } from './limits'`), 'src/limits.ts': 'export const MIN_LENGTH = 4;\n' };
    expect(messages(settleProject(files, 'src/signup.ts'))[0]).toMatch(/^Password minimum length 4 .*PASSWORD_MIN_LENGTH from src\/limits\.ts/);
  });

  it('a strong constant is no finding', () => {
    expect(messages(settleProject({ 'src/signup.ts': SIGNUP, 'src/config/constants.ts': CONSTANTS(20) }, 'src/signup.ts'))).toEqual([]);
  });

  it('an alias from tsconfig paths (`@/…`, `~/…` with extends) resolves like a relative import', () => {
    const configs = new Map([
      ['tsconfig.json', '{ "extends": "./tsconfig.paths.json" }'],
      ['tsconfig.paths.json', '{ "compilerOptions": { "paths": { "@/*": ["./src/*"], "~/*": ["./src/*"] } } }'],
    ]);
    for (const alias of ['@/config/constants', '~/config/constants']) {
      const files = { 'src/pages/signup.ts': SIGNUP.replace('./config/constants', alias), 'src/config/constants.ts': CONSTANTS(6) };
      expect(messages(settleProject(files, 'src/pages/signup.ts', configs))[0]).toMatch(/^Password minimum length 6 .*PASSWORD_MIN_LENGTH from src\/config\/constants\.ts/);
    }
  });

  it('follows re-exports and aliases over three hops, through an index file and `export *`', () => {
    const files = {
      'src/signup.ts': SIGNUP.replace('./config/constants', './config'),
      'src/config/index.ts': `export * from './auth';\n`,
      'src/config/auth.ts': `import { LIMITS } from '../limits';\nexport const PASSWORD_MIN_LENGTH = LIMITS.password;\n`,
      'src/limits.ts': `export { LIMITS } from './raw/limits';\n`,
      'src/raw/limits.ts': `export const LIMITS = { password: 6 };\n`,
    };
    expect(messages(settleProject(files, 'src/signup.ts'))[0]).toMatch(/^Password minimum length 6 .*from src\/raw\/limits\.ts/);
  });

  it('stops on a cycle of re-exports without a finding', () => {
    const files = {
      'src/signup.ts': SIGNUP,
      'src/config/constants.ts': `export { PASSWORD_MIN_LENGTH } from './other';\n`,
      'src/config/other.ts': `export { PASSWORD_MIN_LENGTH } from './constants';\n`,
    };
    expect(messages(settleProject(files, 'src/signup.ts'))).toEqual([]);
  });

  it('CommonJS: a member of a required config object, and `<=` meaning one more', () => {
    const files = {
      'src/validate.js': `const config = require('../config');\nfunction ok(password) {\n  return !(password.length <= config.auth.passwordMin);\n}\nmodule.exports = ok;\n`,
      'config/index.js': `module.exports = { auth: { passwordMin: 5 } };\n`,
    };
    expect(messages(settleProject(files, 'src/validate.js'))[0]).toMatch(/^Password minimum length 6 .*config\.auth\.passwordMin from config\/index\.js/);
  });

  it('a suppression comment on the check silences the settled finding too', () => {
    const suppressed = SIGNUP.replace('  if (password', '  // precedent-disable-next-line weak-password-policy -- legacy accounts\n  if (password');
    const result = settleProject({ 'src/signup.ts': suppressed, 'src/config/constants.ts': CONSTANTS(8) }, 'src/signup.ts');
    expect(messages(result)).toEqual([]);
  });

  it('a file or tsconfig appearing after the listing is resolved once the index is told', () => {
    const index = new ProjectIndex();
    const aliased = lintText(SIGNUP.replace('./config/constants', '@/config/constants'), 'src/signup.ts');
    index.setWorkspace(['src/signup.ts'], new Map());
    index.set(aliased.path, aliased.facts, aliased);
    index.setSummary('src/config/constants.ts', summarizeText(CONSTANTS(8), 'src/config/constants.ts'));
    expect(messages(applyProjectFacts(aliased, index))).toEqual([]);
    index.updateFile('src/config/constants.ts', true);
    expect(messages(applyProjectFacts(aliased, index))).toEqual([]);
    index.updateFile('tsconfig.json', true, '{ "compilerOptions": { "paths": { "@/*": ["./src/*"] } } }');
    expect(messages(applyProjectFacts(aliased, index))).toHaveLength(1);
    index.updateFile('tsconfig.json', false);
    expect(messages(applyProjectFacts(aliased, index))).toEqual([]);
  });

  it('re-settles when the constant changes, and applying twice changes nothing', () => {
    const index = new ProjectIndex();
    const signup = lintText(SIGNUP, 'src/signup.ts');
    index.set(signup.path, signup.facts, signup);
    index.setSummary('src/config/constants.ts', summarizeText(CONSTANTS(8), 'src/config/constants.ts'));
    const once = applyProjectFacts(signup, index);
    expect(messages(once)).toHaveLength(1);
    expect(applyProjectFacts(once, index).findings).toEqual(once.findings);
    expect(index.set('src/config/constants.ts', undefined, { summary: summarizeText(CONSTANTS(20), 'src/config/constants.ts') })).toBe(true);
    expect(messages(applyProjectFacts(once, index))).toEqual([]);
  });
});

const project = (files: Record<string, string>) => tempProject(files, 'precedent-model-');
const ALIASED = { 'tsconfig.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["src/*"] } } }', 'src/signup.ts': SIGNUP.replace('./config/constants', '@/config/constants'), 'src/config/constants.ts': CONSTANTS(8) };

describe('CLI', () => {
  const CLI = join(__dirname, '..', 'dist', 'cli.js');
  it('settles an aliased constant with the whole project', () => {
    const report = JSON.parse(spawnSync(process.execPath, [CLI, '--format', 'json', '.'], { cwd: project(ALIASED), encoding: 'utf8' }).stdout);
    expect(JSON.stringify(report)).toMatch(/Password minimum length 8 [^"]*PASSWORD_MIN_LENGTH from src\/config\/constants\.ts/);
  });
});

describe('language server with only the checking file open', () => {
  let session: LspSession | undefined;
  afterAll(async () => {
    await session?.stop();
  });

  it('settles from the startup index, then re-settles when the constant is edited in the editor', async () => {
    const root = project(ALIASED);
    session = await LspSession.start(root);
    const signup = pathToFileURL(join(root, 'src', 'signup.ts')).href;
    const constants = pathToFileURL(join(root, 'src', 'config', 'constants.ts')).href;
    await session.open(signup, 'typescript', ALIASED['src/signup.ts']);
    const weak = await session.until(() => session!.diagnostics.get(signup)?.diagnostics.find((diagnostic) => diagnostic.code === 'weak-password-policy'));
    expect(weak.message).toMatch(/^Password minimum length 8 /);
    await session.open(constants, 'typescript', CONSTANTS(8));
    await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri: constants, version: 2 }, contentChanges: [{ text: CONSTANTS(20) }] });
    const codes = await session.until(() => {
      const current = session!.diagnostics.get(signup)?.diagnostics;
      return current && !current.some((diagnostic) => diagnostic.code === 'weak-password-policy') && current;
    });
    expect(codes).toEqual([]);
  });
});
