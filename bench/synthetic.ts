// A deterministic synthetic workspace for the bench: mostly ordinary components and utilities
// (which no rule can fire on), some files that mention privacy keywords without findings, and a
// few percent with real findings — roughly the mix of a real web app.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Mulberry32: a tiny seeded PRNG so every run generates the same files. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function component(name: string, size: number, next: () => number): string {
  const parts = [`import React, { useState, useMemo } from 'react';`, `import { Button } from '../ui/button';`, ''];
  let i = 0;
  while (parts.join('\n').length < size) {
    const n = Math.floor(next() * 1000);
    parts.push(
      `export function ${name}Part${i}({ items, onSelect }: { items: string[]; onSelect: (value: string) => void }) {`,
      `  const [query, setQuery] = useState('');`,
      `  const filtered = useMemo(() => items.filter((item) => item.includes(query)).slice(0, ${n}), [items, query]);`,
      `  return (`,
      `    <div className="list-${n}">`,
      `      <input value={query} onChange={(event) => setQuery(event.target.value)} placeholder="Search" />`,
      `      {filtered.map((item) => <Button key={item} onClick={() => onSelect(item)}>{item}</Button>)}`,
      `    </div>`,
      `  );`,
      `}`,
      '',
    );
    i++;
  }
  return parts.join('\n');
}

function utility(size: number, next: () => number): string {
  const parts = [`// Formatting helpers`];
  let i = 0;
  while (parts.join('\n').length < size) {
    parts.push(`export function format${i}(value: number, digits = ${Math.floor(next() * 6)}): string {`, `  return value.toFixed(digits).replace(/\\B(?=(\\d{3})+(?!\\d))/g, ',');`, `}`, '');
    i++;
  }
  return parts.join('\n');
}

const WITH_KEYWORDS_NO_FINDING = `import { z } from 'zod';
// Passwords are hashed server side with argon2id; throttled login.
export const loginSchema = z.object({ email: z.string().email(), password: z.string().min(1) });
export const strongSignup = z.object({ password: z.string().min(14).regex(/[A-Z]/).regex(/[a-z]/).regex(/\\d/) });
`;

const WITH_FINDINGS = `import { z } from 'zod';
const MIN_PASSWORD_LENGTH = 6;
export const signup = z.object({ email: z.string().email(), password: z.string().min(MIN_PASSWORD_LENGTH) });
export function validate(password: string) {
  if (password.length < 8) throw new Error('too short');
}
`;

const PAGE = (title: string, body: string) => `<!doctype html>
<html><head><meta charset="utf-8"><title>${title}</title>
<link rel="stylesheet" href="/styles.css"></head>
<body><main>${body}</main><script src="/app.js"></script></body></html>
`;

export interface SyntheticStats {
  files: number;
  withFindingsExpected: number;
}

/** Writes the workspace under `root` and returns how many files were written. */
export function generateWorkspace(root: string, fileCount = 1500, seed = 42): SyntheticStats {
  const next = random(seed);
  let withFindingsExpected = 0;
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  for (let index = 0; index < fileCount; index++) {
    const roll = next();
    const size = 1_000 + Math.floor(next() ** 3 * 40_000);
    if (roll < 0.55) write(`src/components/Feature${index}.tsx`, component(`Feature${index}`, size, next));
    else if (roll < 0.8) write(`src/lib/format${index}.ts`, utility(size, next));
    else if (roll < 0.88) write(`src/auth/login${index}.ts`, WITH_KEYWORDS_NO_FINDING + utility(size / 4, next));
    else if (roll < 0.92) {
      write(`src/auth/signup${index}.ts`, WITH_FINDINGS + utility(size / 4, next));
      withFindingsExpected++;
    } else if (roll < 0.97) write(`public/page${index}.html`, PAGE(`Page ${index}`, '<p>Hello</p>'.repeat(Math.floor(size / 40))));
    else write(`config/service${index}.yaml`, `service:\n  name: svc${index}\n  replicas: ${Math.floor(next() * 5)}\n`);
  }
  return { files: fileCount, withFindingsExpected };
}
