// tracker-before-consent in pages, templates and site configs: script tags grouped into snippets
// (a loader, its inline config and its <noscript> pixel are one tracker), Hugo's embedded Google
// Analytics template, tracker components in Astro/Vue markup, and Hugo/Jekyll config keys.
import type { ConfigPair, Fix, MarkupAttribute, MarkupElement, OffsetRange } from '../api';
import { environmentInTemplate, isBlockedInMarkup, isGatedInTemplate } from './gates';
import { blockScriptFix, youtubeMarkupFix } from './tracker-fixes';
import { COMPONENTS, googleIdProduct, HUGO_TEMPLATE, SITE_CONFIG_KEYS, SNIPPETS, trackerProduct } from './tracker-integrations';
import { settingName } from './template-includes';
import { autoBlockerBefore, isMarkupPixel } from './tracker-shapes';

export interface PagePlacement extends OffsetRange {
  tool: string;
  fixes: Fix[];
  environment?: string;
  /** Hugo's embedded partial called by name (`partial "google_analytics.html"`), which a site file of that name overrides. */
  overridable?: string;
}

interface Candidate {
  element: MarkupElement;
  src: MarkupAttribute;
  tool: string;
  category: string;
}

/** `{`https://…/${id}`}` (Astro, Svelte) and quoted values: the URL inside. */
function markupUrl(value: string): string {
  return value.replace(/^\{\s*[`'"]?/, '');
}

const URL_IN_CODE = /(?:https?:)?\/\/[a-z0-9-]+(?:\.[a-z0-9-]+)+[^\s'"`)]*/gi;

/** Inline code that loads `tool`: a vendor snippet, or a loader naming the tool's URL (Yandex Metrica's `…/metrika/tag.js`). */
function loadsTool(code: string, tool: string): boolean {
  return SNIPPETS.some(([pattern, snippetTool]) => snippetTool === tool && pattern.test(code)) || [...code.matchAll(URL_IN_CODE)].some((match) => trackerProduct(match[0])?.tool === tool);
}

/** Between two tags of one snippet: whitespace and comments only (a template tag may end a conditional branch). */
const SNIPPET_GAP = /^(?:\s|<!--[\s\S]*?-->)*$/;

/**
 * Markup visitors: tracker script/frame/pixel tags, grouped into snippets with the inline scripts
 * next to them. `claim` records an inline script whose tracker the tag already reports, so the JS
 * visitors (which run after the markup) stay silent on it.
 */
export class PageTrackers {
  private readonly snippetTags: MarkupElement[] = [];
  private readonly candidates: Candidate[] = [];
  /** A tracker tag is written in the page, loaded or held back (the page emits what the site config switches on). */
  seen = false;

  constructor(
    private readonly text: string,
    private readonly gate: RegExp,
    private readonly report: (placement: PagePlacement) => void,
    private readonly claim: (range: OffsetRange, tool: string) => void,
  ) {}

  element = (element: MarkupElement): void => {
    if (element.name === 'script' || element.name === 'noscript') this.snippetTags.push(element);
    const component = COMPONENTS.find((candidate) => candidate.name.toLowerCase() === element.name.toLowerCase() && candidate.packages.some((name) => this.text.includes(name)));
    if (component) this.placeAt(element.startTagRange, component.tool, []);
    if (!['script', 'iframe', 'img'].includes(element.name)) return;
    const src = element.attribute('src');
    const tracker = src && trackerProduct(markupUrl(src.value));
    if (tracker) this.seen = true;
    if (!src || !tracker || isBlockedInMarkup(element)) return;
    if (element.name === 'img' && !isMarkupPixel(element)) return;
    if (autoBlockerBefore(this.text, element.range.start)) return;
    this.candidates.push({ element, src, tool: tracker.tool, category: tracker.category });
  };

  'document:exit' = (): void => {
    const group = this.snippetGroups();
    const groupOf = (element: MarkupElement) => group.get(element.ancestors().find((ancestor) => ancestor.name === 'noscript') ?? element);
    for (const candidate of this.candidates) {
      const members = this.snippetTags.filter((tag) => group.get(tag) !== undefined && group.get(tag) === groupOf(candidate.element));
      const inline = members.filter((tag) => tag.name === 'script' && !tag.attribute('src') && loadsTool(tag.innerText, candidate.tool));
      if (candidate.element.ancestors().some((ancestor) => ancestor.name === 'noscript')) {
        // A <noscript> pixel next to its loader is the same tracker.
        if (inline.length > 0 || this.candidates.some((other) => other !== candidate && other.tool === candidate.tool && members.includes(other.element))) continue;
      }
      const { element, src } = candidate;
      const placed = this.placeAt(src.valueRange, candidate.tool, element.name === 'script' ? [blockScriptFix(element, candidate.category, this.text)] : youtubeMarkupFix(src));
      if (placed && element.name === 'script') for (const script of inline) this.claim(script.innerRange, candidate.tool);
    }
    for (const match of this.text.matchAll(HUGO_TEMPLATE)) {
      const name = /^\{\{-?\s*partial\s+"([^"]+)"/.exec(match[0])?.[1];
      this.placeAt({ start: match.index, end: match.index + match[0].length }, 'Google tag (gtag.js)', [], name);
    }
  };

  private placeAt(range: OffsetRange, tool: string, fixes: Fix[], overridable?: string): boolean {
    this.seen = true;
    if (isGatedInTemplate(this.text, range.start, this.gate)) return false;
    this.report({ ...range, tool, fixes, environment: environmentInTemplate(this.text, range.start), ...(overridable ? { overridable } : {}) });
    return true;
  }

  /** Script and noscript tags numbered by snippet: neighbours with nothing but blanks, comments or template tags between. */
  private snippetGroups(): Map<MarkupElement, number> {
    const groups = new Map<MarkupElement, number>();
    let previous: MarkupElement | undefined;
    let id = 0;
    for (const tag of this.snippetTags) {
      if (tag.ancestors().some((ancestor) => ancestor.name === 'noscript')) continue;
      if (!previous || !SNIPPET_GAP.test(this.text.slice(previous.range.end, tag.range.start))) id++;
      groups.set(tag, id);
      previous = tag;
    }
    return groups;
  }
}

/**
 * Hugo and Jekyll site-config keys holding a Google tag id (`services.googleAnalytics.id`,
 * `google_analytics`, `analytics.google.tracking_id`), unless the config turns the tag off.
 */
export class SiteConfigTrackers {
  private readonly found: { pair: ConfigPair; tool: string }[] = [];
  private disabled = false;

  constructor(
    private readonly path: string,
    private readonly report: (placement: PagePlacement & { key: string; setting: string }) => void,
  ) {}

  pair = (pair: ConfigPair): void => {
    const keys = settingName(pair.path);
    // Hugo's `privacy.googleAnalytics.disable`, minimal-mistakes' `analytics.provider: false`.
    if ((keys === 'privacy.googleanalytics.disable' && pair.value === true) || (keys === 'analytics.provider' && pair.value === false)) this.disabled = true;
    const tool = typeof pair.value === 'string' && SITE_CONFIG_KEYS.test(keys) ? googleIdProduct(pair.value) : undefined;
    if (tool && !this.found.some((found) => found.tool === tool)) this.found.push({ pair, tool });
  };

  'document:exit' = (): void => {
    if (this.disabled) return;
    const environment = /(^|\/)config\/(production|staging)\//.exec(this.path)?.[0].replace(/^\//, '');
    // Hugo's `config/_default/params.toml` holds the `params` table.
    const table = /(^|\/)params\.\w+$/.test(this.path) ? ['params'] : [];
    for (const { pair, tool } of this.found) {
      this.report({ ...pair.valueRange, tool, fixes: [], key: pair.path.join('.'), setting: settingName([...table, ...pair.path]), environment: environment && `${environment} (a deployment environment)` });
    }
  };
}
