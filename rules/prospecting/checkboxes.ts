// Checkboxes of markup (HTML, Vue, Svelte, server templates) and JSX that are ticked before the
// visitor acts, and whether what they tick is a marketing opt-in (by field name or label text).
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { MarkupAttribute, MarkupElement, OffsetRange } from '../api';
import { keyName, staticName } from '../ast';
import { isMarketingField, MARKETING_LABEL, NOT_MARKETING_LABEL } from './marketing-data';

/** Component libraries' checkboxes and switches: `el-checkbox`, `v-checkbox`, `<Checkbox>`, `<Switch>`. */
const CHECKBOX_COMPONENT = /checkbox|switch|toggle/i;
/** Vue/Svelte bindings of a checkbox's state. */
const BINDING_ATTRIBUTE = /^(v-model|v-model:checked|:checked|v-bind:checked|bind:checked|checked|:model-value|v-model:model-value|:value)$/;
const LABEL_LENGTH = 300;
/** Server-template tags inside a start tag: what they print depends on data. */
const TEMPLATE_TAG = /<%|\{\{|\{%|<\?|@if\b/;
/**
 * Template expressions and conditional blocks (EJS/PHP tags, Handlebars/Twig/Jinja/Go `if` blocks, Blade `@if`),
 * each at most 20,000 characters: unbounded, every unclosed opener rescanned the rest of the file.
 */
const TEMPLATE_CONDITION = /<%[\s\S]{0,20000}?%>|<\?[\s\S]{0,20000}?\?>|\{\{#if[\s\S]{0,20000}?\{\{\/if\}\}|\{%-?\s*if[\s\S]{0,20000}?endif\s*-?%\}|\{\{-?\s*if[\s\S]{0,20000}?\{\{-?\s*end\s*-?\}\}|@if\b[\s\S]{0,20000}?@endif|\{\{[\s\S]{0,20000}?\}\}/g;

export type Ticked =
  /** Ticked in the markup itself; `remove` deletes what ticks it. */
  | { kind: 'static'; remove: OffsetRange }
  /** Bound to a variable or field whose initial value decides (`v-model="form.newsletter"`). */
  | { kind: 'bound'; name: string };

/** The text around a checkbox, when it is short and about this checkbox alone (not a whole form's). */
function surroundingText(html: string): string {
  const text = plainText(html);
  return text.length <= LABEL_LENGTH && (html.match(/checkbox|checked/gi) ?? []).length <= 2 ? text : '';
}

/** Text of an element without its tags, collapsed. */
function plainText(html: string): string {
  return html.replace(/<[^<>]*>/g, ' ').replace(/\{\{[^{}]*\}\}/g, ' ').replace(/\s+/g, ' ').trim();
}

export function isMarkupCheckbox(element: MarkupElement): boolean {
  if (element.name === 'input') return element.attribute('type')?.value.toLowerCase() === 'checkbox';
  return CHECKBOX_COMPONENT.test(element.name);
}

/** The last name of a binding expression: `form.newsletter` → newsletter, `{newsletter}` → newsletter. */
export function boundName(value: string): string | undefined {
  const match = /(?<![\w$])([A-Za-z_$][\w$]*)\s*(?:\}\s*)?$/.exec(value.trim());
  return match?.[1];
}

/** How a markup checkbox is ticked before any click, if it is. */
export function markupTicked(element: MarkupElement, text: string): Ticked | undefined {
  // `<%= user.newsletter ? 'checked' : '' %>`, `{% if optIn %} checked{% endif %}`: ticked only for those who chose.
  const startTag = text.slice(element.startTagRange.start, element.startTagRange.end);
  if (TEMPLATE_TAG.test(startTag) && !/\bchecked\b/i.test(startTag.replace(TEMPLATE_CONDITION, ''))) return undefined;
  for (const attribute of element.attributes) {
    if (attribute.name === 'checked' || attribute.name === 'defaultChecked') {
      const value = attribute.value.replace(/[{}\s]/g, '');
      if (value === '' || value === 'checked' || value === 'true') return { kind: 'static', remove: attributeRemoval(attribute, text) };
      const name = boundName(attribute.value);
      if (name && attribute.value.startsWith('{')) return { kind: 'bound', name };
      continue;
    }
    if (!BINDING_ATTRIBUTE.test(attribute.name)) continue;
    if (attribute.value.trim() === 'true') return { kind: 'static', remove: attributeRemoval(attribute, text) };
    const name = boundName(attribute.value);
    if (name && attribute.name !== ':value') return { kind: 'bound', name };
  }
  return undefined;
}

/** The attribute with its value and closing quote. */
function attributeRemoval(attribute: MarkupAttribute, text: string): OffsetRange {
  const start = attribute.nameRange.start;
  const end = Math.max(attribute.nameRange.end, attribute.valueRange.end + (/['"]/.test(text[attribute.valueRange.end] ?? '') ? 1 : 0));
  return { start, end };
}

/** Labels by the id they point to (`<label for="optin">`), for checkboxes labelled from elsewhere. */
export function labelsByTarget(elements: MarkupElement[]): Map<string, string> {
  const labels = new Map<string, string>();
  for (const element of elements) {
    const target = element.name === 'label' ? element.attribute('for') ?? element.attribute('htmlFor') : undefined;
    if (target) labels.set(target.value, plainText(element.innerText));
  }
  return labels;
}

/** What the checkbox is about: its names and the text a visitor reads next to it. */
export function markupSubject(element: MarkupElement, labels: Map<string, string>): { names: string[]; label: string } {
  const names = ['name', 'id', 'v-model', 'bind:checked', ':checked', 'formControlName', 'ng-model', 'data-field']
    .map((name) => element.attribute(name)?.value)
    .filter((value): value is string => value !== undefined)
    .map((value) => boundName(value) ?? value);
  const id = element.attribute('id')?.value;
  const own = plainText(element.innerText);
  const around = element.ancestors().find((ancestor) => ancestor.name === 'label' || plainText(ancestor.innerText).length > own.length);
  const label = [own, element.attribute('label')?.value ?? '', (id && labels.get(id)) ?? '', around ? surroundingText(around.innerText) : ''].join(' ');
  return { names, label };
}

/** A marketing opt-in by its names (field, id, binding) or, failing those, by its label. */
export function isMarketingOptIn(names: (string | undefined)[], label: string): boolean {
  if (NOT_MARKETING_LABEL.test(label)) return false;
  return names.some((name) => isMarketingField(name)) || MARKETING_LABEL.test(label);
}

/** How a JSX checkbox is ticked: `checked`, `defaultChecked`, `={true}`, or bound to a state variable. */
export function jsxTicked(opening: TSESTree.JSXOpeningElement): { attribute: TSESTree.JSXAttribute; ticked: Ticked } | undefined {
  for (const attribute of opening.attributes) {
    if (attribute.type !== 'JSXAttribute' || !/^(checked|defaultChecked|isChecked|defaultIsChecked|value|defaultValue|isSelected|defaultSelected)$/.test(keyName(attribute) ?? '')) continue;
    const boolean = /checked|selected/i.test(keyName(attribute) ?? '');
    const value = attribute.value;
    if (value === null && boolean) return { attribute, ticked: { kind: 'static', remove: { start: attribute.range[0], end: attribute.range[1] } } };
    if (value?.type !== 'JSXExpressionContainer') continue;
    const expression = value.expression;
    if (expression.type === 'Literal' && expression.value === true) return { attribute, ticked: { kind: 'static', remove: { start: attribute.range[0], end: attribute.range[1] } } };
    if (boolean && (expression.type === 'Identifier' || expression.type === 'MemberExpression')) {
      const name = staticName(expression);
      if (name) return { attribute, ticked: { kind: 'bound', name } };
    }
  }
  return undefined;
}

export function isJsxCheckbox(opening: TSESTree.JSXOpeningElement): boolean {
  const name = opening.name.type === 'JSXIdentifier' ? opening.name.name : opening.name.type === 'JSXMemberExpression' ? staticName(opening.name.property) : undefined;
  if (!name) return false;
  if (name === 'input') {
    const type = opening.attributes.find((attribute) => attribute.type === 'JSXAttribute' && keyName(attribute) === 'type');
    return type?.type === 'JSXAttribute' && type.value?.type === 'Literal' && type.value.value === 'checkbox';
  }
  return CHECKBOX_COMPONENT.test(name);
}

/** Names of a JSX checkbox (name, id, `{...register('newsletter')}`) and the text of the element around it. */
export function jsxSubject(opening: TSESTree.JSXOpeningElement, getText: (node: TSESTree.Node) => string): { names: string[]; label: string } {
  const names: string[] = [];
  for (const attribute of opening.attributes) {
    if (attribute.type === 'JSXSpreadAttribute') {
      const spread = attribute.argument;
      if (spread.type === 'CallExpression') names.push(...spread.arguments.map((arg) => staticName(arg) ?? '').filter(Boolean));
      continue;
    }
    if (/^(name|id|htmlFor|data-field)$/.test(keyName(attribute) ?? '') && attribute.value?.type === 'Literal') names.push(String(attribute.value.value));
  }
  const element = opening.parent;
  // MUI `<FormControlLabel control={<Checkbox defaultChecked />} label="Newsletter" />`: the label of the element holding it.
  const holder = element?.parent?.type === 'JSXExpressionContainer' && element.parent.parent?.type === 'JSXAttribute' ? element.parent.parent.parent : undefined;
  const labelAttribute = [...opening.attributes, ...(holder?.type === 'JSXOpeningElement' ? holder.attributes : [])].find((attribute) => attribute.type === 'JSXAttribute' && keyName(attribute) === 'label');
  const labelText = labelAttribute?.type === 'JSXAttribute' && labelAttribute.value ? getText(labelAttribute.value) : '';
  const own = element?.type === 'JSXElement' ? jsxText(element, getText) : '';
  const around = element?.parent?.type === 'JSXElement' ? surroundingText(getText(element.parent)) : '';
  return { names, label: `${own} ${labelText} ${around}` };
}

function jsxText(element: TSESTree.JSXElement, getText: (node: TSESTree.Node) => string): string {
  return plainText(element.children.map((child) => (child.type === 'JSXText' ? child.value : child.type === 'JSXElement' ? jsxText(child, getText) : child.type === 'JSXExpressionContainer' ? getText(child.expression) : '')).join(' '));
}
