// JS/TS/JSX/TSX through typescript-estree: one parse, one walk, every rule's visitors dispatched
// from that walk. Ranges are offsets into the whole file, also for script blocks of markup files.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type * as Estree from '@typescript-eslint/typescript-estree';
import type * as TypeScript from 'typescript';
import type { JsVisitors } from '../../../rules/api';

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

let estree: typeof Estree | undefined;
let typescript: typeof TypeScript | undefined;
/**
 * The parser and TypeScript take ~0.3 s to load: loaded on first use, so a scan answered by the
 * cache or the prefilter alone never pays for them. The build maps both requires to the
 * separately bundled dist/estree.js (server/src/engine/parser-bundle.ts).
 */
function parser(): typeof Estree {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (estree ??= require('@typescript-eslint/typescript-estree') as typeof Estree);
}
function typeScript(): typeof TypeScript {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (typescript ??= require('typescript') as typeof TypeScript);
}

/**
 * Blanks the top-level statements in which `evidence` does not occur, so that only the relevant
 * ones pay for the ESTree conversion (≈ 85 % of typescript-estree's time; TypeScript's own parse,
 * used here to find statement boundaries, is the cheap part). Imports and declarations of literal
 * constants are kept: checks elsewhere refer to them. A dropped statement becomes `;` so the
 * statements around it keep their meaning. Sources with syntax errors are returned unchanged,
 * so the error is reported by the real parse.
 */
export function pruneStatements(source: ScriptSource, evidence: RegExp): ScriptSource {
  const ts = typeScript();
  const kind = source.typescript ? (source.jsx ? ts.ScriptKind.TSX : ts.ScriptKind.TS) : source.jsx ? ts.ScriptKind.JSX : ts.ScriptKind.JS;
  const file = ts.createSourceFile('file', source.code, ts.ScriptTarget.Latest, false, kind);
  if ((file as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length > 0) return source;
  const keepsConstants = (statement: (typeof file.statements)[number]) =>
    ts.isVariableStatement(statement) &&
    statement.declarationList.declarations.every(
      (declaration) => declaration.initializer && (ts.isLiteralExpression(declaration.initializer) || ts.isPrefixUnaryExpression(declaration.initializer)),
    );
  let code = '';
  let copied = 0;
  let pruned = false;
  for (const statement of file.statements) {
    if (ts.isImportDeclaration(statement) || keepsConstants(statement) || evidence.test(source.code.slice(statement.pos, statement.end))) continue;
    code += `${source.code.slice(copied, statement.pos)};${source.code.slice(statement.pos + 1, statement.end).replace(/[^\n]/g, ' ')}`;
    copied = statement.end;
    pruned = true;
  }
  return pruned ? { ...source, code: code + source.code.slice(copied) } : source;
}

export function parseScript(source: ScriptSource): TSESTree.Program {
  // Leading spaces keep every range equal to the offset in the file, so nothing needs mapping
  // back; scanning whitespace costs the parser next to nothing.
  const code = source.offset > 0 ? ' '.repeat(source.offset) + source.code : source.code;
  try {
    return parser().parse(code, {
      range: true,
      loc: false,
      comment: false,
      tokens: false,
      jsx: source.jsx,
      filePath: source.typescript ? (source.jsx ? 'file.tsx' : 'file.ts') : source.jsx ? 'file.jsx' : 'file.js',
      suppressDeprecatedPropertyWarnings: true,
    });
  } catch (error) {
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
