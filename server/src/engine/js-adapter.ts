// JS/TS/JSX/TSX through typescript-estree: one parse, one walk, every rule's visitors dispatched
// from that walk. Ranges are offsets into the whole file, also for script blocks of markup files.
import type * as Estree from '@typescript-eslint/typescript-estree';
import type { TSESTree } from '@typescript-eslint/typescript-estree';
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
/**
 * The parser (with TypeScript) takes ~0.3 s to load: loaded on first use, so a scan answered by
 * the cache or the prefilter alone never pays for it.
 */
function parser(): typeof Estree {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (estree ??= require('@typescript-eslint/typescript-estree') as typeof Estree);
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
