// Quick fixes of tracker-before-consent: hold a tracker back until consent, or make it place nothing.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { type Fix, lineStartOf, type MarkupElement, type OffsetRange } from '../api';
import { categoryOf, renderAfterConsent, wrapInConsentCheck } from './consent-fix';

/** What the consent fixes read of the file: its text, its path (TypeScript or not) and the `gateFunction` option. */
export interface ConsentFixContext {
  text: string;
  path: string;
  gateFunction: string;
}

/** `posthog.init(…);` → `if (<consent check>) {\n  posthog.init(…);\n}` (./consent-fix.ts picks the check). */
export function wrapFix(call: TSESTree.Node, where: ConsentFixContext, tool: string): Fix[] {
  const statement = call.parent;
  if (statement?.type !== 'ExpressionStatement') return [];
  return [wrapInConsentCheck(statement, where.text, where.path, where.gateFunction, categoryOf(tool))];
}

/** `<GoogleAnalytics …/>` among other children → `{<consent check> && <GoogleAnalytics …/>}`. */
export function jsxGateFix(opening: TSESTree.JSXOpeningElement, where: ConsentFixContext, tool: string): Fix[] {
  const element = opening.parent;
  if (element?.type !== 'JSXElement' || (element.parent?.type !== 'JSXElement' && element.parent?.type !== 'JSXFragment')) return [];
  return [renderAfterConsent(element, where.text, where.path, where.gateFunction, categoryOf(tool))];
}

/** Consent Mode defaults denied, inserted on the line before a `gtag('config', …)` statement. */
export function consentModeFix(call: TSESTree.Node, text: string): Fix[] {
  const statement = call.parent;
  if (statement?.type !== 'ExpressionStatement') return [];
  const lineStart = lineStartOf(text, statement.range[0]);
  const indent = /^[ \t]*/.exec(text.slice(lineStart, statement.range[0]))?.[0] ?? '';
  return [{
    title: 'Set Google Consent Mode defaults to denied before the config',
    safe: false,
    edits: [{ start: statement.range[0], end: statement.range[0], newText: `gtag('consent', 'default', { ad_storage: 'denied', analytics_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied' });\n${indent}` }],
  }];
}

/** The consent manager already used by the page, for the attributes that make it release a tag. */
export function blockScriptFix(element: MarkupElement, category: string, text: string): Fix {
  const marketing = ['ad', 'social', 'marketing'].includes(category);
  let attributes = `type="text/plain" data-category="${marketing ? 'marketing' : 'analytics'}"`;
  if (/cookiebot/i.test(text)) attributes = `type="text/plain" data-cookieconsent="${marketing ? 'marketing' : 'statistics'}"`;
  else if (/optanon|onetrust|cookielaw\.org/i.test(text)) attributes = `type="text/plain" class="optanon-category-${marketing ? 'C0004' : 'C0002'}"`;
  const type = element.attribute('type');
  const edits = type
    ? [{ start: type.nameRange.start, end: type.valueRange.end + (text[type.valueRange.end] === '"' || text[type.valueRange.end] === "'" ? 1 : 0), newText: attributes }]
    : [{ start: element.startTagRange.start + '<script'.length, end: element.startTagRange.start + '<script'.length, newText: ` ${attributes}` }];
  return { title: 'Let the consent manager release this script after consent', safe: false, edits };
}

const YOUTUBE = /^(\s*(?:https?:)?\/\/)(?:www\.|m\.)?youtube\.com\/embed\//i;

/** youtube.com/embed → youtube-nocookie.com/embed, which sets no cookie until the video plays. */
export function youtubeMarkupFix(src: { value: string; valueRange: OffsetRange }): Fix[] {
  const match = YOUTUBE.exec(src.value);
  if (!match) return [];
  const start = src.valueRange.start + match[1].length;
  return [{ title: 'Embed from youtube-nocookie.com', safe: true, edits: [{ start, end: src.valueRange.start + match[0].length - '/embed/'.length, newText: 'www.youtube-nocookie.com' }] }];
}

export function youtubeFix(src: TSESTree.Node, text: string): Fix[] {
  if (src.type !== 'Literal' && src.type !== 'TemplateLiteral') return [];
  const start = src.range[0] + 1;
  return youtubeMarkupFix({ value: text.slice(start, src.range[1] - 1), valueRange: { start, end: src.range[1] - 1 } });
}
