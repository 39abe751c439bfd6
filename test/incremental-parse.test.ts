// An editor buffer's edit is re-parsed from its previous tree (ts.updateSourceFile): the result
// must be exactly that of a fresh parse, whatever the edit, and the untouched code must be reused.
import { SyntaxKind } from 'typescript';
import { describe, expect, it } from 'vitest';
import { parseScript, type ReusableTree } from '../server/src/engine/js-adapter';
import { lintText } from '../server/src/engine/lint';

const SOURCE = `import { z } from 'zod';
export const schema = z.object({ password: z.string().min(6) });
export function Row({ value }: { value: string }) {
  const note = \`row \${value}\`;
  return <div title={note}>Hello {value}</div>;
}
export function Other() {
  return 1;
}
`;

/** Each edit: replace `length` characters at the first occurrence of `at` (plus `shift`) by `text`. */
const EDITS: { name: string; at: string; shift?: number; length?: number; text: string }[] = [
  { name: 'a keystroke in JSX text', at: 'Hello', shift: 5, text: 'x' },
  { name: 'a keystroke in a template string', at: '`row', shift: 4, text: 'y' },
  { name: 'a new statement in the middle', at: '  const note', text: '  const extra = 1;\n' },
  { name: 'an append at the end', at: 'return 1;\n}\n', shift: 12, text: '// end\n' },
  { name: 'a syntax error typed', at: 'return 1', shift: 8, text: ' +' },
  { name: 'the syntax error removed', at: 'return 1 +', shift: 8, length: 2, text: '' },
  { name: 'the policy weakened', at: 'min(6)', shift: 4, length: 1, text: '4' },
  { name: 'everything replaced', at: '', length: Number.MAX_SAFE_INTEGER, text: "const password = 'x';\n" },
];

function apply(text: string, edit: (typeof EDITS)[number]): string {
  const start = text.indexOf(edit.at) + (edit.shift ?? 0);
  return text.slice(0, start) + edit.text + text.slice(start + (edit.length ?? 0));
}

const source = (code: string) => ({ offset: 0, code, typescript: true, jsx: true });

/** A parse's tree, or the error it threw (a syntax error must be the same error either way). */
function outcome(parse: () => unknown): unknown {
  try {
    return parse();
  } catch (error) {
    return error;
  }
}

describe('incremental re-parse of an editor buffer', () => {
  it('gives the ESTree of a fresh parse after every kind of edit, and lint results equal to a fresh lint', () => {
    const tree: ReusableTree = {};
    const lintTree: ReusableTree = {};
    let text = SOURCE;
    parseScript(source(text), undefined, undefined, tree);
    lintText(text, 'Row.tsx', { reuse: lintTree });
    for (const edit of EDITS) {
      text = apply(text, edit);
      const fresh = outcome(() => parseScript(source(text)));
      const reused = outcome(() => parseScript(source(text), undefined, undefined, tree));
      expect(reused, edit.name).toEqual(fresh);
      expect(lintText(text, 'Row.tsx', { reuse: lintTree }), edit.name).toEqual(lintText(text, 'Row.tsx'));
    }
  });

  it('finds the edit in a file longer than the blocks it compares at once: at the start, at block edges, in the middle, at the end', () => {
    // 40 copies of the source, so the text spans many blocks of 256 characters.
    let text = Array.from({ length: 40 }, (_, index) => SOURCE.replace(/Row|Other|schema/g, (name) => `${name}${index}`)).join('');
    const tree: ReusableTree = {};
    parseScript(source(text), undefined, undefined, tree);
    const edits: [number, number, string][] = [
      [0, 0, '// first\n'],
      [255, 0, ' '],
      [256, 1, ''],
      [512, 0, '\n'],
      [text.length >> 1, 0, 'x'],
      [(text.length >> 1) - 300, 600, 'const replaced = 1;\n'],
      [text.length - 256, 0, ' '],
      [text.length, 0, '\nexport const last = 2;\n'],
    ];
    for (const [offset, length, inserted] of edits) {
      const at = Math.min(offset, text.length);
      text = text.slice(0, at) + inserted + text.slice(at + length);
      const fresh = outcome(() => parseScript(source(text)));
      const reused = outcome(() => parseScript(source(text), undefined, undefined, tree));
      expect(reused, `${offset}+${length}`).toEqual(fresh);
    }
  });

  it('reuses the statements an edit did not touch', () => {
    const tree: ReusableTree = {};
    parseScript(source(SOURCE), undefined, undefined, tree);
    const before = tree.file!;
    const firstStatement = before.statements[0];
    parseScript(source(`${SOURCE}// typed at the end\n`), undefined, undefined, tree);
    expect(tree.file).not.toBe(before);
    expect(tree.file!.statements[0]).toBe(firstStatement);
  });

  it('keeps the whole tree for the next edit when a rule converts only some statements', () => {
    const tree: ReusableTree = {};
    lintText(SOURCE, 'Row.tsx', { reuse: tree });
    expect(tree.file!.statements).toHaveLength(4);
    // Pruned statements are converted as empty ones, in a view: the tree itself keeps the real ones.
    expect(tree.file!.statements.filter((statement) => statement.kind === SyntaxKind.EmptyStatement)).toEqual([]);
    const weaker = SOURCE.replace('min(6)', 'min(4)');
    expect(lintText(weaker, 'Row.tsx', { reuse: tree }).findings.map((finding) => finding.message)).toEqual(lintText(weaker, 'Row.tsx').findings.map((finding) => finding.message));
  });
});
