// Loads the parser: TypeScript and typescript-estree, bundled as dist/estree.js (parser-bundle.ts).
// Compiling that 9 MB bundle, and the functions a parse then compiles lazily, is a third of a
// small scan's time: the build records V8's code cache after parsing sample sources
// (scripts/parser-cache.ts) and the bundle is compiled with it (code-cache.ts).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Script } from 'node:vm';
import { runBundle } from './code-cache';
import type * as ParserBundle from './parser-bundle';

export type Parser = typeof ParserBundle;

export const PARSER_BUNDLE = 'estree.js';
export const PARSER_CODE_CACHE = 'estree.cache';

/** Runs the bundle as CommonJS, compiled with `cachedData` when V8 accepts it. */
export function runParserBundle(bundlePath: string, cachedData?: Buffer): { parser: Parser; script: Script } {
  const { exports, script } = runBundle<Parser>(bundlePath, cachedData);
  return { parser: exports, script };
}

export function loadParser(): Parser {
  const bundle = join(__dirname, PARSER_BUNDLE);
  if (existsSync(bundle)) {
    const cache = join(__dirname, PARSER_CODE_CACHE);
    return runParserBundle(bundle, existsSync(cache) ? readFileSync(cache) : undefined).parser;
  }
  // From sources (tests): the packages themselves.
  /* eslint-disable @typescript-eslint/no-require-imports */
  return {
    ...(require('typescript') as typeof import('typescript')),
    simpleTraverse: (require('@typescript-eslint/typescript-estree') as typeof import('@typescript-eslint/typescript-estree')).simpleTraverse,
    astConverter: (require('@typescript-eslint/typescript-estree/use-at-your-own-risk') as typeof import('@typescript-eslint/typescript-estree/use-at-your-own-risk')).astConverter,
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
}

let loaded: Parser | undefined;
/**
 * The parser takes ~0.3 s to load (less with its code cache): loaded on first use, so a scan
 * answered by the cache or the prefilter alone never pays for it.
 */
export function parser(): Parser {
  return (loaded ??= loadParser());
}
