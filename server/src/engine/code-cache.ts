// Runs a bundle as CommonJS compiled with a V8 code cache the build recorded: compiling a bundle,
// and the functions a run then compiles lazily, is a large share of a short run (parser-loader.ts,
// cli-launcher.ts). V8 rejects a cache made by another version or with other flags (the editor's
// Electron): the bundle then compiles as usual.
import { readFileSync } from 'node:fs';
import { createRequire, wrap } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

/** The CLI bundle and its code cache, next to the launcher (dist/cli.js, cli-launcher.ts). */
export const CLI_BUNDLE = 'cli-main.js';
export const CLI_CODE_CACHE = 'cli.cache';

/** `module`: the module object the bundle sees (a launcher passes its own, so `require.main === module` holds). */
export function runBundle<Exports>(bundlePath: string, cachedData?: Buffer, module: { exports: unknown } = { exports: {} }): { exports: Exports; script: Script } {
  const script = new Script(wrap(readFileSync(bundlePath, 'utf8')), { filename: bundlePath, cachedData });
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(bundlePath), module, bundlePath, dirname(bundlePath));
  return { exports: module.exports as Exports, script };
}
