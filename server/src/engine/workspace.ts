// Whole-project scans: which files (supported, not ignored), their config, and linting them.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { glob } from 'tinyglobby';
import { rules as builtInRules } from '../../../rules/index';
import { CONFIG_FILE_NAME, type ConfigProblem, parseConfigText, type PrecedentConfig } from './config';
import { SUPPORTED_GLOBS } from './languages';
import { contextIn } from './package-facts';
import { lintOneFile } from './scan-task';
import type { LintResult } from './types';

/** Generated, vendored and dependency folders: linting them reports other people's code. */
export const DEFAULT_IGNORES = [
  '**/node_modules/**', '**/.git/**', '**/dist/**', '**/build/**', '**/out/**', '**/coverage/**', '**/.next/**',
  '**/.nuxt/**', '**/.svelte-kit/**', '**/.output/**', '**/.yarn/**', '**/.pnpm-store/**', '**/vendor/**',
  '**/bower_components/**', '**/*.min.js', '**/*.min.mjs', '**/*.bundle.js', '**/*-lock.json', '**/*.lock',
  '**/pnpm-lock.yaml', '**/.precedent-cache/**', '**/.precedent-baseline.json', '**/*.map',
];

export interface ProjectConfig {
  config: PrecedentConfig;
  problems: ConfigProblem[];
  /** Absolute path of the config file, when one exists. */
  file?: string;
}

export function loadProjectConfig(root: string, explicitFile?: string): ProjectConfig {
  const file = explicitFile ?? join(root, CONFIG_FILE_NAME);
  if (!existsSync(file)) {
    if (explicitFile) return { config: {}, problems: [{ file, key: '(file)', message: 'config file not found' }] };
    return { config: {}, problems: [] };
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { config: {}, problems: [{ file, key: '(file)', message: `cannot read: ${(error as Error).message}` }], file };
  }
  return { ...parseConfigText(text, file, builtInRules), file };
}

/** .gitignore files apply to their own folder and below; each is loaded once. */
async function gitignoreMatchers(root: string): Promise<{ base: string; matcher: Ignore }[]> {
  const files = await glob('**/.gitignore', { cwd: root, ignore: ['**/node_modules/**', '**/.git/**'], dot: true });
  return files.map((file) => ({
    base: dirname(file) === '.' ? '' : `${dirname(file)}/`,
    matcher: ignore().add(readFileSync(join(root, file), 'utf8')),
  }));
}

export interface ListOptions {
  /** Extra globs relative to root (the config's `ignore`). */
  ignore?: string[];
  /** Restrict to these paths (files or folders) relative to root. */
  only?: string[];
}

/** Supported files under root, relative with forward slashes, sorted, minus ignored ones. */
export async function listFiles(root: string, options: ListOptions = {}): Promise<string[]> {
  const patterns = options.only
    ? options.only.flatMap((path) => SUPPORTED_GLOBS.map((pattern) => (path === '.' ? pattern : `${path.replace(/\/$/, '')}/${pattern}`)))
    : SUPPORTED_GLOBS;
  const [files, gitignores] = await Promise.all([
    glob(patterns, { cwd: root, ignore: [...DEFAULT_IGNORES, ...(options.ignore ?? [])], dot: true, onlyFiles: true, followSymbolicLinks: false }),
    gitignoreMatchers(root),
  ]);
  return files
    .filter((file) => !gitignores.some(({ base, matcher }) => file.startsWith(base) && matcher.ignores(file.slice(base.length))))
    .sort();
}

export interface LintFileOptions {
  configs?: (PrecedentConfig | undefined)[];
  maxFileSize?: number;
}

/** Reads and lints one file; unreadable, binary and oversized files give a `skipped` entry. */
export async function lintFile(root: string, relativePath: string, options: LintFileOptions = {}): Promise<LintResult> {
  const path = relativePath.split(sep).join('/');
  return lintOneFile({ root, path, configs: options.configs ?? [], maxFileSize: options.maxFileSize, context: contextIn(root, path) });
}

export function relativeTo(root: string, absolute: string): string {
  return relative(root, absolute).split(sep).join('/');
}
