// The registry of enforcement decisions every finding cites. The data is a committed copy of
// ../shared/decisions/decisions.json (scripts/sync-decisions.mjs); a test keeps them equal.
import registry from './decisions.data.json';

export interface Decision {
  id: string;
  authority: string;
  country: string;
  reference: string | null;
  date: string;
  entity: string;
  fine_eur: number | null;
  articles: string[];
  failings: string[];
  families: string[];
  urls: string[];
  verified: string;
  confidence: string;
}

const decisions: readonly Decision[] = registry as Decision[];
const byId = new Map(decisions.map((decision) => [decision.id, decision]));

/** Hosts of the authorities' own sites: a link there is preferred over secondary sources. */
const OFFICIAL_HOSTS = [
  'cnil.fr',
  'legifrance.gouv.fr',
  'autoriteitpersoonsgegevens.nl',
  'garanteprivacy.it',
  'edpb.europa.eu',
];

export function allDecisions(): readonly Decision[] {
  return decisions;
}

export function getDecision(id: string): Decision | undefined {
  return byId.get(id);
}

function isOfficial(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return false;
  }
  return OFFICIAL_HOSTS.some((official) => host === official || host.endsWith(`.${official}`));
}

/** The first official URL of a decision, else its first listed URL, else undefined. */
export function decisionUrl(decision: Decision): string | undefined {
  return decision.urls.find(isOfficial) ?? decision.urls[0];
}

/** "CNIL SAN-2020-018 (NESTOR SAS, 2020-12-08)"; decisions without a number are cited by entity and date. */
export function citeDecision(decision: Decision): string {
  const authority = decision.authority.split(/[ (,]/)[0];
  const reference = decision.reference ? `${decision.reference} ` : '';
  return `${authority} ${reference}(${decision.entity}, ${decision.date})`;
}

export function formatFine(fine: number | null): string {
  return fine === null ? '—' : `€${fine.toLocaleString('en-US')}`;
}
