// Fingerprints that identify a finding across runs without line numbers, so a baseline or a
// code-scanning dashboard recognises it after lines shift and unrelated code changes: the rule,
// the finding's own text and the full lines it sits on, whitespace-normalised. Findings that
// share all of these in one file are told apart by their order (occurrence index).
import { createHash } from 'node:crypto';
import type { LineIndex } from './text';
import type { Finding } from './types';

/** Bumped when the recipe changes: baselines written with another version match nothing. */
export const FINGERPRINT_VERSION = 1;

const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();

/** `<hash>:<occurrence>`, set on each finding (in offset order) of one file. */
export function fingerprintFindings(text: string, lines: LineIndex, findings: readonly Pick<Finding, 'ruleId' | 'range' | 'offsets' | 'fingerprint'>[]): void {
  const seen = new Map<string, number>();
  for (const finding of findings) {
    const context = text.slice(lines.lineStart(finding.range.start.line), lineEnd(text, lines, finding.range.end.line));
    const hash = createHash('sha256')
      .update(`${finding.ruleId}\0${normalise(text.slice(finding.offsets.start, finding.offsets.end))}\0${normalise(context)}`)
      .digest('hex')
      .slice(0, 16);
    const occurrence = seen.get(hash) ?? 0;
    seen.set(hash, occurrence + 1);
    finding.fingerprint = `${hash}:${occurrence}`;
  }
}

function lineEnd(text: string, lines: LineIndex, line: number): number {
  return line + 1 < lines.lineCount ? lines.lineStart(line + 1) : text.length;
}
