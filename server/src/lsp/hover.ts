// The hover over a finding. VS Code already shows the diagnostic's message next to it, so the
// hover adds what the message does not, short enough to read without scrolling: the rule and a
// link to its documentation (why it matters, how to fix), the decisions as one compact line each,
// and which CNIL password recommendation applied to them.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Hover, MarkupKind } from 'vscode-languageserver';
import { ruleById } from '../../../rules/index';
import type { Finding } from '../engine/types';
import { recommendationNotes } from '../report/decision-table';
import { escapeMarkdown } from '../report/escape';
import { decisionSummaries, type DecisionSummary } from './decision-summary';

/** Decisions listed in full; the others are counted, and Open Decision lists them all. */
const HOVER_DECISIONS = 5;

/** docs/rules/ next to the bundle (dist/ in the .vsix) or in the repository (running from sources). */
const DOCS_DIR = [join(__dirname, '..', 'docs', 'rules'), join(__dirname, '..', '..', '..', 'docs', 'rules')].find((candidate) => existsSync(candidate));

export function ruleDocumentationUri(ruleId: string): string | undefined {
  const file = DOCS_DIR && join(DOCS_DIR, `${ruleId}.md`);
  return file && existsSync(file) ? pathToFileURL(file).href : undefined;
}

function decisionLine(decision: DecisionSummary): string {
  const fields = [decision.authority, decision.reference, decision.date, decision.entity, decision.fine === '—' ? undefined : decision.fine];
  const text = fields.filter((field): field is string => Boolean(field)).map(escapeMarkdown).join(' · ');
  return `- ${text}${decision.url ? ` · [decision](${decision.url})` : ''}`;
}

function section(finding: Finding): string {
  const rule = ruleById(finding.ruleId);
  const docs = ruleDocumentationUri(finding.ruleId);
  const decisions = decisionSummaries(finding.decisions);
  const heading = [
    `**${escapeMarkdown(rule?.meta.title ?? finding.ruleId)}**`,
    `\`${finding.ruleId}\``,
    ...(docs ? [`[Rule documentation](${docs})`] : []),
    `${decisions.length} decision${decisions.length === 1 ? '' : 's'}, most relevant first:`,
  ].join(' · ');
  const lines = [heading, '', ...decisions.slice(0, HOVER_DECISIONS).map(decisionLine)];
  if (decisions.length > HOVER_DECISIONS) lines.push(`- … and ${decisions.length - HOVER_DECISIONS} more (quick fix "Open decision" lists them all)`);
  // Password decisions: which CNIL recommendation (2017-012 or 2022-100) was in force when each was taken.
  const notes = rule ? recommendationNotes(finding.decisions, rule.meta.family) : '';
  if (notes) lines.push('', notes);
  return lines.join('\n');
}

export function hoverFor(findings: readonly Finding[]): Hover | undefined {
  if (findings.length === 0) return undefined;
  return { contents: { kind: MarkupKind.Markdown, value: findings.map(section).join('\n\n---\n\n') }, range: findings[0].range };
}
