// "Run only after consent" and "Render only after consent" produce code that compiles: each fix
// is applied, the result re-parsed and, for TypeScript, type-checked with the compiler against
// declarations of the tracker SDKs (strict, unused names reported).
import { parse } from '@typescript-eslint/typescript-estree';
import * as ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index';
import { lintText } from '../server/src/engine/lint';
import type { Finding } from '../server/src/engine/types';

const AMBIENT = `
declare function gtag(...args: unknown[]): void;
declare module 'posthog-js' { const posthog: { init(key: string, options?: object): void }; export default posthog; }
declare module '@next/third-parties/google' { export function GoogleAnalytics(props: { gaId: string }): JSX.Element; }
declare namespace JSX { interface Element {} interface IntrinsicElements { [name: string]: Record<string, unknown> } }
declare const console: { log(...values: unknown[]): void };
declare const Cookiebot: { consent: { statistics: boolean; marketing: boolean } };
`;

function trackerFindings(text: string, path: string, options?: Record<string, unknown>): Finding[] {
  const configs = options ? [{ rules: { 'tracker-before-consent': { options } } }] : undefined;
  return lintText(text, path, { rules, configs }).findings.filter((finding) => finding.ruleId === 'tracker-before-consent');
}

function applyFix(text: string, finding: Finding): string {
  const fix = finding.fixes.find((candidate) => /only after consent/.test(candidate.title));
  expect(fix, finding.message).toBeDefined();
  const edits = [...fix!.edits].sort((a, b) => b.offsets.start - a.offsets.start);
  return edits.reduce((result, edit) => result.slice(0, edit.offsets.start) + edit.newText + result.slice(edit.offsets.end), text);
}

const COMPILER_OPTIONS: ts.CompilerOptions = {
  strict: true, noUnusedLocals: true, noUnusedParameters: true, noEmit: true, skipLibCheck: true, lib: ['lib.es2022.d.ts'], types: [],
  jsx: ts.JsxEmit.Preserve, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler,
};
/** The standard library's files, parsed once for every check. */
const libFiles = new Map<string, ts.SourceFile | undefined>();
const libHost = ts.createCompilerHost(COMPILER_OPTIONS);
function libFile(name: string, version: ts.ScriptTarget | ts.CreateSourceFileOptions): ts.SourceFile | undefined {
  if (!libFiles.has(name)) libFiles.set(name, libHost.getSourceFile(name, version));
  return libFiles.get(name);
}

/** TypeScript's errors for the files (plus the ambient declarations), strict and with unused names reported. */
function typeErrors(files: Record<string, string>): string[] {
  const all: Record<string, string> = { '/project/ambient.d.ts': AMBIENT, ...Object.fromEntries(Object.entries(files).map(([name, text]) => [`/project/${name}`, text])) };
  const options: ts.CompilerOptions = { ...COMPILER_OPTIONS };
  const host = ts.createCompilerHost(options);
  host.getSourceFile = (name, version) => (name in all ? ts.createSourceFile(name, all[name], version) : libFile(name, version));
  host.fileExists = (name) => name in all || ts.sys.fileExists(name);
  host.readFile = (name) => all[name] ?? ts.sys.readFile(name);
  host.directoryExists = (name) => name === '/project' || ts.sys.directoryExists(name);
  const program = ts.createProgram(Object.keys(all), options, host);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => `${diagnostic.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`);
}

function parses(text: string, jsx = false): void {
  expect(() => parse(text, { jsx, loc: true })).not.toThrow();
}

