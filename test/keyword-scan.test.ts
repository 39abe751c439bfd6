// The prefilter's keyword scanner must find exactly the keywords a case-insensitive regex finds,
// overlapping ones included: a keyword it misses is a file never parsed, a finding never made.
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index';
import { KeywordScanner } from '../server/src/engine/keyword-scan';

/** The reference: each keyword on its own, as a case-insensitive regex (no `u` flag). */
function byRegex(keywords: string[], text: string): string[] {
  return keywords.filter((keyword) => new RegExp(keyword.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i').test(text)).sort();
}

const found = (keywords: string[], text: string) => [...new KeywordScanner(keywords).find(text)].sort();

describe('KeywordScanner', () => {
  it('finds every keyword that occurs, overlapping, nested and at either end', () => {
    const keywords = ['abc', 'bc', 'b', 'cd', 'abcd', 'x'];
    expect(found(keywords, 'abcd')).toEqual(['abc', 'abcd', 'b', 'bc', 'cd']);
    expect(found(keywords, 'zzabzz')).toEqual(['b']);
    expect(found(keywords, 'x')).toEqual(['x']);
    expect(found(keywords, '')).toEqual([]);
    expect(found(keywords, 'aabcab')).toEqual(['abc', 'b', 'bc']);
  });

  it('matches either case, and regex metacharacters as themselves', () => {
    expect(found(['password', '{{>', 'ctx)', "'st'"], 'const PassWord = x; {{> partial}} fn(ctx) "st"')).toEqual(['ctx)', 'password', '{{>']);
    expect(found(['a.b'], 'axb')).toEqual([]);
  });

  it('folds case as a regex without the u flag: é with É, never a non-ASCII letter with an ASCII one', () => {
    for (const [keywords, text] of [
      [['données', 'kelvin', 'secret'], 'DONNÉES ſecret \u212Aelvin'],
      [['ſecret'], 'ſECRET secret'],
    ] as const) {
      expect(found([...keywords], text)).toEqual(byRegex([...keywords], text));
    }
    expect(found(['données', 'kelvin', 'secret'], 'DONNÉES ſecret \u212Aelvin')).toEqual(['données']);
    expect(found(['μ'], 'µ')).toEqual(byRegex(['μ'], 'µ'));
  });

  it('agrees with the regex reference on random texts over the keywords of every rule', () => {
    const keywords = [...new Set(rules.flatMap((rule) => rule.meta.keywords.map((keyword) => keyword.toLowerCase())))];
    const scanner = new KeywordScanner(keywords);
    // Texts made of keyword fragments, case flips and noise (deterministic).
    let seed = 7;
    const next = (below: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % below);
    for (let round = 0; round < 300; round++) {
      const parts: string[] = [];
      for (let piece = 0; piece < 12; piece++) {
        const keyword = keywords[next(keywords.length)];
        const start = next(2) === 0 ? 0 : next(keyword.length);
        const fragment = keyword.slice(start, start + 1 + next(keyword.length));
        parts.push(next(3) === 0 ? fragment.toUpperCase() : fragment, ['', ' ', '.', 'é', '😀', '\n'][next(6)]);
      }
      const text = parts.join('');
      expect([...scanner.find(text)].sort(), text).toEqual(byRegex(keywords, text));
    }
  });
});
