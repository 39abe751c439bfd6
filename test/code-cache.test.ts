// The build records V8 code caches for the parser and the CLI bundles (scripts/parser-cache.ts,
// scripts/cli-cache.ts): this Node must accept them, or every run compiles the bundles again.
import { readFileSync } from 'node:fs';
import { wrap } from 'node:module';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { CLI_BUNDLE, CLI_CODE_CACHE } from '../server/src/engine/code-cache';
import { PARSER_BUNDLE, PARSER_CODE_CACHE } from '../server/src/engine/parser-loader';
import { runCli } from './helpers/cli';

const DIST = join(__dirname, '..', 'dist');

describe('code caches of the built bundles', () => {
  for (const [bundle, cache] of [[PARSER_BUNDLE, PARSER_CODE_CACHE], [CLI_BUNDLE, CLI_CODE_CACHE]]) {
    it(`${cache} is accepted for ${bundle}`, () => {
      const script = new Script(wrap(readFileSync(join(DIST, bundle), 'utf8')), { filename: join(DIST, bundle), cachedData: readFileSync(join(DIST, cache)) });
      expect(script.cachedDataRejected).toBe(false);
    });
  }

  it('the launcher runs the CLI bundle as the program', () => {
    const run = runCli(['--version'], DIST);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).version);
  });
});
