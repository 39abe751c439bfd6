// HTML, Vue, Svelte and server templates through htmlparser2. Elements go to markup visitors;
// executable inline scripts are handed back as ScriptSources so the JS adapter parses them with
// offsets into this file.
import { parseDocument } from 'htmlparser2';
import { type ChildNode, type Element, isTag, isText } from 'domhandler';
import type { MarkupAttribute, MarkupElement, MarkupVisitors, OffsetRange } from '../../../rules/api';
import type { ScriptSource } from './js-adapter';

const EXECUTABLE_SCRIPT_TYPES = new Set([
  '', 'text/javascript', 'application/javascript', 'module', 'text/ecmascript', 'application/ecmascript',
  'text/babel', 'text/jsx', 'text/typescript', 'text/x-javascript',
  // Partytown runs these in a web worker: still the page's code.
  'text/partytown',
]);

export interface MarkupDocument {
  elements: MarkupElement[];
  scripts: ScriptSource[];
}

export function parseMarkup(text: string, dialect: 'html' | 'vue' | 'svelte' | 'template'): MarkupDocument {
  const document = parseDocument(text, {
    withStartIndices: true,
    withEndIndices: true,
    lowerCaseTags: dialect === 'html' || dialect === 'template',
    lowerCaseAttributeNames: false,
    recognizeSelfClosing: dialect !== 'html',
  });
  const elements: MarkupElement[] = [];
  const scripts: ScriptSource[] = [];
  const byNode = new Map<Element, MarkupElement>();
  // Document order with an explicit stack: 20,000 nested elements must not exhaust the call stack.
  const pending: ChildNode[] = [...document.children].reverse();
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (!isTag(node)) continue;
    const element = toMarkupElement(text, node, byNode);
    elements.push(element);
    if (element.name === 'script') {
      const script = scriptSource(element, dialect);
      if (script) scripts.push(script);
    }
    for (let child = node.children.length - 1; child >= 0; child--) pending.push(node.children[child]);
  }
  return { elements, scripts };
}

function scriptSource(element: MarkupElement, dialect: string): ScriptSource | undefined {
  const type = (element.attribute('type')?.value ?? '').trim().toLowerCase();
  if (!EXECUTABLE_SCRIPT_TYPES.has(type) || element.attribute('src')) return undefined;
  if (element.innerText.trim() === '') return undefined;
  const lang = (element.attribute('lang')?.value ?? '').toLowerCase();
  const typescript = lang === 'ts' || lang === 'tsx' || type === 'text/typescript';
  // Vue and Svelte script blocks hold no JSX unless lang says so; inline HTML scripts never do.
  const jsx = lang === 'tsx' || lang === 'jsx' || type === 'text/babel' || type === 'text/jsx' || (dialect === 'vue' && lang === '');
  // Server templates (and Jekyll/Hugo/Django pages saved as .html) put template tags inside
  // scripts; they are blanked so the JavaScript around them still parses, offsets unchanged.
  const code = dialect === 'template' || dialect === 'html' ? blankTemplateTags(element.innerText) : element.innerText;
  return { offset: element.innerRange.start, code, typescript, jsx };
}

