// Next.js `config.matcher` patterns from scanned code run on a non-backtracking matcher.
import { describe, expect, it } from 'vitest';
import { compilePathMatcher } from '../server/src/engine/path-matcher';

const matches = (matcher: string, url: string) => compilePathMatcher(matcher)!.test(url);

describe('path matcher (path-to-regexp syntax, linear time)', () => {
  it('matches named parameters with their modifiers, the prefix optional with them', () => {
    expect(matches('/api/:path*', '/api')).toBe(true);
    expect(matches('/api/:path*', '/api/files/1')).toBe(true);
    expect(matches('/api/:path*', '/apix')).toBe(false);
    expect(matches('/api/:path+', '/api')).toBe(false);
    expect(matches('/api/:path+', '/api/a/b')).toBe(true);
    expect(matches('/docs/:id?', '/docs')).toBe(true);
    expect(matches('/docs/:id', '/docs/1')).toBe(true);
    expect(matches('/docs/:id', '/docs/1/2')).toBe(false);
    expect(matches('/dashboard', '/dashboard')).toBe(true);
    expect(matches('/dashboard', '/dashboard/x')).toBe(false);
    expect(matches('/Dashboard', '/dashboard')).toBe(true);
  });

  it('runs custom patterns, lookaheads included (the usual "everything but" matcher)', () => {
    const everythingBut = '/((?!api|_next/static|_next/image|favicon.ico).*)';
    expect(matches(everythingBut, '/account/settings')).toBe(true);
    expect(matches(everythingBut, '/api/files/1')).toBe(false);
    expect(matches(everythingBut, '/_next/static/chunk.js')).toBe(false);
    expect(matches('/files/:id(\\d+)', '/files/42')).toBe(true);
    expect(matches('/files/:id(\\d+)', '/files/x')).toBe(false);
    expect(matches('/(.*)', '/anything/at/all')).toBe(true);
  });

  it('refuses what it does not support instead of guessing', () => {
    expect(compilePathMatcher('/a{/:b}?')).toBeUndefined();
    expect(compilePathMatcher('/:')).toBeUndefined();
    expect(compilePathMatcher('/(a')).toBeUndefined();
    expect(compilePathMatcher('/((?<=a)b)')).toBeUndefined();
    expect(compilePathMatcher('/((a)\\1)')).toBeUndefined();
    expect(compilePathMatcher('/(a{1000})')).toBeUndefined();
  });

  it('answers a crafted exponential pattern at once', () => {
    const started = performance.now();
    expect(matches('/api/(a+)+', `/api/${'a'.repeat(28)}!`)).toBe(false);
    expect(matches('/api/((a|a)*)*b', `/api/${'a'.repeat(5_000)}`)).toBe(false);
    expect(matches('/((?!(a+)+b).*)', `/${'a'.repeat(2_000)}`)).toBe(true);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
