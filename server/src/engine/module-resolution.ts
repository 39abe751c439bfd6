// Module resolution for the project step: which workspace file an import specifier names.
// TypeScript's own resolver (bundler mode: relative paths with extension and index resolution,
// tsconfig/jsconfig `baseUrl` + `paths`, package.json `imports` and `exports`) runs on a virtual
// host that knows only the scanned file list and the texts of the project's tsconfig, jsconfig
// and package.json files: it never touches the disk and never executes anything. Workspace
// packages of a monorepo appear under a virtual node_modules.
import { createHash } from 'node:crypto';
import { parse as parseJsonc } from 'jsonc-parser';
import type * as TypeScript from 'typescript';
import { parser } from './parser-loader';

/** A virtual absolute root, so that TypeScript's paths never meet the real file system. */
const ROOT = '/precedent-project';
const CONFIG_FILE = /(^|\/)(?:(?:tsconfig|jsconfig)(?:\.[\w-]+)?\.json|package\.json)$/;
const TSCONFIG = /(^|\/)(?:tsconfig|jsconfig)(?:\.[\w-]+)?\.json$/;
const EXPLICIT_EXTENSION = /\.(?:vue|svelte|astro|mjs|cjs|json)$/;

/** Whether a workspace file is one the resolver reads (tsconfig, jsconfig, package.json). */
export function isResolverConfig(path: string): boolean {
  return CONFIG_FILE.test(path);
}

/** `pathsBasePath` is TypeScript's own option for paths without baseUrl (set when it reads a tsconfig). */
interface PathOptions {
  baseUrl?: string;
  paths?: TypeScript.MapLike<string[]>;
  pathsBasePath?: string;
}

interface CompilerSettings {
  options: TypeScript.CompilerOptions;
  cache: TypeScript.ModuleResolutionCache;
}

/**
 * Answers of an earlier run, for the same files and configs (`key`): a rescan that resolves nothing
 * new never loads TypeScript. `null`: the specifier names nothing in the project.
 */
export interface Resolutions {
  key: string;
  answers: Record<string, string | null>;
}

export class ModuleResolver {
  private readonly files: Set<string>;
  private readonly directories = new Set<string>(['']);
  /** Workspace package name → its folder. */
  private readonly packages = new Map<string, string>();
  private readonly settingsByConfig = new Map<string, CompilerSettings>();
  private readonly resolved = new Map<string, string | undefined>();
  /** Folder → its nearest tsconfig/jsconfig (undefined: none). */
  private readonly configByDirectory = new Map<string, string | undefined>();
  private host: TypeScript.ModuleResolutionHost | undefined;

  /** What the answers depend on: the file list and the configs' texts. */
  private readonly key: string;