/** Template tag openers and the closers that end them (`{{{` falls back to `}}` when no `}}}` follows). */
const TEMPLATE_OPENER = /<%|<\?|\{\{\{|\{\{|\{%|\{#/g;
const CLOSERS: Record<string, string[]> = { '<%': ['%>'], '<?': ['?>'], '{{{': ['}}}', '}}'], '{{': ['}}'], '{%': ['%}'], '{#': ['#}'] };
const OUTPUT_TAG = /^(<%[=-]|<\?(=|php\s+(echo|print)\b)|\{\{(?![#/^!>]|\s*else\b))/;

/**
 * `<%= x %>`, `<?= $x ?>`, `{{ x }}` become `0` (a valid expression, also inside strings); `{% if %}`,
 * `<% } %>`, `{{#if}}`, `<?php if: ?>` become spaces. Each tag ends at the first closer after it,
 * found with indexOf; a closer missing once is missing for every later opener (linear, where a
 * lazy `[\s\S]*?%>` rescanned the rest of the file for each unclosed opener).
 */
export function blankTemplateTags(code: string): string {
  if (!/<%|<\?|\{\{|\{%|\{#/.test(code)) return code;
  const missing = new Set<string>();
  const closerAfter = (closer: string, from: number) => {
    if (missing.has(closer)) return -1;
    const at = code.indexOf(closer, from);
    if (at === -1) missing.add(closer);
    return at;
  };
  let blanked = '';
  let copied = 0;
  TEMPLATE_OPENER.lastIndex = 0;
  for (let opener = TEMPLATE_OPENER.exec(code); opener; opener = TEMPLATE_OPENER.exec(code)) {
    const start = opener.index;
    let end = -1;
    for (const closer of CLOSERS[opener[0]]) {
      const at = closerAfter(closer, start + opener[0].length);
      if (at !== -1) {
        end = at + closer.length;
        break;
      }
    }
    if (end === -1) continue;
    const tag = code.slice(start, end);
    const blank = tag.replace(/[^\n]/g, ' ');
    blanked += code.slice(copied, start) + (OUTPUT_TAG.test(tag) ? `0${blank.slice(1)}` : blank);
    copied = end;
    TEMPLATE_OPENER.lastIndex = end;
  }
  return blanked + code.slice(copied);
}

function toMarkupElement(text: string, node: Element, byNode: Map<Element, MarkupElement>): MarkupElement {
  const start = node.startIndex ?? 0;
  const end = (node.endIndex ?? start) + 1;
  const { attributes, tagEnd } = lexStartTag(text, start);
  const firstChild = node.children[0];
  const lastChild = node.children[node.children.length - 1];
  const innerStart = firstChild?.startIndex ?? tagEnd;
  const innerEnd = lastChild?.endIndex !== undefined && lastChild.endIndex !== null ? lastChild.endIndex + 1 : innerStart;
  const innerText =
    node.children.length === 1 && isText(firstChild) ? firstChild.data : text.slice(innerStart, innerEnd);
  const element: MarkupElement = {
    name: node.name.toLowerCase(),
    attributes,
    attribute: (name) => attributes.find((attribute) => attribute.name.toLowerCase() === name.toLowerCase()),
    range: { start, end },
    startTagRange: { start, end: tagEnd },
    innerText,
    innerRange: { start: innerStart, end: innerStart + innerText.length },
    ancestors() {
      const result: MarkupElement[] = [];
      for (let parent = node.parent; parent && isTag(parent); parent = parent.parent) {
        const known = byNode.get(parent);
        if (known) result.push(known);
      }
      return result;
    },
    node,
  };
  byNode.set(node, element);
  return element;
}

const NAME_CHAR = /[^\s"'>/=]/;

/**
 * htmlparser2 gives no attribute positions, so the start tag is lexed again here (it is short):
 * names, `=`, quoted or bare values, until the closing `>`.
 */
function lexStartTag(text: string, start: number): { attributes: MarkupAttribute[]; tagEnd: number } {
  const attributes: MarkupAttribute[] = [];
  let i = start + 1;
  while (i < text.length && NAME_CHAR.test(text[i])) i++; // tag name
  while (i < text.length) {
    while (i < text.length && /\s|\//.test(text[i])) i++;
    if (i >= text.length || text[i] === '>') break;
    const nameStart = i;
    // Template expressions such as {value} or {{ x }} inside a tag are kept whole as a name.
    if (text[i] === '{') {
      const close = text.indexOf('}', i);
      i = close === -1 ? text.length : close + 1;
    } else {
      while (i < text.length && (NAME_CHAR.test(text[i]) || text[i] === '/') && !(text[i] === '/' && text[i + 1] === '>')) i++;
      if (i === nameStart) i++;
    }
    const nameRange: OffsetRange = { start: nameStart, end: i };
    let j = i;
    while (j < text.length && /\s/.test(text[j])) j++;
    let valueRange: OffsetRange = { start: i, end: i };
    if (text[j] === '=') {
      j++;
      while (j < text.length && /\s/.test(text[j])) j++;
      const quote = text[j];
      if (quote === '"' || quote === "'") {
        const close = text.indexOf(quote, j + 1);
        const valueEnd = close === -1 ? text.length : close;
        valueRange = { start: j + 1, end: valueEnd };
        i = Math.min(text.length, valueEnd + 1);
      } else if (quote === '{') {
        const close = matchBrace(text, j);
        valueRange = { start: j, end: close };
        i = close;
      } else {
        let valueEnd = j;
        while (valueEnd < text.length && !/[\s>]/.test(text[valueEnd])) valueEnd++;
        valueRange = { start: j, end: valueEnd };
        i = valueEnd;
      }
    }
    attributes.push({
      name: text.slice(nameRange.start, nameRange.end),
      value: text.slice(valueRange.start, valueRange.end),
      nameRange,
      valueRange,
    });
  }
  return { attributes, tagEnd: Math.min(text.length, i + 1) };
}

/** End offset (exclusive) of a `{…}` expression value, counting nested braces. */
function matchBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i + 1;
  }
  return text.length;
}

export function dispatchMarkup(document: MarkupDocument, visitorSets: MarkupVisitors[]): void {
  const elementHandlers = visitorSets.flatMap((visitors) => (visitors.element ? [visitors.element] : []));
  for (const element of document.elements) for (const handler of elementHandlers) handler(element);
  for (const visitors of visitorSets) visitors['document:exit']?.();
}
