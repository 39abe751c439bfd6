// Files the prefilter held back (RuleMeta.evidence answered IF_AN_IMPORT_STATES_FACTS): a route
// file that hands its request to imported functions is parsed in a whole-project scan only when a
// module it imports states facts or pending findings — directly, through re-exports, or through
// another held-back file that turned out to matter. Decided on the project's facts after the first
// pass, from import specifiers read as text: no parse to decide, and no finding lost, since
// everything such a file can state names a module it imports.
import type { FactInterest, ProjectIndex } from './project-index';
import type { LintResult } from './types';

/** Static and dynamic imports and requires: `from 'x'`, `import 'x'`, `import('x')`, `require('x')`. */
const IMPORT_SPECIFIER = /\b(?:from|import|require)\s*(?:\(\s*)?['"]([^'"\n]{1,500})['"]/g;
/** Re-exports that name their module: `export * from 'x'`, `export { a } from 'x'`, `module.exports = require('x')`. */
const RE_EXPORT_FROM =
  /\bexport\s+(?:type\s+)?(?:\*(?:\s*as\s+[\w$]+)?|\{[^{}]{0,5000}\})\s*from\s*['"]([^'"\n]{1,500})['"]|\b(?:module\.)?exports(?:\.[\w$]+)?\s*=\s*require\(\s*['"]([^'"\n]{1,500})['"]/g;
/** Imports with their bindings: `import a, { b as c } from 'x'`, `const { d } = require('x')`. */
const IMPORT_BINDINGS = /\bimport\b([^;'"]{1,2000})\bfrom\s*['"]([^'"\n]{1,500})['"]|\b(?:const|let|var)\b([^=;'"]{1,2000})=\s*require\(\s*['"]([^'"\n]{1,500})['"]/g;
/** Names a module exports again: `export { a, b }`, `export default a`, `export const x = a`, `module.exports = a`, `exports.x = a`. */
const EXPORTED_NAMES =
  /\bexport\s*\{([^{}]{0,5000})\}|\bexport\s+default\s+([\w$]+)[ \t;]*$|\bexport\s+(?:const|let|var)\s+[\w$]+\s*(?::[^=\n]{1,200})?=\s*([\w$]+)[ \t;]*$|\b(?:module\.)?exports(?:\.[\w$]+)?\s*=\s*([\w$]+)[ \t;]*$/gm;
/** Exports of an object or `export =`, whose members the text does not tie to imports: every import is followed. */
const EXPORTS_AN_OBJECT = /\bexport\s+default\s*\{|\bexport\s+(?:const|let|var)\s+[\w$]+\s*(?::[^=\n]{1,200})?=\s*\{|\bexport\s*=|\b(?:module\.)?exports(?:\.[\w$]+)?\s*=\s*\{/;
const IDENTIFIER = /[\w$]+/g;
/** Re-exports followed from an import (cycles stop earlier). */
const MAX_HOPS = 8;

export function importSpecifiers(text: string): string[] {
  return [...new Set(Array.from(text.matchAll(IMPORT_SPECIFIER), (match) => match[1]))];
}

/** The specifiers through which a module may export again what another module exports. */
function reExportSpecifiers(text: string): string[] {
  if (EXPORTS_AN_OBJECT.test(text)) return importSpecifiers(text);
  const specifiers = new Set(Array.from(text.matchAll(RE_EXPORT_FROM), (match) => match[1] ?? match[2]));
  const exported = new Set(Array.from(text.matchAll(EXPORTED_NAMES), (match) => match[1] ?? match[2] ?? match[3] ?? match[4]).flatMap((names) => names.match(IDENTIFIER) ?? []));
  if (exported.size > 0) {
    for (const [, esmClause, esmSpecifier, cjsClause, cjsSpecifier] of text.matchAll(IMPORT_BINDINGS)) {
      if ((esmClause ?? cjsClause).match(IDENTIFIER)?.some((name) => exported.has(name))) specifiers.add(esmSpecifier ?? cjsSpecifier);
    }
  }
  return [...specifiers];
}

export class HeldBackFiles {
  /** Re-export specifiers per file, read once. */
  private readonly reExports = new Map<string, string[]>();

  /** `readText`: a workspace file's text (undefined when unreadable), to follow its re-exports. */
  constructor(
    private readonly index: ProjectIndex,
    private readonly readText: (path: string) => string | undefined,
  ) {}

  /** The held-back results among `results` that matter on the index's facts as they stand. */
  thatMatter(results: Iterable<LintResult>): LintResult[] {
    const byInterest = new Map<string, { interest: FactInterest; results: LintResult[] }>();
    for (const result of results) {
      if (!result.heldBack) continue;
      const { rules, factKinds } = result.heldBack;
      const key = JSON.stringify([rules, factKinds ?? null]);
      const group = byInterest.get(key) ?? { interest: { rules: new Set(rules), ...(factKinds ? { factKinds: new Set(factKinds) } : {}) }, results: [] };
      group.results.push(result);
      byInterest.set(key, group);
    }
    // Most projects have no fact the held-back rules read: nothing to follow then.
    return [...byInterest.values()].flatMap(({ interest, results: group }) => (this.index.anyStatesFacts(interest) ? this.reaching(group, interest) : []));
  }

  /** Those of `results` whose imports reach, directly or through re-exports, a file stating facts of `interest`. */
  private reaching(results: LintResult[], interest: FactInterest): LintResult[] {
    const reaches = new Map<string, boolean>();
    const reachesFacts = (file: string, hops: number): boolean => {
      if (this.index.statesFacts(file, interest)) return true;
      const known = reaches.get(file);
      if (known !== undefined) return known;
      // A cycle, or too far: this path finds nothing (another may).
      reaches.set(file, false);
      if (hops >= MAX_HOPS) return false;
      const found = this.reExportsOf(file).some((specifier) => {
        const target = this.index.resolveModule(file, specifier);
        return target !== undefined && reachesFacts(target, hops + 1);
      });
      reaches.set(file, found);
      return found;
    };
    return results.filter((result) =>
      result.heldBack!.specifiers.some((specifier) => {
        const target = this.index.resolveModule(result.path, specifier);
        return target !== undefined && reachesFacts(target, 1);
      }),
    );
  }

  private reExportsOf(file: string): string[] {
    let specifiers = this.reExports.get(file);
    if (!specifiers) {
      const text = this.readText(file);
      specifiers = text === undefined ? [] : reExportSpecifiers(text);
      this.reExports.set(file, specifiers);
    }
    return specifiers;
  }
}

/**
 * Lints the held-back files that matter, round after round (one that matters may make another
 * matter), and records their results in the index. `lint`: lints files in full, holding nothing back.
 * Returns the new results by path.
 */
export async function lintHeldBack(
  index: ProjectIndex,
  results: Iterable<LintResult>,
  readText: (path: string) => string | undefined,
  lint: (paths: string[]) => Promise<LintResult[]>,
): Promise<Map<string, LintResult>> {
  const linted = new Map<string, LintResult>();
  let waiting = [...results].filter((result) => result.heldBack);
  const held = new HeldBackFiles(index, readText);
  for (let matter = held.thatMatter(waiting); matter.length > 0; matter = held.thatMatter(waiting)) {
    for (const result of await lint(matter.map((entry) => entry.path))) {
      linted.set(result.path, result);
      index.set(result.path, result.facts, result);
    }
    const done = new Set(matter.map((entry) => entry.path));
    waiting = waiting.filter((result) => !done.has(result.path));
  }
  return linted;
}
