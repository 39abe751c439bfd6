// --shard i/n: deterministic parts whose union is the full scan, cross-file facts included;
// `precedent merge` joins the shards' SARIF or JSON reports.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shardOf } from '../server/src/cli/project-scan';
import { lintText } from '../server/src/engine/lint';
import { rules } from '../rules/index';
import { runCli } from './helpers/cli';
import { CROSS_FILE_PROJECT } from './helpers/cross-file-project';
import { tempProject } from './helpers/temp-project';

type JsonFinding = { path: string; ruleId: string; fingerprint: string; line: number };
const key = (finding: JsonFinding) => `${finding.path}:${finding.line} ${finding.ruleId} ${finding.fingerprint}`;

describe('--shard', () => {
  it('splits the sorted file list into disjoint, balanced parts that cover it', () => {
    const files = ['b', 'a', 'e', 'c', 'd', 'f', 'g'];
    const parts = [1, 2, 3].map((index) => shardOf(files, index, 3));
    expect(parts).toEqual([['a', 'd', 'g'], ['b', 'e'], ['c', 'f']]);
    expect(shardOf(files, 1, 1)).toEqual([...files].sort());
  });

  it('shards together report exactly the full scan, cross-file findings included, and merge into it', () => {
    const root = tempProject(CROSS_FILE_PROJECT, 'precedent-shard-');
    // Reports go elsewhere: JSON reports inside the project would be scanned as config files.
    const out = tempProject({}, 'precedent-shard-out-');
    const full = JSON.parse(runCli(['--format', 'json'], root).stdout);
    const fullKeys = full.findings.map(key).sort();
    // The cross-file fact matters: documents.js is behind auth (app.js), invoices.js is not.
    expect(full.findings.filter((finding: JsonFinding) => finding.path.startsWith('src/routes/')).map((finding: JsonFinding) => [finding.path, finding.ruleId])).toEqual([
      ['src/routes/documents.js', 'download-without-ownership-check'],
      ['src/routes/invoices.js', 'download-without-auth'],
    ]);
    const shardKeys: string[] = [];
    for (const index of [1, 2, 3]) {
      const shard = runCli(['--shard', `${index}/3`, '--format', 'json', '--output', join(out, `shard-${index}.json`)], root);
      expect(shard.code === 0 || shard.code === 1).toBe(true);
      runCli(['--shard', `${index}/3`, '--format', 'sarif', '--output', join(out, `shard-${index}.sarif`)], root);
      const report = JSON.parse(readFileSync(join(out, `shard-${index}.json`), 'utf8'));
      shardKeys.push(...report.findings.map(key));
    }
    expect(shardKeys.sort()).toEqual(fullKeys);

    const mergedJson = runCli(['merge', 'shard-1.json', 'shard-2.json', 'shard-3.json'], out);
    expect(mergedJson.code).toBe(0);
    const merged = JSON.parse(mergedJson.stdout);
    expect(merged.findings.map(key).sort()).toEqual(fullKeys);
    expect(merged.summary).toEqual(full.summary);

    const fullSarif = JSON.parse(runCli(['--format', 'sarif'], root).stdout);
    expect(runCli(['merge', 'shard-1.sarif', 'shard-2.sarif', 'shard-3.sarif', '-o', 'merged.sarif'], out).code).toBe(0);
    const mergedSarif = JSON.parse(readFileSync(join(out, 'merged.sarif'), 'utf8'));
    expect(mergedSarif.runs).toHaveLength(1);
    const sarifKey = (result: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }) =>
      `${result.locations[0].physicalLocation.artifactLocation.uri}:${result.locations[0].physicalLocation.region.startLine} ${result.ruleId}`;
    expect(mergedSarif.runs[0].results.map(sarifKey).sort()).toEqual(fullSarif.runs[0].results.map(sarifKey).sort());
  });

  it('rejects a bad shard and reports of mixed kinds', () => {
    const root = tempProject({ 'a.ts': 'export {};\n', 'x.json': '{"version": 1, "findings": []}', 'y.sarif': '{"runs": []}' }, 'precedent-shard-');
    expect(runCli(['--shard', '4/3'], root)).toMatchObject({ code: 2, stderr: expect.stringContaining('--shard takes <i>/<n> with 1 ≤ i ≤ n, got "4/3"') });
    expect(runCli(['merge', 'x.json', 'y.sarif'], root)).toMatchObject({ code: 2, stderr: expect.stringContaining('all SARIF (--format sarif) or all JSON') });
  });
});

describe('facts-only pass', () => {
  it('rules not marked statesFacts state no fact on any fixture, so turning them off keeps the facts complete', () => {
    const factless = rules.filter((rule) => !rule.meta.statesFacts);
    const fixtures = join(__dirname, 'fixtures');
    const walk = (dir: string): string[] => readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : [join(dir, name)]));
    let withFacts = 0;
    for (const file of walk(fixtures)) {
      const path = file.slice(fixtures.length + 1);
      const text = readFileSync(file, 'utf8');
      expect(lintText(text, path, { rules: factless }).facts, path).toBeUndefined();
      if (lintText(text, path).facts) withFacts++;
    }
    // The fixtures do state facts with every rule on: the check above is not vacuous.
    expect(withFacts).toBeGreaterThan(0);
  });
});