  /** `configs`: texts of the project's tsconfig/jsconfig/package.json files, by workspace path. */
  constructor(
    files: Iterable<string>,
    private readonly configs: ReadonlyMap<string, string>,
    remembered?: Resolutions,
  ) {
    this.files = new Set(files);
    const hash = createHash('sha256');
    for (const file of [...this.files].sort()) hash.update(`${file}\u0000`);
    for (const [path, text] of [...configs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) hash.update(`${path}\u0000${text}\u0000`);
    this.key = hash.digest('base64url');
    if (remembered?.key === this.key) for (const [key, target] of Object.entries(remembered.answers)) this.resolved.set(key, target ?? undefined);
    for (const file of [...this.files, ...configs.keys()]) {
      for (let slash = file.lastIndexOf('/'); slash > 0; slash = file.lastIndexOf('/', slash - 1)) this.directories.add(file.slice(0, slash));
    }
    for (const [path, text] of configs) {
      if (!path.endsWith('package.json')) continue;
      const name = (readJson(text) as { name?: unknown } | undefined)?.name;
      if (typeof name === 'string' && name) this.packages.set(name, dirname(path));
    }
  }

  /** The workspace file `specifier` names from `from`, or undefined (a dependency, a missing file). */
  resolve(from: string, specifier: string): string | undefined {
    const directory = dirname(from);
    // A package name (not relative, absolute or `#…`) means the same from every folder under one
    // tsconfig: the virtual host has no node_modules of its own, only the workspace packages.
    const key = /^[.#/]/.test(specifier) ? `${directory}\u0000${specifier}` : `${this.nearestConfig(directory) ?? ''}\u0001${specifier}`;
    if (this.resolved.has(key)) return this.resolved.get(key);
    const target = this.resolveUncached(from, specifier);
    this.resolved.set(key, target);
    return target;
  }

  /** Every answer so far, to remember for the next run over the same files and configs. */
  resolutions(): Resolutions {
    return { key: this.key, answers: Object.fromEntries([...this.resolved].map(([key, target]) => [key, target ?? null])) };
  }

  private resolveUncached(from: string, specifier: string): string | undefined {
    const directory = dirname(from);
    // Files TypeScript does not resolve by itself (`./Banner.vue`): named with their extension.
    if (specifier.startsWith('.') && EXPLICIT_EXTENSION.test(specifier)) {
      const path = normalize(join(directory, specifier));
      if (this.files.has(path)) return path;
    }
    const settings = this.settingsFor(from);
    // A package name that no `paths` pattern or `baseUrl` maps and no workspace package has:
    // TypeScript would only search node_modules folders, where the virtual host has nothing else.
    if (!/^[.#/]/.test(specifier) && !settings.options.baseUrl && !matchesPaths(specifier, settings.options.paths) && !this.packages.has(packageNameOf(specifier))) return undefined;
    const ts = parser();
    const result = ts.resolveModuleName(specifier, `${ROOT}/${from}`, settings.options, this.virtualHost(), settings.cache);
    const resolved = result.resolvedModule?.resolvedFileName;
    const path = resolved && this.workspacePath(resolved);
    if (path && this.files.has(path)) return path;
    return this.packageSource(specifier);
  }

  /** `@acme/shared/x` whose package.json points at a build output: its sources, `src/x` or `x`. */
  private packageSource(specifier: string): string | undefined {
    const name = packageNameOf(specifier);
    const folder = this.packages.get(name);
    if (folder === undefined) return undefined;
    const rest = specifier.slice(name.length + 1) || 'index';
    for (const candidate of [`src/${rest}`, rest]) {
      const path = this.resolve(join(folder, 'package.json'), `./${candidate}`);
      if (path) return path;
    }
    return undefined;
  }

  /** A virtual path back to the workspace path (workspace packages under node_modules included). */
  private workspacePath(absolute: string): string | undefined {
    if (!absolute.startsWith(`${ROOT}/`)) return undefined;
    const path = absolute.slice(ROOT.length + 1);
    const inModules = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)(?:\/(.*))?$/.exec(path);
    if (!inModules) return path;
    const folder = this.packages.get(inModules[1]);
    return folder === undefined ? undefined : join(folder, inModules[2] ?? '');
  }

  private virtualHost(): TypeScript.ModuleResolutionHost {
    this.host ??= {
      fileExists: (absolute) => {
        const path = this.workspacePath(absolute);
        return path !== undefined && (this.files.has(path) || this.configs.has(path));
      },
      readFile: (absolute) => {
        const path = this.workspacePath(absolute);
        return path === undefined ? undefined : this.configs.get(path);
      },
      directoryExists: (absolute) => {
        if (absolute === ROOT) return true;
        const path = absolute.startsWith(`${ROOT}/`) ? absolute.slice(ROOT.length + 1) : undefined;
        if (path === undefined) return false;
        // node_modules and scopes exist when a workspace package lives there.
        const modules = /(?:^|\/)node_modules(?:\/(@[^/]+))?$/.exec(path);
        if (modules) return [...this.packages.keys()].some((name) => !modules[1] || name.startsWith(`${modules[1]}/`));
        const mapped = this.workspacePath(absolute);
        return mapped !== undefined && this.directories.has(mapped);
      },
      realpath: (absolute) => {
        const path = this.workspacePath(absolute);
        return path === undefined ? absolute : `${ROOT}/${path}`;
      },
      getCurrentDirectory: () => ROOT,
      useCaseSensitiveFileNames: true,
    };
    return this.host;
  }

  /** The compiler options of the nearest tsconfig/jsconfig above the file (defaults without one). */
  private settingsFor(from: string): CompilerSettings {
    const config = this.nearestConfig(dirname(from));
    let settings = this.settingsByConfig.get(config ?? '');
    if (!settings) {
      const ts = parser();
      const options: TypeScript.CompilerOptions = {
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        module: ts.ModuleKind.ESNext,
        allowJs: true,
        resolveJsonModule: true,
        ...(config ? this.pathOptions(config) : {}),
      };
      settings = { options, cache: ts.createModuleResolutionCache(ROOT, (name) => name, options) };
      this.settingsByConfig.set(config ?? '', settings);
    }
    return settings;
  }

  private nearestConfig(directory: string): string | undefined {
    if (this.configByDirectory.has(directory)) return this.configByDirectory.get(directory);
    let found: string | undefined;
    for (const name of ['tsconfig.json', 'jsconfig.json']) {
      const path = join(directory, name);
      if (this.configs.has(path)) {
        found = path;
        break;
      }
    }
    if (found === undefined && directory !== '') found = this.nearestConfig(dirname(directory));
    this.configByDirectory.set(directory, found);
    return found;
  }

  /**
   * `baseUrl` and `paths` of a config, following `extends` inside the project (relative or a
   * workspace package) and, when the config only lists project references, the first reference
   * that sets paths (Vite's tsconfig.app.json).
   */
  private pathOptions(config: string, seen = new Set<string>()): PathOptions {
    if (seen.has(config)) return {};
    seen.add(config);
    const json = readJson(this.configs.get(config) ?? '') as { extends?: unknown; compilerOptions?: { baseUrl?: unknown; paths?: unknown }; references?: { path?: unknown }[] } | undefined;
    if (!json) return {};
    const parents = (Array.isArray(json.extends) ? json.extends : [json.extends]).filter((entry): entry is string => typeof entry === 'string');
    let options: PathOptions = {};
    for (const parent of parents) {
      const path = this.extendedConfig(config, parent);
      if (path) options = { ...options, ...this.pathOptions(path, seen) };
    }
    const own = json.compilerOptions ?? {};
    if (typeof own.baseUrl === 'string') options.baseUrl = `${ROOT}/${join(dirname(config), own.baseUrl)}`.replace(/\/$/, '');
    if (own.paths && typeof own.paths === 'object') {
      options.paths = own.paths as PathOptions['paths'];
      // Without baseUrl, paths are relative to the config that declares them.
      options.pathsBasePath = `${ROOT}/${dirname(config)}`.replace(/\/$/, '');
    }
    if (!options.paths && !options.baseUrl) {
      for (const reference of json.references ?? []) {
        if (typeof reference.path !== 'string') continue;
        const target = join(dirname(config), reference.path);
        const path = TSCONFIG.test(target) ? target : join(target, 'tsconfig.json');
        const referenced = this.configs.has(path) ? this.pathOptions(path, seen) : {};
        if (referenced.paths || referenced.baseUrl) return referenced;
      }
    }
    return options;
  }

  private extendedConfig(config: string, parent: string): string | undefined {
    const candidates = parent.startsWith('.') ? [join(dirname(config), parent)] : this.packageFile(parent);
    for (const candidate of candidates) {
      for (const path of [candidate, `${candidate}.json`, join(candidate, 'tsconfig.json')]) if (this.configs.has(path)) return path;
    }
    return undefined;
  }

  /** `@acme/tsconfig/base.json` → the workspace package's file, when the package is in the project. */
  private packageFile(specifier: string): string[] {
    for (const [name, folder] of this.packages) if (specifier === name || specifier.startsWith(`${name}/`)) return [join(folder, specifier.slice(name.length + 1))];
    return [];
  }
}

/** `@scope/name/x` → `@scope/name`, `name/x` → `name`. */
function packageNameOf(specifier: string): string {
  return specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
}

/** Whether a `paths` key (`@server/*`, `~/*`, an exact name) maps the specifier, as TypeScript matches them. */
function matchesPaths(specifier: string, paths: Record<string, unknown> | undefined): boolean {
  if (!paths) return false;
  return Object.keys(paths).some((pattern) => {
    const star = pattern.indexOf('*');
    if (star < 0) return pattern === specifier;
    const prefix = pattern.slice(0, star);
    const suffix = pattern.slice(star + 1);
    return specifier.length >= prefix.length + suffix.length && specifier.startsWith(prefix) && specifier.endsWith(suffix);
  });
}

function readJson(text: string): unknown {
  try {
    return parseJsonc(text, [], { allowTrailingComma: true });
  } catch {
    return undefined;
  }
}

export function dirname(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

export function join(directory: string, path: string): string {
  return normalize(directory ? `${directory}/${path}` : path);
}

/** `a/./b/../c` → `a/c`; a path climbing above the project root stays outside it (`../x`). */
export function normalize(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}
