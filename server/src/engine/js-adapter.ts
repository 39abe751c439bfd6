// JS/TS/JSX/TSX through typescript-estree: one parse, one walk, every rule's visitors dispatched
// from that walk. Ranges are offsets into the whole file, also for script blocks of markup files.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type * as EstreeInternals from '@typescript-eslint/typescript-estree/use-at-your-own-risk';
import type * as TypeScript from 'typescript';
import type { JsVisitors } from '../../../rules/api';
import { parser } from './parser-loader';
import { prunedView } from './pruning';

export interface ScriptSource {
  /** Offset of the script's first character in the file. */
  offset: number;
  code: string;
  typescript: boolean;
  jsx: boolean;
}

export class ParseError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

type Handler = (node: TSESTree.Node) => void;

/** What typescript-estree's converter reads of its settings; the rest concerns programs and tokens. */
const CONVERTER_SETTINGS = {
  range: true,
  // The converter computes locations anyway; dropping them would cost a walk deleting a property from every node.
  loc: true,
  tokens: false,
  comment: false,
  // TypeScript's own parse errors still fail the file; the converter's extra grammar checks
  // (≈ 10 % of its time) only reject code TypeScript parsed, which a privacy rule can read anyway.
  allowInvalidAST: true,
  errorOnUnknownASTType: false,
  suppressDeprecatedPropertyWarnings: true,
} as unknown as Parameters<typeof EstreeInternals.astConverter>[1];

/**
 * The tree of an editor buffer's last parse, for the next edit: TypeScript re-parses only what the
 * edit touched and reuses the rest (ts.updateSourceFile). The caller keeps one per document.
 */
export interface ReusableTree {
  file?: TypeScript.SourceFile;
}

/** Characters compared at once while looking for the edit: V8 compares two slices natively, ~10× faster than one character at a time in a 60 KB file. */
const COMPARED_BLOCK = 256;

/** The edit between two texts, as TypeScript wants it: the span of `before` replaced, and the new text's length there. */
function editBetween(before: string, after: string): TypeScript.TextChangeRange {
  const shorter = Math.min(before.length, after.length);
  let start = 0;
  while (start + COMPARED_BLOCK <= shorter && before.slice(start, start + COMPARED_BLOCK) === after.slice(start, start + COMPARED_BLOCK)) start += COMPARED_BLOCK;
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore - COMPARED_BLOCK >= start && endAfter - COMPARED_BLOCK >= start && before.slice(endBefore - COMPARED_BLOCK, endBefore) === after.slice(endAfter - COMPARED_BLOCK, endAfter)) {
    endBefore -= COMPARED_BLOCK;
    endAfter -= COMPARED_BLOCK;
  }
  while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
    endBefore--;
    endAfter--;
  }
  return { span: { start, length: endBefore - start }, newLength: endAfter - start };
}

/** TypeScript's tree of the code: from the previous tree when there is one of the same kind, else a full parse. */
function sourceFileOf(code: string, kind: TypeScript.ScriptKind, reuse: ReusableTree | undefined): TypeScript.SourceFile {
  const ts = parser();
  const previous = reuse?.file;
  // Parents set and JSDoc skipped, as parse() without type information does.
  const file =
    previous && (previous as { scriptKind?: TypeScript.ScriptKind }).scriptKind === kind
      ? ts.updateSourceFile(previous, code, editBetween(previous.text, code))
      : ts.createSourceFile('file', code, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, true, kind);
  if (reuse) reuse.file = file;
  return file;
}

/**
 * Parses a script as typescript-estree's parse() does. With `evidence`, only the top-level
 * statements a statement-scoped rule may need are converted to ESTree (see pruning.ts):
 * the conversion is ≈ 60 % of typescript-estree's time, TypeScript's own parse the smaller part.
 */
export function parseScript(source: ScriptSource, evidence?: RegExp, inspect?: (file: TypeScript.SourceFile) => void, reuse?: ReusableTree): TSESTree.Program {
  const ts = parser();
  // Leading spaces keep every range equal to the offset in the file, so nothing needs mapping
  // back; scanning whitespace costs the parser next to nothing.
  const code = source.offset > 0 ? ' '.repeat(source.offset) + source.code : source.code;
  const kind = source.typescript ? (source.jsx ? ts.ScriptKind.TSX : ts.ScriptKind.TS) : source.jsx ? ts.ScriptKind.JSX : ts.ScriptKind.JS;
  const file = sourceFileOf(code, kind, reuse);
  inspect?.(file);
  const diagnostics = (file as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics;
  // Only what a statement-scoped rule may need is converted; the tree stays whole for the next edit.
  const converted = evidence && diagnostics.length === 0 ? prunedView(file, evidence) : file;
  try {
    return ts.astConverter(converted, CONVERTER_SETTINGS, false).estree;
  } catch (error) {
    // The converter throws TypeScript's first syntax error, with its offset.
    const offset = typeof (error as { index?: unknown }).index === 'number' ? (error as { index: number }).index : source.offset;
    throw new ParseError(error instanceof Error ? error.message : String(error), offset);
  }
}

/** Walks a program once and calls, for every node, the handlers all rules registered for its type. */
export function dispatch(program: TSESTree.Program, visitorSets: JsVisitors[]): void {
  const handlers = new Map<string, Handler[]>();
  const exits: ((program: TSESTree.Program) => void)[] = [];
  for (const visitors of visitorSets) {
    for (const [type, handler] of Object.entries(visitors)) {
      if (!handler) continue;
      if (type === 'Program:exit') {
        exits.push(handler as (program: TSESTree.Program) => void);
        continue;
      }
      const list = handlers.get(type) ?? [];
      list.push(handler as Handler);
      handlers.set(type, list);
    }
  }
  parser().simpleTraverse(
    program,
    {
      enter(node) {
        const list = handlers.get(node.type);
        if (list) for (const handler of list) handler(node);
      },
    },
    true,
  );
  for (const exit of exits) exit(program);
}
