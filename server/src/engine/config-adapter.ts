// Configuration files (JSON, YAML, TOML, .env, Terraform/HCL) flattened into scalar pairs with
// their key path and offsets, so a rule can ask "is there a MinimumLength under a PasswordPolicy"
// in every format at once.
import { type Node as JsonNode, parseTree, type ParseError as JsonParseError, printParseErrorCode } from 'jsonc-parser';
import { isMap, isScalar, isSeq, parseAllDocuments, type Node as YamlNode } from 'yaml';
import { parse as parseToml } from 'smol-toml';
import type { ConfigFormat, ConfigPair, OffsetRange } from '../../../rules/api';
import { ParseError } from './js-adapter';
import { LINE_BREAK } from './text';

type Scalar = ConfigPair['value'];

export function parseConfig(text: string, format: ConfigFormat): ConfigPair[] {
  switch (format) {
    case 'json':
      return jsonPairs(text);
    case 'yaml':
      return yamlPairs(text);
    case 'toml':
      return tomlPairs(text);
    case 'env':
      return envPairs(text);
    case 'hcl':
      return hclPairs(text);
  }
}

function jsonPairs(text: string): ConfigPair[] {
  const errors: JsonParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (!root) throw new ParseError(errors[0] ? printParseErrorCode(errors[0].error) : 'empty JSON document', errors[0]?.offset ?? 0);
  if (errors.length > 0) throw new ParseError(`JSON: ${printParseErrorCode(errors[0].error)}`, errors[0].offset);
  const pairs: ConfigPair[] = [];
  const walk = (node: JsonNode, path: string[], key: string, keyRange: OffsetRange) => {
    if (node.type === 'object') {
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        if (!keyNode || !valueNode) continue;
        const childKey = String(keyNode.value);
        walk(valueNode, [...path, childKey], childKey, { start: keyNode.offset + 1, end: keyNode.offset + keyNode.length - 1 });
      }
    } else if (node.type === 'array') {
      (node.children ?? []).forEach((item, index) => walk(item, [...path, String(index)], key, keyRange));
    } else {
      const quoted = node.type === 'string';
      pairs.push({
        format: 'json',
        path,
        key,
        value: node.value as Scalar,
        keyRange,
        valueRange: quoted ? { start: node.offset + 1, end: node.offset + node.length - 1 } : { start: node.offset, end: node.offset + node.length },
      });
    }
  };
  walk(root, [], '', { start: 0, end: 0 });
  return pairs;
}

function yamlPairs(text: string): ConfigPair[] {
  const pairs: ConfigPair[] = [];
  // logLevel silent: CloudFormation tags such as !Ref or !GetAtt are unknown to the parser but
  // valid where the file is used; their values are still read as plain scalars.
  for (const document of parseAllDocuments(text, { logLevel: 'silent', uniqueKeys: false })) {
    if (!('contents' in document)) continue;
    const error = document.errors[0];
    if (error) throw new ParseError(`YAML: ${error.message.split('\n')[0]}`, error.pos[0]);
    const walk = (node: YamlNode | null, path: string[], key: string, keyRange: OffsetRange) => {
      if (isMap(node)) {
        for (const item of node.items) {
          if (!isScalar(item.key)) continue;
          const childKey = String(item.key.value);
          const [start, end] = item.key.range ?? [0, 0];
          walk(item.value as YamlNode | null, [...path, childKey], childKey, { start, end });
        }
      } else if (isSeq(node)) {
        node.items.forEach((item, index) => walk(item as YamlNode | null, [...path, String(index)], key, keyRange));
      } else if (isScalar(node) && node.range) {
        const [start, end] = node.range;
        const quoted = text[start] === '"' || text[start] === "'";
        pairs.push({
          format: 'yaml',
          path,
          key,
          value: scalarValue(node.value),
          keyRange,
          valueRange: quoted ? { start: start + 1, end: end - 1 } : { start, end },
        });
      }
    };
    walk(document.contents as YamlNode | null, [], '', { start: 0, end: 0 });
  }
  return pairs;
}

function scalarValue(value: unknown): Scalar {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}

