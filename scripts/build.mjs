// Bundles the three faces of Precedent with esbuild: one self-contained file each, so the .vsix
// ships no node_modules. `--watch` rebuilds on change.
import { build, context } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const importMetaBanner = "const __importMetaUrl = require('url').pathToFileURL(__filename).href;";
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  logLevel: 'warning',
  // jsonc-parser's UMD main hides its requires from the bundler; its ESM build does not.
  mainFields: ['module', 'main'],
  // ESM dependencies (tinyglobby's fdir) read import.meta.url, which a CJS bundle must provide.
  // The build id invalidates scan caches written by any other build of the rules.
  define: {
    PRECEDENT_VERSION: JSON.stringify(version),
    PRECEDENT_BUILD_ID: JSON.stringify(`${version}+${Date.now().toString(36)}`),
    'import.meta.url': '__importMetaUrl',
  },
  banner: { js: importMetaBanner },
  // Identifiers are kept so stack traces stay readable; whitespace and syntax are minified.
  minifyWhitespace: true,
  minifySyntax: true,
};
// The parser and TypeScript are ~95 % of the code: bundled once as dist/estree.js and loaded
// lazily (server/src/engine/parser-loader.ts), so starting the CLI or server does not compile them.
// Elsewhere their packages are required only when running from sources: never in a bundle.
const lazyParser = {
  name: 'lazy-parser',
  setup(build) {
    build.onResolve({ filter: /^(@typescript-eslint\/typescript-estree(\/use-at-your-own-risk)?|typescript)$/ }, (args) =>
      args.importer.endsWith('parser-loader.ts') ? { path: args.path, external: true } : undefined,
    );
  },
};
common.plugins = [lazyParser];
// typescript-estree's entry points load its program and project-service machinery, and semver
// checks of the TypeScript version: ~50 ms at every start of a parser, for nothing the engine calls.
// dist/estree.js takes the two modules it uses from the package's own files.
const PARSER_MODULES = {
  '@typescript-eslint/typescript-estree': 'simple-traverse.js',
  '@typescript-eslint/typescript-estree/use-at-your-own-risk': 'ast-converter.js',
};
const directParserModules = {
  name: 'direct-parser-modules',
  setup(build) {
    build.onResolve({ filter: /^@typescript-eslint\/typescript-estree(\/use-at-your-own-risk)?$/ }, (args) => ({
      path: join(dirname(createRequire(import.meta.url).resolve('@typescript-eslint/typescript-estree')), PARSER_MODULES[args.path]),
    }));
  },
};

const entries = [
  { entryPoints: ['server/src/engine/parser-bundle.ts'], outfile: 'dist/estree.js', plugins: [directParserModules] },
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
  // Scan worker threads, loaded by tinypool from next to the server and CLI bundles.
  { entryPoints: ['server/src/engine/worker.ts'], outfile: 'dist/worker.js' },
  // tinypool starts each thread from its own entry file, resolved next to the bundle that loads it.
  { entryPoints: ['node_modules/tinypool/dist/entry/worker.js'], outfile: 'dist/entry/worker.js' },
  // Development tool, not shipped: regenerates README table, rule docs and the config schema.
  { entryPoints: ['scripts/docs.ts'], outfile: 'out/docs.js' },
  // Build step, not shipped: records the parser's V8 code cache (below).
  { entryPoints: ['scripts/parser-cache.ts'], outfile: 'out/parser-cache.js' },
  // `npm run bench`: development tool, not shipped.
  ...['run', 'parse-all', 'read-all', 'rescans', 'rss-preload'].map((name) => ({ entryPoints: [`bench/${name}.ts`], outfile: `out/bench/${name}.js` })),
  // The CLI: a launcher (dist/cli.js) compiling the bundle with the code cache recorded below.
  { entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli-main.js' },
  { entryPoints: ['server/src/cli-launcher.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // Build step, not shipped: records the CLI bundle's V8 code cache (below).
  { entryPoints: ['scripts/cli-cache.ts'], outfile: 'out/cli-cache.js' },
];

if (process.argv.includes('--watch')) {
  for (const entry of entries) await (await context({ ...common, ...entry })).watch();
} else {
  await Promise.all(entries.map((entry) => build({ ...common, ...entry })));
  execFileSync(process.execPath, ['out/parser-cache.js', 'dist'], { stdio: 'inherit' });
  execFileSync(process.execPath, ['out/cli-cache.js', 'dist'], { stdio: 'inherit' });
}