describe('consent quick fixes produce code that compiles', () => {
  it('declares a marked placeholder once, after the imports, and wraps the call in the file\'s indentation', () => {
    const code = "import posthog from 'posthog-js';\n\nexport function start(): void {\n    posthog.init('phc_key');\n}\nstart();\n";
    const [finding] = trackerFindings(code, 'src/analytics.ts');
    const fixed = applyFix(code, finding);
    expect(fixed).toBe(
      [
        "import posthog from 'posthog-js';",
        '',
        '// TODO(precedent): placeholder — answer from your consent manager (Cookiebot, OneTrust, Didomi, …)',
        '// whether the visitor accepted this category. Until then it answers false: the tracker stays off.',
        "function hasConsent(_category: 'analytics' | 'marketing'): boolean {",
        '    return false;',
        '}',
        '',
        'export function start(): void {',
        "    if (hasConsent('analytics')) {",
        "        posthog.init('phc_key');",
        '    }',
        '}',
        'start();',
        '',
      ].join('\n'),
    );
    expect(typeErrors({ 'analytics.ts': fixed })).toEqual([]);
    expect(trackerFindings(fixed, 'src/analytics.ts')).toEqual([]);
  });

  it('the placeholder for a second tracker is not declared twice', () => {
    const code = "gtag('config', 'G-1');\nfbq('init', '123');\n";
    const [first] = trackerFindings(code, 'src/tags.ts');
    const once = applyFix(code, first);
    const [second] = trackerFindings(once, 'src/tags.ts');
    expect(second.message).toContain('Meta Pixel');
    const twice = applyFix(once, second);
    expect(twice.match(/function hasConsent/g)).toHaveLength(1);
    expect(twice).toContain("if (hasConsent('marketing')) {\n  fbq('init', '123');\n}");
    expect(typeErrors({ 'tags.ts': `declare function fbq(...args: unknown[]): void;\n${twice}` })).toEqual([]);
  });

  it('uses the consent manager the file already asks (Cookiebot)', () => {
    const code = "export function boot(): void {\n  if (Cookiebot.consent.marketing) console.log('ads');\n  gtag('config', 'G-1');\n}\n";
    const fixed = applyFix(code, trackerFindings(code, 'src/boot.ts')[0]);
    expect(fixed).toContain("  if (Cookiebot.consent.statistics) {\n    gtag('config', 'G-1');\n  }");
    expect(fixed).not.toContain('TODO(precedent)');
    expect(typeErrors({ 'boot.ts': fixed })).toEqual([]);
  });

  it('uses the project\'s own consent function the file imports', () => {
    const code = "import posthog from 'posthog-js';\nimport { hasAnalyticsConsent } from './consent';\n\nexport const ready = hasAnalyticsConsent();\nposthog.init('phc_key');\n";
    const fixed = applyFix(code, trackerFindings(code, 'src/start.ts')[0]);
    expect(fixed).toContain("if (hasAnalyticsConsent()) {\n  posthog.init('phc_key');\n}");
    expect(typeErrors({ 'start.ts': fixed, 'consent.ts': 'export function hasAnalyticsConsent(): boolean {\n  return false;\n}\n' })).toEqual([]);
  });

  it('renders a tracker component only after consent, with the placeholder in a TSX layout', () => {
    const layout = "import { GoogleAnalytics } from '@next/third-parties/google';\n\nexport const Layout = () => (\n  <body>\n    <main />\n    <GoogleAnalytics gaId=\"G-1\" />\n  </body>\n);\n";
    const fixed = applyFix(layout, trackerFindings(layout, 'app/layout.tsx')[0]);
    expect(fixed).toContain("{hasConsent('analytics') && <GoogleAnalytics gaId=\"G-1\" />}");
    expect(typeErrors({ 'layout.tsx': fixed })).toEqual([]);
  });

  it('keeps the declaration inside an inline script of an HTML page, and JavaScript without types', () => {
    const page = "<!doctype html>\n<html>\n<body>\n<script>\n\tgtag('js', new Date());\n\tgtag('config', 'G-1');\n</script>\n</body>\n</html>\n";
    const fixed = applyFix(page, trackerFindings(page, 'public/index.html')[0]);
    const script = /<script>\n([\s\S]*)<\/script>/.exec(fixed)![1];
    expect(fixed.startsWith('<!doctype html>\n<html>\n<body>\n<script>\n\t// TODO(precedent)')).toBe(true);
    expect(script).toContain('\tfunction hasConsent(_category) {\n\t\treturn false;\n\t}');
    expect(script).toContain("\tif (hasConsent('analytics')) {\n\t\tgtag('config', 'G-1');\n\t}");
    parses(script);
    expect(trackerFindings(fixed, 'public/index.html')).toEqual([]);
  });

  it('keeps a Windows file\'s line endings', () => {
    const code = "import posthog from 'posthog-js';\r\nposthog.init('phc_key');\r\n";
    const fixed = applyFix(code, trackerFindings(code, 'src/a.ts')[0]);
    expect(fixed.replace(/\r\n/g, '')).not.toContain('\n');
    expect(typeErrors({ 'a.ts': fixed })).toEqual([]);
  });
});