const ASSIGNMENT = /^(\s*(?:export\s+)?)("?)([\w.-]+)\2\s*=\s*/;

/** Parses a line's `key = value` or `KEY=value`, returning offsets relative to the line. */
function assignment(line: string): { key: string; keyRange: OffsetRange; value: Scalar; valueRange: OffsetRange } | undefined {
  const match = ASSIGNMENT.exec(line);
  if (!match) return undefined;
  const keyStart = match[1].length + match[2].length;
  let valueStart = match[0].length;
  let valueEnd = line.length;
  const quote = line[valueStart];
  const quoted = quote === '"' || quote === "'";
  if (quoted) {
    const close = line.indexOf(quote, valueStart + 1);
    valueStart += 1;
    valueEnd = close === -1 ? line.length : close;
  } else {
    const comment = line.indexOf(' #', valueStart);
    if (comment !== -1) valueEnd = comment;
    while (valueEnd > valueStart && /\s/.test(line[valueEnd - 1])) valueEnd--;
  }
  return {
    key: match[3],
    keyRange: { start: keyStart, end: keyStart + match[3].length },
    value: literal(line.slice(valueStart, valueEnd), quoted),
    valueRange: { start: valueStart, end: valueEnd },
  };
}

function literal(raw: string, quoted: boolean): Scalar {
  if (quoted) return raw;
  if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  if (raw === 'true' || raw === 'false') return raw === 'true';
  return raw;
}

function* lines(text: string): Generator<{ line: string; offset: number }> {
  let offset = 0;
  for (const lineBreak of text.matchAll(LINE_BREAK)) {
    yield { line: text.slice(offset, lineBreak.index), offset };
    offset = lineBreak.index + lineBreak[0].length;
  }
  yield { line: text.slice(offset), offset };
}

function shift(range: OffsetRange, by: number): OffsetRange {
  return { start: range.start + by, end: range.end + by };
}

function tomlPairs(text: string): ConfigPair[] {
  try {
    parseToml(text);
  } catch (error) {
    throw new ParseError(`TOML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, 0);
  }
  // smol-toml validates but gives no offsets; scalar `key = value` lines under [table] headers
  // are simple enough to locate line by line once the document is known to be valid.
  const pairs: ConfigPair[] = [];
  let table: string[] = [];
  for (const { line, offset } of lines(text)) {
    // One greedy class between the brackets, trimmed afterwards: `\s*([^\]]+?)\s*` backtracked for minutes on a long line of spaces.
    const header = /^\s*\[\[?([^\]]*)\]/.exec(line);
    if (header && header[1].trim() !== '') {
      table = header[1].split('.').map((part) => part.trim().replace(/^"|"$/g, ''));
      continue;
    }
    const found = assignment(line);
    if (!found) continue;
    pairs.push({
      format: 'toml',
      path: [...table, ...found.key.split('.')],
      key: found.key.split('.').pop() ?? found.key,
      value: found.value,
      keyRange: shift(found.keyRange, offset),
      valueRange: shift(found.valueRange, offset),
    });
  }
  return pairs;
}

function envPairs(text: string): ConfigPair[] {
  const pairs: ConfigPair[] = [];
  for (const { line, offset } of lines(text)) {
    if (/^\s*#/.test(line)) continue;
    const found = assignment(line);
    if (!found) continue;
    pairs.push({
      format: 'env',
      path: [found.key],
      key: found.key,
      value: found.value,
      keyRange: shift(found.keyRange, offset),
      valueRange: shift(found.valueRange, offset),
    });
  }
  return pairs;
}

/**
 * Terraform/HCL: blocks (`resource "aws_cognito_user_pool" "main" {`, `password_policy {`) push
 * their type and labels on the path; `name = value` lines inside become pairs. Expressions are
 * kept as raw text; only literal numbers, booleans and strings are typed.
 */
function hclPairs(text: string): ConfigPair[] {
  const pairs: ConfigPair[] = [];
  const stack: string[][] = [];
  for (const { line, offset } of lines(text)) {
    const trimmed = line.replace(/(^|\s)(#|\/\/)[\s\S]*$/, '').trim();
    const block = /^([\w-]+)((?:\s+"[^"]*")*)\s*\{(.*?)(\})?$/.exec(trimmed);
    if (block && (block[3] === '' || block[4])) {
      const labels = [...block[2].matchAll(/"([^"]*)"/g)].map((label) => label[1]);
      if (!block[4]) {
        stack.push([block[1], ...labels]);
        continue;
      }
      // A one-line block holds one attribute: `password_policy { minimum_length = 6 }`.
      const bodyStart = line.indexOf('{') + 1;
      const body = line.slice(bodyStart, line.lastIndexOf('}'));
      const inner = assignment(body);
      if (inner) {
        pairs.push({
          format: 'hcl',
          path: [...stack.flat(), block[1], ...labels, inner.key],
          key: inner.key,
          value: inner.value,
          keyRange: shift(inner.keyRange, offset + bodyStart),
          valueRange: shift(inner.valueRange, offset + bodyStart),
        });
      }
      continue;
    }
    if (trimmed === '}') {
      stack.pop();
      continue;
    }
    const found = assignment(line);
    if (!found || trimmed.endsWith('{')) continue;
    pairs.push({
      format: 'hcl',
      path: [...stack.flat(), found.key],
      key: found.key,
      value: found.value,
      keyRange: shift(found.keyRange, offset),
      valueRange: shift(found.valueRange, offset),
    });
  }
  return pairs;
}
