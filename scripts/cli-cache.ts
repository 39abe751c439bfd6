// Records V8's code cache for dist/cli-main.js after scanning the bundled examples twice (cold,
// then warm from a cache file), so that the functions a run uses are in it (cli-launcher.ts).
// Run by the build with the Node that will run the bundles; `node out/cli-cache.js <dist>`.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type * as Cli from '../server/src/cli';
import { CLI_BUNDLE, CLI_CODE_CACHE, runBundle } from '../server/src/engine/code-cache';

const dist = resolve(process.argv[2]);
const { exports: cli, script } = runBundle<typeof Cli>(join(dist, CLI_BUNDLE));

void (async () => {
  const scratch = mkdtempSync(join(tmpdir(), 'precedent-cli-cache-'));
  const silent = { cwd: process.cwd(), stdout: () => undefined, stderr: () => undefined, isTty: false };
  try {
    for (let run = 0; run < 2; run++) await cli.runCli(['examples', '--format', 'json', '--threads', '0', '--cache', '--cache-location', join(scratch, 'cache.json')], silent);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  writeFileSync(join(dist, CLI_CODE_CACHE), script.createCachedData());
})();
