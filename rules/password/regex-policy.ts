// What a password regular expression forces: `/^(?=.*\d)(?=.*[A-Z])[A-Za-z\d]{6,}$/` → at least
// 6 characters, a digit and an upper-case letter. Only the shapes policies are written in are
// understood (top-level lookaheads, one quantified body); anything else yields no minimum.
import type { CharacterClass } from './entropy';

export interface RegexPolicy {
  /** Minimum length the pattern forces, when it states one. */
  minLength?: number;
  /** Offset of the minimum's digits inside the pattern source (for the quick fix). */
  minLengthOffset?: number;
  minLengthText?: string;
  requiredClasses: CharacterClass[];
}

// The alternatives inside each repetition never match the same text (an escape is never also a
// plain character): overlapping ones made a crafted pattern backtrack exponentially.
/** A lookahead `(?=…)` at the pattern's top level, with its body. */
const LOOKAHEAD = /\(\?=((?:\\.|\[(?:\\.|[^\]\\])*\]|[^()[\\])*)\)/y;
/** The quantified body: one atom (class, `.`, escape) repeated `{n,}` / `{n,m}` / `{n}` / `+` / `*`. */
const BODY = /^(\[(?:\\.|[^\]\\])*\]|\.|\\[SsWwDd])(?:\{(\d+)(,\d*)?\}|([+*]))$/;
/** A length-only lookahead: `(?=.{8,})`, `(?=^.{8,}$)`. */
const LENGTH_LOOKAHEAD = /^\^?(?:\.|\\S)\{(\d+),\d*\}\$?$/;

/**
 * Derives the policy from a pattern source. `implicitlyAnchored` is for HTML `pattern`, which must
 * match the whole value; a JS regex must carry `^…$` for its quantifier to be a minimum length.
 */
export function policyFromRegex(source: string, implicitlyAnchored = false): RegexPolicy | undefined {
  let position = 0;
  if (source.startsWith('^')) position = 1;
  const anchoredStart = position === 1 || implicitlyAnchored;
  const classes = new Set<CharacterClass>();
  let lookaheadLength: { value: number; offset: number; text: string } | undefined;
  for (;;) {
    LOOKAHEAD.lastIndex = position;
    const match = LOOKAHEAD.exec(source);
    if (!match) break;
    const body = match[1];
    const forced = lookaheadClass(body);
    if (forced) classes.add(forced);
    const length = LENGTH_LOOKAHEAD.exec(body);
    if (length) {
      lookaheadLength = { value: Number(length[1]), offset: position + 3 + body.indexOf(length[1]), text: length[1] };
    }
    position = LOOKAHEAD.lastIndex;
  }
  const rest = source.slice(position);
  const anchoredEnd = rest.endsWith('$') && !rest.endsWith('\\$');
  const body = anchoredEnd ? rest.slice(0, -1) : rest;
  const policy: RegexPolicy = { requiredClasses: [...classes] };
  if (lookaheadLength) {
    policy.minLength = lookaheadLength.value;
    policy.minLengthOffset = lookaheadLength.offset;
    policy.minLengthText = lookaheadLength.text;
  }
  const quantified = BODY.exec(body);
  if (quantified && anchoredStart && (anchoredEnd || implicitlyAnchored) && quantified[2] !== undefined) {
    const bodyMinimum = Number(quantified[2]);
    if (policy.minLength === undefined || bodyMinimum > policy.minLength) {
      policy.minLength = bodyMinimum;
      policy.minLengthOffset = position + quantified[1].length + 1;
      policy.minLengthText = quantified[2];
    }
  }
  // A pattern with neither lookaheads nor a length is not a password policy (e.g. /^\S+$/).
  if (policy.minLength === undefined && classes.size === 0) return undefined;
  if (policy.minLength === undefined && body !== '' && !/^\.[*+]$/.test(body) && !quantified) return undefined;
  return policy;
}

/** The class a lookahead such as `.*[A-Z]`, `.*?\d`, `.*[^A-Za-z0-9]` forces. */
function lookaheadClass(body: string): CharacterClass | undefined {
  const required = /^(?:\.\*\??|\[\^[^\]]*\]\*\??)(.+)$/.exec(body)?.[1];
  if (!required) return undefined;
  if (/^\\d$|^\[0-9\]$|^\[\\d\]$/.test(required)) return 'digit';
  if (/^\[A-Z\]$|^\\p\{Lu\}$|^\[A-ZÀ-Ý\]$/.test(required)) return 'upper';
  if (/^\[a-z\]$|^\\p\{Ll\}$/.test(required)) return 'lower';
  // "a letter, either case": count the smaller, single-case alphabet.
  if (/^\[(a-zA-Z|A-Za-z)\]$/.test(required)) return 'lower';
  // `\W`, `[^A-Za-z0-9]`, or a class listing only punctuation (`[!@#$%^&*]`, `[\-_"'+=]`).
  if (/^\\W$|^\[\^/.test(required)) return 'special';
  if (/^\[.*\]$/.test(required) && !/[A-Za-z0-9]/.test(required.replace(/\\[\\\]\[\-^]/g, ''))) return 'special';
  return undefined;
}

/**
 * Classes a regex that the password must match forces: its lookaheads, or, for an unanchored
 * single class such as zod's `.regex(/[A-Z]/)`, "contains one of these".
 */
export function requiredClassesOfRegex(source: string): CharacterClass[] {
  const derived = policyFromRegex(source);
  if (derived) return derived.requiredClasses;
  if (source.startsWith('^') || source.endsWith('$')) return [];
  const contained = lookaheadClass(`.*${source}`);
  return contained ? [contained] : [];
}
