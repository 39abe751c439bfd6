// The fixture harness: every file under test/fixtures/<rule-id>/ is linted; a comment
// `expect: <rule-id>` requires a finding of that rule on the NEXT line, `ok: <rule-id>` forbids one
// there, and any finding on a line not marked `expect:` fails the test.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index';
import { lintText } from '../server/src/engine/lint';
import { annotations, filesUnder } from './helpers/fixture-annotations';

const FIXTURES = join(__dirname, 'fixtures');

const ruleIds = rules.map((rule) => rule.meta.id);

describe('every rule has fixtures with positive and negative cases', () => {
  for (const id of ruleIds) {
    it(id, () => {
      const texts = filesUnder(join(FIXTURES, id)).map((file) => readFileSync(join(FIXTURES, id, file), 'utf8'));
      expect(texts.some((text) => text.includes(`expect: ${id}`))).toBe(true);
      expect(texts.some((text) => text.includes(`ok: ${id}`))).toBe(true);
    });
  }
});

for (const folder of readdirSync(FIXTURES).filter((name) => statSync(join(FIXTURES, name)).isDirectory())) {
  describe(`fixtures/${folder}`, () => {
    for (const file of filesUnder(join(FIXTURES, folder))) {
      it(file, () => {
        const text = readFileSync(join(FIXTURES, folder, file), 'utf8');
        // The path the engine sees is relative to test/fixtures, as a workspace-relative path would be.
        const result = lintText(text, `${folder}/${file}`);
        if (!file.includes('syntax-error')) expect(result.errors.filter((error) => error.kind !== 'skipped')).toEqual([]);
        const { expected, allowed } = annotations(text);
        for (const ruleId of allowed.keys()) expect(ruleIds, `unknown rule in ok: ${ruleId}`).toContain(ruleId);
        for (const ruleId of new Set([...expected.keys(), ...result.findings.map((finding) => finding.ruleId)])) {
          expect(ruleIds, `unknown rule in expect: ${ruleId}`).toContain(ruleId);
          const found = [...new Set(result.findings.filter((finding) => finding.ruleId === ruleId).map((finding) => finding.range.start.line))].sort((a, b) => a - b);
          const wanted = [...(expected.get(ruleId) ?? [])].sort((a, b) => a - b);
          expect(found.map((line) => line + 1), `${ruleId}: lines with findings (1-based) in ${folder}/${file}`).toEqual(wanted.map((line) => line + 1));
          for (const line of allowed.get(ruleId) ?? []) expect(found).not.toContain(line);
        }
      });
    }
  });
}
