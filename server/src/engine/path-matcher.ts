// Next.js middleware `config.matcher` patterns, taken from scanned code, as matchers that never
// backtrack: the path-to-regexp syntax Next.js accepts (`/api/:path*`, `/((?!_next|api).*)`) is
// translated to a regular expression the way path-to-regexp 6 does, parsed with regexpp, and run
// as a Thompson automaton (all states in step). Without lookaheads a match costs O(url × pattern);
// each lookahead adds at most one run of its body per URL position (memoized). Workspace text
// never reaches `new RegExp`, so a crafted matcher such as `/api/(a+)+` cannot freeze the editor.
import { type AST, RegExpParser } from '@eslint-community/regexpp';

export interface PathMatcher {
  test(url: string): boolean;
}

/** Patterns longer than this, or quantifier bounds above MAX_REPEAT, are not compiled. */
const MAX_PATTERN = 2_000;
const MAX_REPEAT = 100;
const MAX_STATES = 20_000;

/** The matcher of a Next.js `config.matcher` entry, or undefined for syntax it does not support. */
export function compilePathMatcher(matcher: string): PathMatcher | undefined {
  if (matcher.length > MAX_PATTERN) return undefined;
  const source = pathToRegexSource(matcher);
  if (source === undefined) return undefined;
  try {
    const pattern = new RegExpParser({ ecmaVersion: 2025 }).parsePattern(source, 0, source.length, { unicode: false });
    return new Automaton(pattern);
  } catch {
    return undefined;
  }
}

const escapeLiteral = (text: string) => text.replace(/[.*+?^${}()[\]|/\\]/g, '\\$&');

/**
 * path-to-regexp 6 as Next.js calls it (delimiter `/`, strict, anchored at both ends): `:name`
 * and `(pattern)` parameters with an optional `?`, `*` or `+`; a `/` or `.` right before a
 * parameter is its prefix and is optional with it. `{…}` groups are not supported.
 */
function pathToRegexSource(path: string): string | undefined {
  const DEFAULT_PATTERN = '[^\\/]+?';
  let route = '^';
  let i = 0;
  while (i < path.length) {
    const char = path[i];
    if (char === '{' || char === '}') return undefined;
    if (char === '\\') {
      route += escapeLiteral(path[i + 1] ?? '');
      i += 2;
      continue;
    }
    const prefixed = (char === '/' || char === '.') && (path[i + 1] === ':' || path[i + 1] === '(');
    const start = prefixed ? i + 1 : i;
    if (path[start] !== ':' && path[start] !== '(') {
      route += escapeLiteral(char);
      i += 1;
      continue;
    }
    i = start;
    if (path[i] === ':') {
      const name = /^[\w$]+/.exec(path.slice(i + 1))?.[0];
      if (!name) return undefined;
      i += 1 + name.length;
    }
    let pattern = DEFAULT_PATTERN;
    if (path[i] === '(') {
      const end = closingParen(path, i);
      if (end === undefined) return undefined;
      pattern = path.slice(i + 1, end);
      i = end + 1;
    }
    const modifier = '?*+'.includes(path[i] ?? '-') ? path[i++] : '';
    const prefix = prefixed ? escapeLiteral(char) : '';
    if (modifier === '+' || modifier === '*') {
      route += prefix
        ? `(?:${prefix}((?:${pattern})(?:${prefix}(?:${pattern}))*))${modifier === '*' ? '?' : ''}`
        : `((?:${pattern})${modifier})`;
    } else {
      route += prefix ? `(?:${prefix}(${pattern}))${modifier}` : `(${pattern})${modifier}`;
    }
  }
  return `${route}$`;
}

/** Index of the `)` closing the `(` at `open`, skipping escapes and nested groups. */
function closingParen(path: string, open: number): number | undefined {
  let depth = 0;
  for (let i = open; i < path.length; i++) {
    if (path[i] === '\\') i++;
    else if (path[i] === '(') depth++;
    else if (path[i] === ')' && --depth === 0) return i;
  }
  return undefined;
}

type State =
  | { kind: 'char'; accepts: (code: number) => boolean; next: number }
  | { kind: 'split'; next: number[] }
  | { kind: 'assert'; holds: (run: Run, at: number) => boolean; next: number }
  | { kind: 'match' };

/** One `test` call: the input and the lookahead results already known for it. */
interface Run {
  input: string;
  lookaheads: Map<number, Map<number, boolean>>;
}

class Unsupported extends Error {}

