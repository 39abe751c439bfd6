// The engine on its own: positions, suppressions, configuration, robustness.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allDecisions, decisionUrl, getDecision } from '../rules/decisions';
import { rules } from '../rules/index';
import { parseConfigText } from '../server/src/engine/config';
import { lintText } from '../server/src/engine/lint';
import { decodeFile } from '../server/src/engine/text';

const WEAK = 'const s = z.object({ password: z.string().min(6) });';

describe('positions', () => {
  it('are UTF-16 code units after emoji and accents', () => {
    const text = `const é = '🔐🔐'; ${WEAK}`;
    const [finding] = lintText(text, 'a.ts').findings;
    expect(finding.range.start).toEqual({ line: 0, character: text.indexOf('6)') });
    expect(text.slice(finding.offsets.start, finding.offsets.end)).toBe('6');
  });

  it('count lines the same with CRLF line endings', () => {
    const text = `// one\r\n// two\r\n${WEAK}\r\n`;
    const [finding] = lintText(text, 'a.ts').findings;
    expect(finding.range.start).toEqual({ line: 2, character: WEAK.indexOf('6)') });
  });

  it('map inline HTML scripts back into the HTML file', () => {
    const html = '<html>\n<body>\n<script>\n  if (password.length < 6) fail();\n</script>\n</body></html>';
    const [finding] = lintText(html, 'index.html').findings;
    expect(finding.range.start).toEqual({ line: 3, character: '  if (password.length < '.length });
  });

  it('map Vue and Svelte script blocks, TypeScript included', () => {
    const vue = '<template><input type="text"></template>\n<script setup lang="ts">\nconst schema = z.object({ password: z.string().min(4) as z.ZodString });\n</script>';
    expect(lintText(vue, 'Signup.vue').findings.map((finding) => finding.range.start.line)).toEqual([2]);
    const svelte = '<script lang="ts">\n  let password: string = "";\n  $: weak = password.length < 5;\n</script>\n<input type="password" bind:value={password} minlength="5">';
    expect(lintText(svelte, 'Signup.svelte').findings.map((finding) => finding.range.start.line)).toEqual([2, 4]);
  });
});

describe('decoding', () => {
  it('drops a UTF-8 BOM, decodes UTF-16, flags binary', () => {
    expect(decodeFile(Buffer.from([0xef, 0xbb, 0xbf, 0x61]))).toEqual({ text: 'a' });
    expect(decodeFile(Buffer.from([0xff, 0xfe, 0x61, 0x00]))).toEqual({ text: 'a' });
    expect(decodeFile(Buffer.from([0x61, 0x00, 0x62]))).toEqual({ binary: true });
    expect(decodeFile(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, ...'IHDR the rest of a header'.split('').map((c) => c.charCodeAt(0))]))).toEqual({ binary: true });
  });

  it('reads a source file with a NUL byte inside a string literal as text', () => {
    const source = `${'// a parser of a binary protocol\n'.repeat(20)}const SEPARATOR = "\0";\nexport const s = z.object({ password: z.string().min(6) });\n`;
    const decoded = decodeFile(Buffer.from(source));
    expect(decoded).toEqual({ text: source });
    expect(lintText((decoded as { text: string }).text, 'src/protocol.ts').findings).toHaveLength(1);
  });
});

describe('suppressions', () => {
  it('silence the next line only, and keep the reason', () => {
    const text = `// precedent-disable-next-line weak-password-policy -- kiosk PIN, locked after 3 tries\n${WEAK}\n${WEAK}`;
    const result = lintText(text, 'a.ts');
    expect(result.findings.map((finding) => finding.range.start.line)).toEqual([2]);
    expect(result.suppressed).toHaveLength(1);
    expect(result.suppressed[0].suppression).toMatchObject({ kind: 'next-line', reason: 'kiosk PIN, locked after 3 tries', ruleIds: ['weak-password-policy'] });
  });

  it('work in HTML and block comments, whole files, and only for the named rule', () => {
    const html = '<!-- precedent-disable-next-line weak-password-policy -- legacy form -->\n<input type="password" minlength="4">';
    const result = lintText(html, 'a.html');
    expect(result.findings).toEqual([]);
    expect(result.suppressed[0].suppression.reason).toBe('legacy form');
    const file = `/* precedent-disable-file weak-password-policy -- test data */\n${WEAK}\n${WEAK}`;
    expect(lintText(file, 'a.ts').findings).toEqual([]);
    const other = `// precedent-disable-next-line some-other-rule -- nope\n${WEAK}`;
    expect(lintText(other, 'a.ts').findings).toHaveLength(1);
  });
});

