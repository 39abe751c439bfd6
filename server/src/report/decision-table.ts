// Markdown for decisions and rule documentation: shared by the hover, the generated rule docs
// and the README table, so they always say the same thing.
import type { Rule } from '../../../rules/api';
import { citeDecision, decisionUrl, formatFine, getDecision } from '../../../rules/decisions';

const escapeCell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function decisionTable(decisionIds: readonly string[]): string {
  const rows = decisionIds.flatMap((id) => {
    const decision = getDecision(id);
    if (!decision) return [];
    const url = decisionUrl(decision);
    const authority = decision.authority.split(/[ (,]/)[0];
    return [`| ${escapeCell(authority)} | ${escapeCell(decision.reference ?? '—')} | ${decision.date} | ${escapeCell(decision.entity)} | ${formatFine(decision.fine_eur)} | ${url ? `[link](${url})` : '—'} |`];
  });
  return ['| Authority | Reference | Date | Entity | Fine | Source |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

/** Short inline citations: "CNIL SAN-2020-018 (NESTOR SAS, 2020-12-08), …". */
export function decisionCitations(decisionIds: readonly string[]): string {
  return decisionIds.flatMap((id) => {
    const decision = getDecision(id);
    return decision ? [citeDecision(decision)] : [];
  }).join('; ');
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function ruleDocumentation(rule: Rule<any>): string {
  const { meta } = rule;
  return [
    `# ${meta.id}`,
    '',
    `**${meta.title}** — family \`${meta.family}\`, default severity \`${meta.severity}\`, languages: ${meta.languages.join(', ')}.`,
    '',
    '## Why it matters',
    '',
    meta.docs.why,
    '',
    '## How to fix',
    '',
    meta.docs.fix,
    '',
    '## Example',
    '',
    'Flagged:',
    '',
    '```',
    meta.docs.invalid,
    '```',
    '',
    'Accepted:',
    '',
    '```',
    meta.docs.valid,
    '```',
    '',
    '## Decisions',
    '',
    decisionTable(meta.decisions),
    '',
  ].join('\n');
}
