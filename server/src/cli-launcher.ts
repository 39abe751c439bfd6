// dist/cli.js: starts the CLI bundle (dist/cli-main.js, cli.ts) compiled with the V8 code cache
// the build records (scripts/cli-cache.ts): compiling the bundle is about a fifth of a warm
// rescan. The bundle gets this module, so that it knows it was started as the program.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_BUNDLE, CLI_CODE_CACHE, runBundle } from './engine/code-cache';

const cache = join(__dirname, CLI_CODE_CACHE);
runBundle(join(__dirname, CLI_BUNDLE), existsSync(cache) ? readFileSync(cache) : undefined, module);
