// Whole-project scans: which files (supported, not ignored), their config, and linting them.
import { existsSync } from 'node:fs';
import { dirname, join, parse, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { escapePath, glob } from 'tinyglobby';
import { rules as builtInRules } from '../../../rules/index';
import { CONFIG_FILE_NAME, type ConfigProblem, parseConfigText, type PrecedentConfig } from './config';
import { SUPPORTED_GLOBS } from './languages';
import { digest } from './digest';
import { checkListing, type Listing, type ListingStore, listingKey, packageManifestsOf, WalkRecorder, withFoldersWalked } from './listing-cache';
import { contextIn } from './package-facts';
import { MAX_SMALL_FILE, readRegularFile, tooLargeSmallFile } from './safe-read';
import { lintOneFile } from './scan-task';
import type { LintResult } from './types';

/**
 * Generated, vendored and dependency folders and files: linting them reports other people's code.
 * Each is one brace pattern, because the walk tests every folder and file against each pattern.
 */
const DEFAULT_IGNORES = [
  '**/{node_modules,.git,dist,build,out,coverage,.next,.nuxt,.svelte-kit,.output,.yarn,.pnpm-store,vendor,bower_components,.precedent-cache}/**',
  '**/{*.min.js,*.min.mjs,*.bundle.js,*-lock.json,*.lock,pnpm-lock.yaml,.precedent-baseline.json,*.map}',
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
  // An explicit --config may live anywhere; the project's own is read like any workspace file.
  const read = explicitFile ? readRegularFile(parse(file).root, file, MAX_SMALL_FILE, tooLargeSmallFile) : readRegularFile(root, CONFIG_FILE_NAME, MAX_SMALL_FILE, tooLargeSmallFile);
  if ('refused' in read) return { config: {}, problems: [{ file, key: '(file)', message: read.refused }], file };
  return { ...parseConfigText(read.bytes.toString('utf8'), file, builtInRules), file };
}


const GITIGNORE = '**/.gitignore';

/** A .gitignore read as a regular file only, or why not. */
const readGitignore = (root: string, file: string) => readRegularFile(root, file, MAX_SMALL_FILE, tooLargeSmallFile);

/**
 * .gitignore files apply to their own folder and below; each is loaded once. They are found by the
 * walk that finds the sources (which follows no symbolic link), and read as regular files only: an
 * unreadable one is a warning. `digests` receives each one's content digest.
 */
function gitignoreMatchers(root: string, files: string[], warn: (message: string) => void, digests: Record<string, string>): { base: string; matcher: Ignore }[] {
  return files.flatMap((file) => {
    const read = readGitignore(root, file);
    if ('refused' in read) {
      warn(`${file} not read (${read.refused}): its patterns are not applied`);
      return [];
    }
    digests[file] = digest(read.bytes);
    return [{ base: dirname(file) === '.' ? '' : `${dirname(file)}/`, matcher: ignore().add(read.bytes.toString('utf8')) }];
  });
}

const isGitignore = (file: string) => file === '.gitignore' || file.endsWith('/.gitignore');

export interface ListOptions {
  /** Extra globs relative to root (the config's `ignore`). */
  ignore?: string[];
  /** Restrict to these paths (files or folders) relative to root. */
  only?: string[];
  /** Told about .gitignore files that could not be read. */
  onWarning?: (message: string) => void;
  /** Keeps the walk of the whole root, for the next listing to reuse when nothing changed. */
  listing?: ListingStore;
}

const WALK = { dot: true, onlyFiles: true, followSymbolicLinks: false };

/** Supported files under root, relative with forward slashes, sorted, minus ignored ones. */
export async function listFiles(root: string, options: ListOptions = {}): Promise<string[]> {
  return (await listProject(root, options)).files;
}

export interface ProjectListing {
  files: string[];
  /**
   * Each folder the walk read → whether it holds a package.json: a scan's package facts need no
   * stat of those (PackageFactsReader). Only a listing kept in a store (the scan cache) knows.
   */
  packageManifests?: ReadonlyMap<string, boolean>;
}

/** listFiles, with what the walk saw of the project's packages. */
export async function listProject(root: string, options: ListOptions = {}): Promise<ProjectListing> {
  const ignored = [...DEFAULT_IGNORES, ...(options.ignore ?? [])];
  const warn = options.onWarning ?? (() => undefined);
  if (options.only) {
    // A walk restricted to some paths still needs every .gitignore above them: a second walk.
    const [found, gitignoreFiles] = await Promise.all([
      // A path is a folder name, not a pattern: Next.js's `app/[id]` must not match `app/i`.
      glob(options.only.flatMap((path) => SUPPORTED_GLOBS.map((pattern) => (path === '.' ? pattern : `${escapePath(path.replace(/\/$/, ''))}/${pattern}`))), { ...WALK, cwd: root, ignore: ignored }),
      glob(GITIGNORE, { ...WALK, cwd: root, ignore: DEFAULT_IGNORES }),
    ]);
    return { files: notGitignored(root, found, gitignoreFiles, warn, {}) };
  }
  const key = listingKey(root, WALKED_PATTERNS, ignored);
  const { listing: store } = options;
  const check = store && checkListing(root, store.listing(), key, (file) => gitignoreDigest(root, file));
  if (check && !('stale' in check)) return { files: check.files, packageManifests: packageManifestsOf(store.listing() as Listing) };
  if (check && store) {
    // Only the folders that changed are walked again; on a warning, the whole walk tells it.
    const silent = () => undefined;
    const walks = await Promise.all(check.stale.map(async (folder) => ({ folder, ...(await walkFolder(root, key, ignored, folder, gitignoresAbove(check.listing, folder), silent)) })));
    const recorded = walks.flatMap(({ folder, walked }) => (walked ? [{ folder, walked }] : []));
    if (recorded.length === walks.length) {
      const listing = withFoldersWalked(check.listing, recorded);
      store.rememberListing(listing);
      return { files: [...check.files, ...walks.flatMap(({ files }) => files)].sort(), packageManifests: packageManifestsOf(listing) };
    }
  }
  const { files, walked } = await walkFolder(root, key, ignored, '', [], warn, store !== undefined);
  if (walked) store?.rememberListing(walked);
  return { files, packageManifests: walked && packageManifestsOf(walked) };
}

const WALKED_PATTERNS = [...SUPPORTED_GLOBS, GITIGNORE];

/**
 * One walk of `folder` ('' the root) finds the sources and the .gitignore files below it (one under
 * a folder the configuration ignores only concerns files already ignored); `outerGitignores` are
 * those above it. `walked` is its record, unless a .gitignore could not be read (or `record` is false).
 */
async function walkFolder(root: string, key: string, ignored: string[], folder: string, outerGitignores: string[], warn: (message: string) => void, record = true) {
  const recorder = record ? new WalkRecorder(root, key, folder) : undefined;
  const prefix = folder === '' ? '' : `${escapePath(folder)}/`;
  const all = await glob(
    WALKED_PATTERNS.map((pattern) => prefix + pattern),
    { ...WALK, cwd: root, ignore: ignored, fs: recorder && { readdir: recorder.readdir } },
  );
  let warned = false;
  const digests: Record<string, string> = {};
  const files = notGitignored(
    root,
    all.filter((file) => !isGitignore(file)),
    [...outerGitignores, ...all.filter(isGitignore)],
    (message) => {
      warned = true;
      warn(message);
    },
    digests,
  );
  return { files, walked: warned ? undefined : recorder?.finish(files, digests) };
}

/** The recorded .gitignore files of the folders above `folder`, which apply to it. */
function gitignoresAbove(listing: Listing, folder: string): string[] {
  return Object.keys(listing.gitignores).filter((path) => {
    const base = dirname(path);
    return base === '.' || folder.startsWith(`${base}/`);
  });
}

/** `found`, sorted, minus what the .gitignore files among `gitignoreFiles` ignore. */
function notGitignored(root: string, found: string[], gitignoreFiles: string[], warn: (message: string) => void, digests: Record<string, string>): string[] {
  const gitignores = gitignoreMatchers(root, gitignoreFiles, warn, digests);
  return found.filter((file) => !gitignores.some(({ base, matcher }) => file.startsWith(base) && matcher.ignores(file.slice(base.length)))).sort();
}

function gitignoreDigest(root: string, file: string): string | undefined {
  const read = readGitignore(root, file);
  return 'refused' in read ? undefined : digest(read.bytes);
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