const isWordCode = (code: number) => (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
const isSpaceCode = (code: number) => /\s/.test(String.fromCharCode(code));
const isLineTerminator = (code: number) => code === 10 || code === 13 || code === 0x2028 || code === 0x2029;
const lower = (code: number) => String.fromCharCode(code).toLowerCase().charCodeAt(0);
const upper = (code: number) => String.fromCharCode(code).toUpperCase().charCodeAt(0);

class Automaton implements PathMatcher {
  private readonly states: State[] = [];
  private readonly start: number;

  constructor(pattern: AST.Pattern) {
    const match = this.add({ kind: 'match' });
    this.start = this.alternatives(pattern.alternatives, match);
  }

  test(url: string): boolean {
    return this.matches({ input: url, lookaheads: new Map() }, this.start, 0);
  }

  private add(state: State): number {
    if (this.states.length >= MAX_STATES) throw new Unsupported('pattern too large');
    this.states.push(state);
    return this.states.length - 1;
  }

  /** Compiles nodes back to front: each returns its entry state, leading to `next`. */
  private alternatives(alternatives: readonly AST.Alternative[], next: number): number {
    const entries = alternatives.map((alternative) => alternative.elements.reduceRight((after, element) => this.element(element, after), next));
    return entries.length === 1 ? entries[0] : this.add({ kind: 'split', next: entries });
  }

  private element(node: AST.Element, next: number): number {
    switch (node.type) {
      case 'Character':
        return this.add({ kind: 'char', accepts: caseless((code) => code === node.value), next });
      case 'CharacterSet':
        return this.add({ kind: 'char', accepts: caseless(setTest(node)), next });
      case 'CharacterClass':
        return this.add({ kind: 'char', accepts: caseless(classTest(node)), next });
      case 'Group':
      case 'CapturingGroup':
        return this.alternatives(node.alternatives, next);
      case 'Quantifier':
        return this.quantifier(node, next);
      case 'Assertion':
        return this.assertion(node, next);
      default:
        throw new Unsupported(node.type);
    }
  }

  private quantifier(node: AST.Quantifier, next: number): number {
    if (node.min > MAX_REPEAT || (node.max !== Infinity && node.max > MAX_REPEAT)) throw new Unsupported('repeat bound');
    let entry = next;
    if (node.max === Infinity) {
      const loop = this.add({ kind: 'split', next: [] });
      (this.states[loop] as { next: number[] }).next.push(this.element(node.element, loop), next);
      entry = loop;
    } else {
      for (let optional = node.min; optional < node.max; optional++) entry = this.add({ kind: 'split', next: [this.element(node.element, entry), next] });
    }
    for (let required = 0; required < node.min; required++) entry = this.element(node.element, entry);
    return entry;
  }

  private assertion(node: AST.Assertion, next: number): number {
    if (node.kind === 'start') return this.add({ kind: 'assert', holds: (_, at) => at === 0, next });
    if (node.kind === 'end') return this.add({ kind: 'assert', holds: (run, at) => at === run.input.length, next });
    if (node.kind === 'word') {
      const boundary = (run: Run, at: number) => (at > 0 && isWordCode(run.input.charCodeAt(at - 1))) !== (at < run.input.length && isWordCode(run.input.charCodeAt(at)));
      return this.add({ kind: 'assert', holds: (run, at) => boundary(run, at) !== node.negate, next });
    }
    if (node.kind !== 'lookahead') throw new Unsupported('lookbehind');
    const body = this.alternatives(node.alternatives, this.add({ kind: 'match' }));
    const holds = (run: Run, at: number) => {
      let known = run.lookaheads.get(body);
      if (!known) run.lookaheads.set(body, (known = new Map()));
      let found = known.get(at);
      if (found === undefined) known.set(at, (found = this.matches(run, body, at)));
      return found !== node.negate;
    };
    return this.add({ kind: 'assert', holds, next });
  }

  /** Whether a path from `entry` reaches a match state reading the input from `from` on. */
  private matches(run: Run, entry: number, from: number): boolean {
    let current = this.closure(run, [entry], from);
    for (let at = from; ; at++) {
      if (current.some((state) => this.states[state].kind === 'match')) return true;
      if (at >= run.input.length || current.length === 0) return false;
      const code = run.input.charCodeAt(at);
      const stepped = current.flatMap((index) => {
        const state = this.states[index];
        return state.kind === 'char' && state.accepts(code) ? [state.next] : [];
      });
      current = this.closure(run, stepped, at + 1);
    }
  }

  /** The states reachable without reading a character, each once. */
  private closure(run: Run, entries: number[], at: number): number[] {
    const seen = new Set<number>();
    const stack = [...entries].reverse();
    while (stack.length > 0) {
      const index = stack.pop()!;
      if (seen.has(index)) continue;
      seen.add(index);
      const state = this.states[index];
      if (state.kind === 'split') stack.push(...[...state.next].reverse());
      else if (state.kind === 'assert' && state.holds(run, at)) stack.push(state.next);
    }
    return [...seen];
  }
}

/** Next.js matchers are case-insensitive (path-to-regexp's `sensitive: false`). */
function caseless(test: (code: number) => boolean): (code: number) => boolean {
  return (code) => test(code) || test(lower(code)) || test(upper(code));
}

function setTest(node: AST.CharacterSet): (code: number) => boolean {
  switch (node.kind) {
    case 'any':
      return (code) => !isLineTerminator(code);
    case 'digit':
      return (code) => (code >= 48 && code <= 57) !== node.negate;
    case 'word':
      return (code) => isWordCode(code) !== node.negate;
    case 'space':
      return (code) => isSpaceCode(code) !== node.negate;
    default:
      throw new Unsupported(`\\p{…}`);
  }
}

function classTest(node: AST.CharacterClass): (code: number) => boolean {
  const tests = node.elements.map((element) => {
    if (element.type === 'Character') return (code: number) => code === element.value;
    if (element.type === 'CharacterClassRange') return (code: number) => code >= element.min.value && code <= element.max.value;
    if (element.type === 'CharacterSet') return setTest(element);
    throw new Unsupported(element.type);
  });
  return (code) => tests.some((test) => test(code)) !== node.negate;
}
