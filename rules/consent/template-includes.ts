// Trackers in template partials: `_includes/google-analytics.html`, `layouts/partials/analytics.html`,
// `partials/gtag.njk`. Whether the tag loads before consent is decided by the templates that include
// the partial (`{% if cookies_accepted %}{% include … %}{% endif %}` gates it, `{% if
// jekyll.environment == 'production' %}` does not) and, for a theme, by the site config that sets
// its id. Including templates state `include` facts; the partial's finding waits for them
// (PendingReport.project) and names the including file. The engine resolves the names.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { IncludeSite, MarkupElement, OffsetRange, ProjectCondition, ProjectContext, ProjectFact, TemplateSyntax } from '../api';
import { ancestors, descendants } from '../ast';
import { conditionInTemplate, isBlockedInMarkup, isGatedInTemplate, shorten } from './gates';
import { HUGO_TEMPLATE, SITE_CONFIG_KEYS } from './tracker-integrations';

/**
 * Include tags: Liquid/Nunjucks/Jinja/Twig `{% include x %}` (quoted or not, `include_relative`,
 * `render`), Hugo `{{ partial "x" . }}` / `{{ template "partials/x.html" . }}`, Handlebars `{{> x}}`,
 * EJS `include('x')`. Names built from variables are skipped. Bounded runs keep matching linear.
 */
const INCLUDE_TAG =
  /\{%-?\s*(include_relative|include_cached|include|render)\s+(?:(['"])([^'"\s%{}]{1,200})\2|([^'"\s%{}]{1,200}))|\{\{-?\s*(?:partial|partialCached|template)\s+"([^"{}]{1,200})"|\{\{#?>\s*(?:(['"])([^'"{}]{1,200})\6|([\w./-]{1,200}))|<%[-=_]?\s*include\(\s*(['"])([^'"]{1,200})\9/g;

