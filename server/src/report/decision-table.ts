// Markdown for decisions and rule documentation: shared by the hover, the generated rule docs
// and the README table, so they always say the same thing.
import type { Family, Rule } from '../../../rules/api';
import { authorityShortName, type Decision, citeDecision, decisionUrl, formatFine, getDecision, passwordRecommendationApplied } from '../../../rules/decisions';

const escapeCell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function decisionTable(decisionIds: readonly string[]): string {
  const rows = decisionIds.flatMap((id) => {
    const decision = getDecision(id);
    if (!decision) return [];
    const url = decisionUrl(decision);
    return [`| ${escapeCell(authorityShortName(decision))} | ${escapeCell(decision.reference ?? '—')} | ${decision.date} | ${escapeCell(decision.entity)} | ${formatFine(decision)} | ${url ? `[link](${url})` : '—'} |`];
  });
  return ['| Authority | Reference | Date | Entity | Fine | Source |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

/**
 * Which CNIL password recommendation was in force when each cited password decision was taken
 * (2017-012 until 2022-100 replaced it), for the password families' findings; empty when none applies.
 */
export function recommendationNotes(decisionIds: readonly string[], family: Family): string {
  if (family !== 'password-policy' && family !== 'password-storage') return '';
  const inForce = new Map<Decision, string[]>();
  for (const id of decisionIds) {
    const decision = getDecision(id);
    const recommendation = decision && passwordRecommendationApplied(decision);
    if (recommendation) inForce.set(recommendation, [...(inForce.get(recommendation) ?? []), decision.entity]);
  }
  return [...inForce]
    .map(([recommendation, entities]) => `Decided while CNIL password recommendation ${recommendation.reference?.replace(/^Délibération n° /, '')} was in force: ${entities.join(', ').replace(/\.$/, '')}.`)
    .join(' ');
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
    ...(meta.docs.recognises ? ['## What it recognises', '', meta.docs.recognises, ''] : []),
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
    ...withBlankLine(recommendationNotes(meta.decisions, meta.family)),
  ].join('\n');
}

function withBlankLine(paragraph: string): string[] {
  return paragraph ? [paragraph, ''] : [];
}
