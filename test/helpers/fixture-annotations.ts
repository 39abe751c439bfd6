// Fixture annotations: a comment `expect: <rule-id>` requires a finding of that rule on the NEXT
// line, `ok: <rule-id>` forbids one there. Shared by the single-file and the project harnesses.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ANNOTATION = /\b(expect|ok):\s*([a-z][a-z0-9-]+)/g;

/** Files under a folder, as paths relative to it. */
export function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? filesUnder(path).map((file) => `${name}/${file}`) : [name];
  });
}

/** Zero-based lines that must (`expected`) or must not (`allowed`) hold a finding, by rule id. */
export function annotations(text: string) {
  const expected = new Map<string, Set<number>>();
  const allowed = new Map<string, Set<number>>();
  text.split('\n').forEach((line, index) => {
    for (const match of line.matchAll(ANNOTATION)) {
      const target = match[1] === 'expect' ? expected : allowed;
      const lines = target.get(match[2]) ?? new Set<number>();
      lines.add(index + 1); // the next line, zero-based
      target.set(match[2], lines);
    }
  });
  return { expected, allowed };
}
