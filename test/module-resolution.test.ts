// Module resolution for the project step: TypeScript's resolver on a virtual host made of the
// scanned file list and the project's tsconfig/jsconfig/package.json texts.
import { describe, expect, it } from 'vitest';
import { ModuleResolver } from '../server/src/engine/module-resolution';

const FILES = [
  'src/a.ts', 'src/config/constants.ts', 'src/lib/index.ts', 'src/b.mjs', 'src/Banner.vue', 'src/internal/conf.js',
  'apps/web/src/x.tsx', 'apps/web/src/util/c.js', 'apps/admin/src/y.ts', 'apps/admin/src/auth/guard.ts',
  'packages/shared/src/index.ts', 'packages/shared/src/limits.ts', 'packages/ui/index.js',
];
const CONFIGS = new Map([
  ['tsconfig.base.json', JSON.stringify({ compilerOptions: { paths: { '@/*': ['./src/*'] } } })],
  ['tsconfig.json', '{\n  // JSONC: comments and trailing commas\n  "extends": "./tsconfig.base.json",\n}'],
  ['apps/web/tsconfig.json', JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '~/*': ['src/*'] } } })],
  ['apps/admin/tsconfig.json', JSON.stringify({ files: [], references: [{ path: './tsconfig.app.json' }] })],
  ['apps/admin/tsconfig.app.json', JSON.stringify({ extends: '@acme/tsconfig/base.json', compilerOptions: { paths: { '@admin/*': ['./src/*'] } } })],
  ['package.json', JSON.stringify({ name: 'root', imports: { '#conf': './src/internal/conf.js', '#cfg/*': './src/config/*.ts' } })],
  ['packages/shared/package.json', JSON.stringify({ name: '@acme/shared', main: 'dist/index.js' })],
  ['packages/ui/package.json', JSON.stringify({ name: 'ui-kit', main: 'index.js' })],
  ['packages/tsconfig/package.json', JSON.stringify({ name: '@acme/tsconfig' })],
  ['packages/tsconfig/base.json', JSON.stringify({ compilerOptions: { strict: true } })],
]);

describe('module resolution', () => {
  const resolver = new ModuleResolver(FILES, CONFIGS);
  it.each([
    ['src/a.ts', './config/constants', 'src/config/constants.ts'],
    ['src/a.ts', './lib', 'src/lib/index.ts'],
    ['src/a.ts', './config/constants.js', 'src/config/constants.ts'],
    ['src/a.ts', './b.mjs', 'src/b.mjs'],
    ['src/a.ts', './Banner.vue', 'src/Banner.vue'],
    ['src/a.ts', '@/config/constants', 'src/config/constants.ts'],
    ['apps/web/src/x.tsx', '~/util/c', 'apps/web/src/util/c.js'],
    ['apps/admin/src/y.ts', '@admin/auth/guard', 'apps/admin/src/auth/guard.ts'],
    ['src/a.ts', '#conf', 'src/internal/conf.js'],
    ['src/a.ts', '#cfg/constants', 'src/config/constants.ts'],
    ['apps/web/src/x.tsx', '@acme/shared', 'packages/shared/src/index.ts'],
    ['apps/web/src/x.tsx', '@acme/shared/limits', 'packages/shared/src/limits.ts'],
    ['apps/web/src/x.tsx', 'ui-kit', 'packages/ui/index.js'],
    // Bare, under baseUrl: a project file, not a dependency.
    ['apps/web/src/x.tsx', 'src/util/c', 'apps/web/src/util/c.js'],
  ])('%s imports %s → %s', (from, specifier, expected) => {
    expect(resolver.resolve(from, specifier)).toBe(expected);
  });

  it.each([
    ['src/a.ts', 'react'],
    ['apps/web/src/x.tsx', 'react-dom/client'],
    ['apps/web/src/x.tsx', '@tanstack/query'],
    ['src/a.ts', './missing'],
    ['src/a.ts', '../../etc/passwd'],
    ['apps/web/src/x.tsx', '@/config/constants'],
  ])('%s imports %s → nothing in the project', (from, specifier) => {
    expect(resolver.resolve(from, specifier)).toBeUndefined();
  });

  it('maps exact `paths` keys and keys with text after the star, and leaves other package names to dependencies', () => {
    const mapped = new ModuleResolver(['src/a.ts', 'src/settings/config.ts', 'src/stores/user.ts'], new Map([
      ['tsconfig.json', JSON.stringify({ compilerOptions: { paths: { config: ['./src/settings/config.ts'], 'store:*-state': ['./src/stores/*.ts'] } } })],
    ]));
    expect(mapped.resolve('src/a.ts', 'config')).toBe('src/settings/config.ts');
    expect(mapped.resolve('src/a.ts', 'store:user-state')).toBe('src/stores/user.ts');
    expect(mapped.resolve('src/a.ts', 'store:user')).toBeUndefined();
    expect(mapped.resolve('src/a.ts', 'configs')).toBeUndefined();
  });

  it('stops on an extends cycle and on invalid JSON', () => {
    const cyclic = new ModuleResolver(['src/a.ts', 'src/b.ts'], new Map([
      ['tsconfig.json', JSON.stringify({ extends: './tsconfig.other.json', compilerOptions: { paths: { '@/*': ['src/*'] } } })],
      ['tsconfig.other.json', JSON.stringify({ extends: './tsconfig.json' })],
      ['package.json', '{ not json'],
    ]));
    expect(cyclic.resolve('src/a.ts', '@/b')).toBe('src/b.ts');
  });

  it('answers from the resolutions of an earlier run over the same files and configs, and only then', () => {
    const first = new ModuleResolver(FILES, CONFIGS);
    expect(first.resolve('src/a.ts', '@/config/constants')).toBe('src/config/constants.ts');
    const remembered = first.resolutions();
    // A package name or alias means the same from every folder under one tsconfig: one answer for all.
    expect(first.resolve('src/config/b.ts', '@/config/constants')).toBe('src/config/constants.ts');
    expect(remembered.answers).toEqual({ 'tsconfig.json\u0001@/config/constants': 'src/config/constants.ts' });
    expect(first.resolutions().answers).toEqual(remembered.answers);
    // A planted answer proves the earlier run's answers are used as they are, without resolving again.
    const planted = { key: remembered.key, answers: { 'tsconfig.json\u0001@/config/constants': 'src/lib/index.ts', 'tsconfig.json\u0001react': null } };
    const again = new ModuleResolver(FILES, CONFIGS, planted);
    expect(again.resolve('src/a.ts', '@/config/constants')).toBe('src/lib/index.ts');
    expect(again.resolve('src/a.ts', 'react')).toBeUndefined();
    // Another file list or another config text: the answers no longer apply.
    expect(new ModuleResolver([...FILES, 'src/new.ts'], CONFIGS, planted).resolve('src/a.ts', '@/config/constants')).toBe('src/config/constants.ts');
    const otherConfigs = new Map([...CONFIGS, ['tsconfig.base.json', JSON.stringify({ compilerOptions: { paths: { '@/*': ['./src/lib/*'] } } })]]);
    expect(new ModuleResolver(FILES, otherConfigs, planted).resolve('src/a.ts', '@/config/constants')).toBeUndefined();
  });
});
