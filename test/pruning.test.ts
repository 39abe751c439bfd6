// Statement pruning must never change what a statement-scoped rule finds: every fixture is linted
// with and without it, and the dropped statements must leave the kept ones' meaning intact.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index';
import { pruneStatements } from '../server/src/engine/js-adapter';
import { lintText } from '../server/src/engine/lint';

const FIXTURES = join(__dirname, 'fixtures');

function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => (statSync(join(folder, name)).isDirectory() ? filesUnder(join(folder, name)) : [join(folder, name)]));
}

describe('statement pruning', () => {
  const scoped = rules.filter((rule) => rule.meta.statementScoped);

  it('is used by at least one rule', () => {
    expect(scoped.length).toBeGreaterThan(0);
  });

  for (const rule of scoped) {
    it(`finds the same with and without pruning: ${rule.meta.id}`, () => {
      const unpruned = { ...rule, meta: { ...rule.meta, statementScoped: false } };
      for (const file of filesUnder(FIXTURES)) {
        const text = readFileSync(file, 'utf8');
        const path = file.slice(FIXTURES.length + 1);
        const pruned = lintText(text, path, { rules: [rule] });
        const whole = lintText(text, path, { rules: [unpruned] });
        expect(pruned.findings, path).toEqual(whole.findings);
      }
    });
  }

  it('drops statements without evidence and keeps imports, literal constants and offsets', () => {
    const code = "import { z } from 'zod';\nconst MIN = 6;\nexport function Row() { return 1; }\nconst s = { password: z.string().min(MIN) };\n";
    const pruned = pruneStatements({ offset: 0, code, typescript: true, jsx: false }, /password/i).code;
    expect(pruned).toHaveLength(code.length);
    expect(pruned).toContain("import { z } from 'zod';");
    expect(pruned).toContain('const MIN = 6;');
    expect(pruned).not.toContain('Row');
    expect(pruned.indexOf('password')).toBe(code.indexOf('password'));
  });

  it('leaves a statement separator where a statement was dropped (no accidental call)', () => {
    // Without the `;`, blanking `foo()` would let `b` and `(password)()` join into one call.
    const code = 'const password = b\nfoo();\n(password)()\n';
    const pruned = pruneStatements({ offset: 0, code, typescript: false, jsx: false }, /password/).code;
    expect(pruned).toBe('const password = b;      \n(password)()\n');
  });

  it('returns sources with syntax errors unchanged', () => {
    const source = { offset: 0, code: 'const x = ;\nfoo()', typescript: true, jsx: false };
    expect(pruneStatements(source, /password/)).toBe(source);
  });
});
