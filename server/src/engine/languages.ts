// Which adapter reads a file, decided by its name alone.
import type { ConfigFormat } from '../../../rules/api';

export type FileKind =
  | { adapter: 'js'; jsx: boolean; typescript: boolean }
  | { adapter: 'markup'; dialect: 'html' | 'vue' | 'svelte' | 'template' }
  | { adapter: 'config'; format: ConfigFormat };

const JS_EXTENSIONS: Record<string, boolean> = {
  // extension → JSX allowed. Plain .js/.mjs/.cjs files often hold JSX in React projects, and
  // JSX syntax never conflicts with valid JavaScript; .ts forbids it (generic arrow syntax).
  '.js': true,
  '.jsx': true,
  '.mjs': true,
  '.cjs': true,
  '.ts': false,
  '.mts': false,
  '.cts': false,
  '.tsx': true,
};

const TEMPLATE_EXTENSIONS = [
  '.ejs', '.hbs', '.handlebars', '.mustache', '.njk', '.nunjucks', '.jinja', '.jinja2', '.j2',
  '.twig', '.liquid', '.erb', '.php', '.blade.php', '.astro',
];

export function fileKind(path: string): FileKind | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (name.endsWith('.d.ts')) return undefined;
  const extension = name.includes('.') ? name.slice(name.lastIndexOf('.')) : '';
  if (extension in JS_EXTENSIONS) return { adapter: 'js', jsx: JS_EXTENSIONS[extension], typescript: /^\.[mc]?tsx?$/.test(extension) };
  if (extension === '.html' || extension === '.htm') return { adapter: 'markup', dialect: 'html' };
  if (extension === '.vue') return { adapter: 'markup', dialect: 'vue' };
  if (extension === '.svelte') return { adapter: 'markup', dialect: 'svelte' };
  if (TEMPLATE_EXTENSIONS.some((template) => name.endsWith(template))) return { adapter: 'markup', dialect: 'template' };
  if (extension === '.json' || name.endsWith('.jsonc')) return { adapter: 'config', format: 'json' };
  if (extension === '.yaml' || extension === '.yml') return { adapter: 'config', format: 'yaml' };
  if (extension === '.toml') return { adapter: 'config', format: 'toml' };
  if (extension === '.tf' || extension === '.hcl' || extension === '.tfvars') return { adapter: 'config', format: 'hcl' };
  if (name === '.env' || name.startsWith('.env.') || extension === '.env') return { adapter: 'config', format: 'env' };
  return undefined;
}

/** Glob patterns of every file some adapter reads, for the workspace walker: one brace pattern, tested once per file. */
export const SUPPORTED_GLOBS = [
  '**/{*.{js,jsx,mjs,cjs,ts,mts,cts,tsx},*.{html,htm,vue,svelte,ejs,hbs,handlebars,mustache,njk,nunjucks,jinja,jinja2,j2,twig,liquid,erb,php,astro},*.{json,jsonc,yaml,yml,toml,tf,tfvars,hcl,env},.env,.env.*}',
];