/** The prefilter's keywords for templates that include others. */
export const INCLUDE_KEYWORDS = ['{% include', '{%- include', '{% render', '{%- render', '{{ partial', '{{- partial', '{{ template', '{{- template', '{{>', '{{#>', 'include('];
const INCLUDE_EVIDENCE = /\{%-?\s*(?:include|render)\b|\{\{-?\s*(?:partial|partialCached|template)\s+"|\{\{#?>|<%[-=_]?\s*include\(/;

/** The prefilter's part: a markup file that includes other templates. */
export function includesTemplates(text: string): boolean {
  return INCLUDE_EVIDENCE.test(text);
}

interface Include extends OffsetRange {
  template: string;
  syntax: TemplateSyntax;
}

/** Openers of blocks a template engine never renders: Liquid `{% raw %}`/`{% comment %}`, Handlebars `{{!-- --}}`/`{{! }}`, EJS `<%# %>`, Go template comments. */
const UNRENDERED_OPENER = /\{%-?\s*(raw|comment)\s*-?%\}|\{\{!--|\{\{!|<%#|\{\{-?\s*\/\*/g;
const LIQUID_END: Record<string, RegExp> = { raw: /\{%-?\s*endraw\s*-?%\}/g, comment: /\{%-?\s*endcomment\s*-?%\}/g };

/** Where the unrendered block an opener starts ends (-1: never closed, the rest of the file). */
function unrenderedEnd(text: string, opener: RegExpExecArray): number {
  const from = opener.index + opener[0].length;
  if (opener[1]) {
    const end = LIQUID_END[opener[1]];
    end.lastIndex = from;
    const match = end.exec(text);
    return match ? match.index + match[0].length : -1;
  }
  const closer = opener[0] === '{{!--' ? '--}}' : opener[0] === '{{!' ? '}}' : opener[0] === '<%#' ? '%>' : '*/';
  const at = text.indexOf(closer, from);
  return at < 0 ? -1 : at + closer.length;
}

/** Ranges of code examples and comments in a template: an include written there is never rendered. */
function unrenderedRanges(text: string): OffsetRange[] {
  const ranges: OffsetRange[] = [];
  UNRENDERED_OPENER.lastIndex = 0;
  for (let opener = UNRENDERED_OPENER.exec(text); opener; opener = UNRENDERED_OPENER.exec(text)) {
    const end = unrenderedEnd(text, opener);
    ranges.push({ start: opener.index, end: end < 0 ? text.length : end });
    if (end < 0) break;
    UNRENDERED_OPENER.lastIndex = end;
  }
  return ranges;
}

function includeTags(text: string): Include[] {
  const includes: Include[] = [];
  const unrendered = unrenderedRanges(text);
  for (const match of text.matchAll(INCLUDE_TAG)) {
    const range = { start: match.index, end: match.index + match[0].length };
    if (unrendered.some((dead) => dead.start <= range.start && range.start < dead.end)) continue;
    if (match[1]) {
      const name = match[3] ?? match[4];
      // Jekyll's include_relative is relative to the including file; Shopify's render names a snippet without extension.
      includes.push({ ...range, template: match[1] === 'include_relative' ? `./${name}` : name, syntax: 'liquid' });
    } else if (match[5]) {
      if (!match[5].startsWith('_internal/')) includes.push({ ...range, template: match[5], syntax: 'go' });
    } else if (match[7] ?? match[8]) includes.push({ ...range, template: (match[7] ?? match[8])!, syntax: 'handlebars' });
    else if (match[10]) includes.push({ ...range, template: match[10], syntax: 'ejs' });
  }
  return includes;
}

/**
 * Markup visitors stating how this template includes others: behind a consent conditional, inside
 * a script a consent manager releases (`type="text/plain" data-cookieconsent="statistics"`, Klaro's
 * `data-type`/`data-name`), or not, with the other condition around it (an environment, a setting).
 */
export class TemplateIncludes {
  private readonly blocked: OffsetRange[] = [];
  /** Inline scripts the page runs: an include inside one is judged by the JavaScript around it. */
  private readonly scripts: OffsetRange[] = [];
  /** Includes inside inline scripts, waiting for the script's syntax tree (`program`). */
  private readonly inScripts: (Include & { condition?: string })[] = [];

  constructor(
    private readonly text: string,
    private readonly gate: () => RegExp,
    private readonly addFact: (fact: ProjectFact) => void,
  ) {}

  element = (element: MarkupElement): void => {
    if (element.name !== 'script') return;
    if (isBlockedInMarkup(element)) this.blocked.push(element.innerRange);
    else if (!element.attribute('src')) this.scripts.push(element.innerRange);
  };

  'document:exit' = (): void => {
    if (!includesTemplates(this.text)) return;
    const inside = (ranges: OffsetRange[], include: Include) => ranges.some((range) => range.start <= include.start && include.end <= range.end);
    for (const include of includeTags(this.text)) {
      const gated = isGatedInTemplate(this.text, include.start, this.gate()) || inside(this.blocked, include);
      const condition = gated ? undefined : conditionInTemplate(this.text, include.start);
      // `if (hasConsent('analytics')) { {% include ga.js %} }`, a consent manager's callback around it.
      if (!gated && inside(this.scripts, include)) this.inScripts.push({ ...include, ...(condition ? { condition } : {}) });
      else this.state(include, gated, condition);
    }
  };

  /** An inline script's tree (the JS visitors run after the markup ones): its includes, gated by the code around them or not. */
  program = (program: TSESTree.Program, isGated: (node: TSESTree.Node) => boolean): void => {
    const [start, end] = program.range;
    for (const include of this.inScripts.filter((each) => start <= each.start && each.end <= end)) {
      // The include tag is blanked in the script: the innermost node around it is where it runs.
      let innermost: TSESTree.Node = program;
      for (const node of descendants(program)) if (node.range[0] <= include.start && include.end <= node.range[1] && node.range[1] - node.range[0] < innermost.range[1] - innermost.range[0]) innermost = node;
      const gated = isGated(innermost);
      const script = gated ? undefined : scriptCondition(innermost, this.text);
      this.state(include, gated, gated ? undefined : include.condition, script);
    }
  };

  private state(include: Include, gated: boolean, condition: string | undefined, script?: string): void {
    this.addFact({ kind: 'include', template: include.template, syntax: include.syntax, gated, ...(condition ? { condition } : {}), ...(script ? { scriptCondition: script } : {}) });
  }
}

/** The innermost `if`/`?:`/`&&` condition of the script around `node`, shortened for a message. */
function scriptCondition(node: TSESTree.Node, text: string): string | undefined {
  let child = node;
  for (const parent of ancestors(node)) {
    const test = (parent.type === 'IfStatement' || parent.type === 'ConditionalExpression') && child !== parent.test ? parent.test : parent.type === 'LogicalExpression' && child === parent.right ? parent.left : undefined;
    if (test) return shorten(text.slice(test.range[0], test.range[1]), 100);
    child = parent;
  }
  return undefined;
}

/** `site.google_analytics`, `.Site.GoogleAnalytics`, `site.Config.Services.GoogleAnalytics.ID`, `.Site.Params.analytics.google`. */
const SETTING_READ = /(?:\bsite|\.Site)\.(?:Config\.)?([A-Za-z_][\w.]{0,120})/g;

/** A site-config key as settings are compared: lower case, without `_` and `-`. */
export function settingName(keys: readonly string[]): string {
  return keys.map((key) => key.toLowerCase().replace(/[_-]/g, '')).join('.');
}

/** The tracker settings of the site config a template reads (Hugo's embedded Google Analytics template reads its two). */
export function settingsRead(text: string): string[] {
  const settings = new Set<string>();
  for (const match of text.matchAll(SETTING_READ)) {
    const setting = settingName(match[1].replace(/\.$/, '').split('.'));
    if (SITE_CONFIG_KEYS.test(setting)) settings.add(setting);
  }
  if (text.search(HUGO_TEMPLATE) >= 0) for (const setting of ['services.googleanalytics.id', 'googleanalytics']) settings.add(setting);
  return [...settings];
}

/** Until the project says otherwise: the partial's finding stands when no template includes it and no site config switches it on. */
export function standaloneCondition(path: string): ProjectCondition {
  return { fact: 'included', module: path, holds: false };
}

/** What a template's finding keeps for the project step: its message around the place where the includes go. */
export interface TemplateFindingData {
  lead: string;
  rest: string;
  [key: string]: string;
}

const list = (files: string[]) => (files.length <= 2 ? files.map((file) => `\`${file}\``).join(' and ') : `\`${files[0]}\`, \`${files[1]}\` and ${files.length - 2} more`);

/**
 * The partial's finding once the including templates and site configs are known: none when every
 * include is behind consent, else the message naming who includes it without a gate and which
 * site config switches it on. Undefined also when the project adds nothing (the standalone finding stands).
 */
export function settleTemplateFinding(data: TemplateFindingData, project: ProjectContext): string | undefined {
  const ungated = project.includes.filter((site) => !site.gated);
  if (project.includes.length > 0 && ungated.length === 0) return undefined;
  if (project.includes.length === 0 && project.settings.length === 0) return undefined;
  const sentences: string[] = [];
  if (ungated.length > 0) sentences.push(includedSentence(ungated));
  if (project.settings.length > 0) {
    const setting = project.settings[0];
    sentences.push(`\`${setting.file}\` switches it on with \`${setting.key}\`${project.settings.length > 1 ? ` (and ${project.settings.length - 1} more site config${project.settings.length > 2 ? 's' : ''})` : ''}.`);
  }
  return `${data.lead} ${sentences.join(' ')}${data.rest}`;
}

function includedSentence(sites: IncludeSite[]): string {
  const scripted = sites.filter((site) => site.scriptCondition);
  const conditioned = sites.filter((site) => site.condition && !site.scriptCondition);
  const plain = sites.filter((site) => !site.condition && !site.scriptCondition);
  const parts: string[] = [];
  if (plain.length > 0) parts.push(`${list(plain.map((site) => site.file))} include${plain.length === 1 ? 's' : ''} it without a consent check`);
  for (const site of conditioned.slice(0, 2)) parts.push(`\`${site.file}\` includes it under \`${site.condition}\`, which does not test the visitor's consent`);
  if (conditioned.length > 2) parts.push(`${conditioned.length - 2} more templates include it under conditions that do not test consent`);
  // A script's own condition may be a consent check under a name Precedent does not know: say so, do not judge it.
  for (const site of scripted.slice(0, 2)) parts.push(`\`${site.file}\` includes it in a script under \`${site.scriptCondition}\`, which Precedent does not recognise as a consent check (if it is one, add its name to the rule's \`gateNames\` option)`);
  if (scripted.length > 2) parts.push(`${scripted.length - 2} more templates include it in scripts under conditions not recognised as consent checks`);
  return `${parts.join('; ')}.`;
}