describe('configuration', () => {
  it('turns rules off and changes severity', () => {
    expect(lintText(WEAK, 'a.ts', { configs: [{ rules: { 'weak-password-policy': 'off' } }] }).findings).toEqual([]);
    expect(lintText(WEAK, 'a.ts', { configs: [{ rules: { 'weak-password-policy': 'info' } }] }).findings[0].severity).toBe('info');
    // Later layers (editor settings) win over the config file.
    const layered = lintText(WEAK, 'a.ts', { configs: [{ rules: { 'weak-password-policy': 'off' } }, { rules: { 'weak-password-policy': 'warning' } }] });
    expect(layered.findings[0].severity).toBe('warning');
  });

  it('passes rule options', () => {
    const strict = 'const s = z.object({ password: z.string().min(10) });';
    expect(lintText(strict, 'a.ts').findings).toHaveLength(1);
    expect(lintText(strict, 'a.ts', { configs: [{ rules: { 'weak-password-policy': { options: { passwordAloneBits: 40 } } } }] }).findings).toEqual([]);
  });

  it('explains invalid entries with file, key, line and allowed values, and keeps the valid rest', () => {
    const text = '{\n  // comment\n  "rules": {\n    "weak-password-policy": "warn",\n    "no-such-rule": "off"\n  },\n  "ignore": ["x/**"],\n  "colour": 1\n}';
    const { config, problems } = parseConfigText(text, '/p/.precedent.json', rules);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: '/p/.precedent.json', key: 'rules.weak-password-policy', line: 4, message: expect.stringContaining('"error", "warning", "info", "off"') }),
        expect.objectContaining({ key: 'rules.no-such-rule', message: expect.stringContaining('unknown rule "no-such-rule"; known rules: weak-password-policy') }),
        expect.objectContaining({ key: 'colour', message: 'unknown key "colour"' }),
      ]),
    );
    expect(problems).toHaveLength(3);
    expect(config).toEqual({ rules: {}, ignore: ['x/**'] });
  });

  it('reports invalid JSON with its position and falls back to defaults', () => {
    const { config, problems } = parseConfigText('{ "rules": ', '/p/.precedent.json', rules);
    expect(config).toEqual({});
    expect(problems[0]).toMatchObject({ key: '(root)', line: 1 });
  });

  it('rejects invalid rule options with their key', () => {
    const { problems } = parseConfigText('{ "rules": { "weak-password-policy": { "options": { "targetLength": "long" } } } }', 'c', rules);
    expect(problems[0].key).toBe('rules.weak-password-policy.options.targetLength');
  });
});

describe('robustness', () => {
  it('turns syntax errors into an error entry, never an exception', () => {
    const result = lintText('const password = z.string().min(6;', 'a.ts');
    expect(result.findings).toEqual([]);
    expect(result.errors[0]).toMatchObject({ kind: 'parse', range: { start: { line: 0 } } });
  });

  it('survives 20k-deep nesting', () => {
    const deep = `const password = ${'[\n'.repeat(20_000)}${']\n'.repeat(20_000)};`;
    const result = lintText(deep, 'deep.js');
    expect(result.parsed).toBe(true);
    expect(result.findings).toEqual([]);
  });

  it('skips oversized and minified files with a reason', () => {
    const big = `// password\n${'x'.repeat(2_000_000)}`;
    expect(lintText(big, 'big.js').errors[0]).toMatchObject({ kind: 'skipped' });
    const minified = `var password=1;${'a=1;'.repeat(30_000)}`;
    expect(lintText(minified, 'bundle.js').errors[0].message).toContain('minified');
  });

  it('keeps pathological inputs bounded: a 5 MB bundle, a 1 MB single line, a 1 MB one-line JSON', () => {
    const bundle = `var password=1;${'function a(b){return b+1}'.repeat(200_000)}`;
    expect(lintText(bundle, 'vendor.js').errors[0].message).toMatch(/^skipped: \d+ characters exceeds/);
    const oneLine = `const password = 1;${'x=1;'.repeat(240_000)}`;
    expect(lintText(oneLine, 'line.js').errors[0].message).toContain('minified');
    const json = `{"password_min_length": 6, "data": "${'a'.repeat(900_000)}"}`;
    const result = lintText(json, 'data.json');
    expect(result.errors.filter((error) => error.kind !== 'skipped')).toEqual([]);
  });

  it('never parses a file the prefilter rules out', () => {
    expect(lintText('const answer = 42;', 'a.ts').parsed).toBe(false);
    expect(lintText(WEAK, 'a.ts').parsed).toBe(true);
  });

  it('reports a crashing rule as an error entry and keeps the others', () => {
    const crashing = { ...rules[0], meta: { ...rules[0].meta, id: 'crashing' }, create: () => ({ js: { CallExpression: () => { throw new Error('boom'); } } }) };
    const result = lintText(WEAK, 'a.ts', { rules: [crashing, rules[0]] });
    expect(result.findings).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ kind: 'rule', message: 'rule crashing failed: boom' });
  });
});

describe('decision registry', () => {
  it('is the verified shared registry, copied unchanged', () => {
    const shared = join(__dirname, '..', '..', 'shared', 'decisions', 'decisions.json');
    if (existsSync(shared)) expect(JSON.parse(readFileSync(shared, 'utf8'))).toEqual(allDecisions());
    expect(allDecisions().length).toBeGreaterThan(30);
  });

  it('resolves every decision a rule cites, and links official sources first', () => {
    for (const rule of rules) for (const id of rule.meta.decisions) expect(getDecision(id), `${rule.meta.id} cites ${id}`).toBeDefined();
    expect(decisionUrl(getDecision('cnil-2022-discord')!)).toMatch(/^https:\/\/www\.cnil\.fr\//);
    expect(decisionUrl(getDecision('cnil-2020-nestor')!)).toBe('https://www.legifrance.gouv.fr/cnil/id/CNILTEXT000042848036');
  });
});
