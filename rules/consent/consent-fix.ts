// The consent check a quick fix wraps a tracker in. It must compile where it lands: the consent
// manager's own API when the file already uses it, else a consent function the file imports or
// declares, else the `gateFunction` option the project configured, else a placeholder declared
// once in the file, documented as such and answering false until someone connects it.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { type Fix, lineStartOf, type TextEdit } from '../api';
import { ancestors } from '../ast';

export type ConsentCategory = 'analytics' | 'marketing';

/** The option's default: a name no consent manager defines, so it is a placeholder unless declared. */
export const DEFAULT_GATE_FUNCTION = 'hasConsent';

/** Advertising and social pixels ask for marketing consent; the rest for analytics. */
export function categoryOf(tool: string): ConsentCategory {
  return /Facebook|Meta Pixel|TikTok|LinkedIn|Pinterest|Snapchat|Twitter|Criteo|Google Ads|DoubleClick/i.test(tool) ? 'marketing' : 'analytics';
}

/**
 * Consent managers' own checks, as their documentation writes them, recognised by a use in the
 * file: the fix then asks the same object.
 */
const MANAGER_CHECKS: { uses: RegExp; check: (match: RegExpExecArray, category: ConsentCategory) => string }[] = [
  // Cookiebot: `Cookiebot.consent.statistics` / `.marketing`.
  { uses: /\b((?:window\.)?Cookiebot)\.consent\.(?:statistics|marketing|preferences|necessary)\b/, check: (m, category) => `${m[1]}.consent.${category === 'marketing' ? 'marketing' : 'statistics'}` },
  // OneTrust: the active groups string, performance cookies C0002, targeting cookies C0004.
  { uses: /\b((?:window\.)?OnetrustActiveGroups)\b/, check: (m, category) => `${m[1]}.includes(',${category === 'marketing' ? 'C0004' : 'C0002'},')` },
  // CookieYes.
  { uses: /\bgetCkyConsent\s*\(/, check: (_, category) => `getCkyConsent().categories.${category === 'marketing' ? 'advertisement' : 'analytics'}` },
  // orestbida/cookieconsent v3 (`CookieConsent.acceptedCategory`) and v2 (`cc.allowedCategory`).
  { uses: /\b((?:window\.)?[A-Za-z_$][\w$]*)\.(acceptedCategory|allowedCategory)\s*\(/, check: (m, category) => `${m[1]}.${m[2]}('${category}')` },
];

/** A consent function of the project: `hasConsent('analytics')`, `isConsentGiven('statistics')`, `hasAnalyticsConsent()`. */
const CONSENT_FUNCTION_CALL = /(?<![\w$.])((?:has|is|check|get)[A-Za-z]*Consent(?:Given|Granted|ed)?|[a-z][A-Za-z]*ConsentGiven)\s*\(\s*(?:(['"])[\w-]+\2\s*)?\)/g;

function declaresOrImports(text: string, name: string): boolean {
  const word = name.replace(/\$/g, '\\$');
  return new RegExp(`\\b(?:function(?:\\s*\\*)?|const|let|var|class)\\s+${word}\\b`).test(text) || new RegExp(`\\bimport\\b[^;]{0,500}[{,\\s]${word}\\b[^;]{0,500}\\bfrom\\b`).test(text);
}

interface ConsentCheck {
  condition: string;
  /** Edits declaring what the condition needs (the placeholder), empty when it exists. */
  declare: TextEdit[];
}

function isTypeScript(path: string, text: string): boolean {
  return /\.[cm]?tsx?$/.test(path) || (/\.(vue|svelte)$/.test(path) && /<script[^>]*\blang=["']ts/.test(text));
}

/** The file's indentation unit: a tab, or the smallest indentation in spaces (2 by default). */
export function indentUnit(text: string): string {
  if (/^\t+\S/m.test(text)) return '\t';
  const widths = [...text.matchAll(/^( +)\S/gm)].map((match) => match[1].length);
  return ' '.repeat(widths.length > 0 ? Math.min(...widths) : 2);
}

export function lineIndent(text: string, offset: number): string {
  const lineStart = lineStartOf(text, offset);
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/** Where a top-level declaration goes: after the imports, else before the first statement (after directives). */
function declarationOffset(program: TSESTree.Program, text: string): { offset: number; indent: string; atLineStart: boolean } {
  const lastImport = program.body.filter((statement) => statement.type === 'ImportDeclaration').at(-1);
  if (lastImport) {
    const lineEnd = text.indexOf('\n', lastImport.range[1]);
    const indent = lineIndent(text, lastImport.range[0]);
    return lineEnd === -1 ? { offset: text.length, indent, atLineStart: false } : { offset: lineEnd + 1, indent, atLineStart: true };
  }
  // The first statement, not the program's start: in a markup file that is the page's first byte.
  const first = program.body.find((statement) => !(statement.type === 'ExpressionStatement' && statement.directive));
  const offset = first?.range[0] ?? program.range[0];
  return { offset, indent: lineIndent(text, offset), atLineStart: false };
}

function placeholder(program: TSESTree.Program, text: string, path: string, name: string): TextEdit {
  const { offset, indent, atLineStart } = declarationOffset(program, text);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const unit = indentUnit(text);
  const signature = isTypeScript(path, text) ? `function ${name}(_category: 'analytics' | 'marketing'): boolean {` : `function ${name}(_category) {`;
  const lines = [
    `// TODO(precedent): placeholder — answer from your consent manager (Cookiebot, OneTrust, Didomi, …)`,
    `// whether the visitor accepted this category. Until then it answers false: the tracker stays off.`,
    signature,
    `${unit}return false;`,
    '}',
  ];
  const body = lines.join(`${eol}${indent}`);
  return atLineStart
    ? { start: offset, end: offset, newText: `${eol}${indent}${body}${eol}` }
    : { start: offset, end: offset, newText: `${body}${eol}${eol}${indent}` };
}

/** The check for `category` in this file, and what must be declared for it to compile. */
export function consentCheck(node: TSESTree.Node, text: string, path: string, gateFunction: string, category: ConsentCategory): ConsentCheck {
  for (const manager of MANAGER_CHECKS) {
    const match = manager.uses.exec(text);
    if (match) return { condition: manager.check(match, category), declare: [] };
  }
  for (const call of text.matchAll(CONSENT_FUNCTION_CALL)) {
    if (!declaresOrImports(text, call[1])) continue;
    // Called with one of our categories (a placeholder added earlier): ask for this tracker's.
    const condition = call[0].replace(/\s+/g, '').replace(/\((['"])(analytics|marketing)\1\)$/, `('${category}')`);
    return { condition, declare: [] };
  }
  const condition = `${gateFunction}('${category}')`;
  // A configured name is the project's own API; the default is declared here unless it already is.
  if (gateFunction !== DEFAULT_GATE_FUNCTION || declaresOrImports(text, gateFunction)) return { condition, declare: [] };
  const program = [...ancestors(node)].find((ancestor): ancestor is TSESTree.Program => ancestor.type === 'Program');
  return { condition, declare: program ? [placeholder(program, text, path, gateFunction)] : [] };
}

const titleOf = (check: ConsentCheck, action: string) => `${action}${check.declare.length > 0 ? ' (adds a placeholder to connect to your consent manager)' : ''}`;

/** `gtag('config', …);` → `if (<check>) {\n  gtag('config', …);\n}` in the file's indentation. */
export function wrapInConsentCheck(statement: TSESTree.Node, text: string, path: string, gateFunction: string, category: ConsentCategory): Fix {
  const check = consentCheck(statement, text, path, gateFunction, category);
  const indent = lineIndent(text, statement.range[0]);
  const unit = indentUnit(text);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const body = text.slice(statement.range[0], statement.range[1]).split(/\r?\n/).join(`${eol}${unit}`);
  const wrap = { start: statement.range[0], end: statement.range[1], newText: `if (${check.condition}) {${eol}${indent}${unit}${body}${eol}${indent}}` };
  // A declaration inserted where the statement starts becomes part of the same edit: two edits at one offset have no defined order.
  const [declare] = check.declare;
  const edits = declare?.start === wrap.start ? [{ ...wrap, newText: declare.newText + wrap.newText }] : [...check.declare, wrap];
  return { title: titleOf(check, `Run only after consent: wrap in if (${check.condition})`), safe: false, edits };
}

/** `<GoogleAnalytics …/>` among other children → `{<check> && <GoogleAnalytics …/>}`. */
export function renderAfterConsent(element: TSESTree.Node, text: string, path: string, gateFunction: string, category: ConsentCategory): Fix {
  const check = consentCheck(element, text, path, gateFunction, category);
  return {
    title: titleOf(check, `Render only after consent: {${check.condition} && …}`),
    safe: false,
    edits: [...check.declare, { start: element.range[0], end: element.range[0], newText: `{${check.condition} && ` }, { start: element.range[1], end: element.range[1], newText: '}' }],
  };
}
