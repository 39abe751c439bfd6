// Records V8's code cache for dist/estree.js after parsing this repository's own sources and
// fixtures (JS, TS, JSX, TSX), and re-parsing each after a keystroke as the language server does,
// so that the functions a scan and an edit use are in it (parser-loader.ts).
// Run by the build with the Node that will run the bundles; `node out/parser-cache.js <dist>`.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PARSER_BUNDLE, PARSER_CODE_CACHE, runParserBundle } from '../server/src/engine/parser-loader';
import { listFiles } from '../server/src/engine/workspace';

const dist = resolve(process.argv[2]);
const { parser: ts, script } = runParserBundle(join(dist, PARSER_BUNDLE));

void (async () => {
  const sources = (await listFiles('.', { only: ['rules', 'server/src', 'client/src', 'test'] })).filter((path) => /\.[cm]?[jt]sx?$/.test(path));
  for (const path of sources) {
    const kind = path.endsWith('.tsx') ? ts.ScriptKind.TSX : path.endsWith('.jsx') ? ts.ScriptKind.JSX : /\.[cm]?ts$/.test(path) ? ts.ScriptKind.TS : ts.ScriptKind.JS;
    const text = readFileSync(path, 'utf8');
    const file = ts.createSourceFile(path, text, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, true, kind);
    // A keystroke in the middle: TypeScript's incremental parser, which the editor's edits take (js-adapter.ts).
    const middle = text.length >> 1;
    ts.updateSourceFile(file, `${text.slice(0, middle)}x${text.slice(middle)}`, { span: { start: middle, length: 0 }, newLength: 1 });
    try {
      ts.simpleTraverse(ts.astConverter(file, { range: true, loc: true } as Parameters<typeof ts.astConverter>[1], false).estree, { enter: () => undefined });
    } catch {
      // Fixtures with syntax errors on purpose: the parse itself is what warms the cache.
    }
  }
  writeFileSync(join(dist, PARSER_CODE_CACHE), script.createCachedData());
})();
