// `precedent-disable-next-line <rule-id>[, <rule-id>…] -- <reason>` and
// `precedent-disable-file <rule-id>… -- <reason>`, in any comment syntax: the directive is found
// in the raw text, and the comment's own closing token (`*/`, `-->`, `%>`, `#}`, `}}`) is not
// part of the reason.
import type { LineIndex } from './text';

export interface Suppression {
  kind: 'next-line' | 'file';
  ruleIds: string[];
  reason: string | null;
  /** Zero-based line of the directive. */
  line: number;
  offset: number;
}

const DIRECTIVE = /precedent-disable-(next-line|file)\b([^\r\n]*)/g;
/** Literal tokens only: a leading `\s*` made each of 100,000 spaces a new start of a quadratic match. */
const COMMENT_CLOSER = /\*\/|-->|--%>|%>|#\}|\}\}|\*\}/;

export function findSuppressions(text: string, lines: LineIndex): Suppression[] {
  if (!text.includes('precedent-disable-')) return [];
  const suppressions: Suppression[] = [];
  for (const match of text.matchAll(DIRECTIVE)) {
    const closer = match[2].search(COMMENT_CLOSER);
    const rest = closer === -1 ? match[2] : match[2].slice(0, closer).trimEnd();
    const separator = rest.indexOf('--');
    const ids = separator === -1 ? rest : rest.slice(0, separator);
    const reason = separator === -1 ? '' : rest.slice(separator + 2).trim();
    const offset = match.index ?? 0;
    suppressions.push({
      kind: match[1] as Suppression['kind'],
      ruleIds: ids.split(/[\s,]+/).filter(Boolean),
      reason: reason === '' ? null : reason,
      line: lines.positionAt(offset).line,
      offset,
    });
  }
  return suppressions;
}

/** The suppression that silences a finding of `ruleId` starting on `line`, if any. */
export function suppressionFor(suppressions: Suppression[], ruleId: string, line: number): Suppression | undefined {
  return suppressions.find(
    (suppression) =>
      (suppression.ruleIds.includes(ruleId) || suppression.ruleIds.includes('all')) &&
      (suppression.kind === 'file' || suppression.line + 1 === line),
  );
}
