// A decision as the editor lists it (hover lines, the Open Decision picker, the Precedent view):
// authority, reference, date, entity, fine and link, from the registry only.
import { authorityShortName, citeDecision, type Decision, decisionUrl, formatFine, getDecision } from '../../../rules/decisions';

export interface DecisionSummary {
  id: string;
  /** "CNIL SAN-2020-018 (NESTOR SAS, 2020-12-08)" */
  citation: string;
  authority: string;
  reference?: string;
  date: string;
  entity: string;
  /** "€20,000", or "—" without a fine. */
  fine: string;
  url?: string;
}

export function decisionSummary(decision: Decision): DecisionSummary {
  return {
    id: decision.id,
    citation: citeDecision(decision),
    authority: authorityShortName(decision),
    reference: decision.reference ?? undefined,
    date: decision.date,
    entity: decision.entity,
    fine: formatFine(decision),
    url: decisionUrl(decision),
  };
}

/** Summaries of registry ids, in the finding's order (unknown ids are dropped; tests guard them). */
export function decisionSummaries(ids: readonly string[]): DecisionSummary[] {
  return ids.flatMap((id) => {
    const decision = getDecision(id);
    return decision ? [decisionSummary(decision)] : [];
  });
}
