// The registry of enforcement decisions every finding cites. The data is a committed copy of
// ../shared/decisions/decisions.json (scripts/sync-decisions.mjs); a test keeps them equal.
import registry from './decisions.data.json';
import passwordPolicy from './password-policy.data.json';

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
  /** The sources read to check the entry. */
  verified_from?: string[];
  /** The fine in its own currency where it was not in euros (e.g. "GBP 2,310,000"). */
  fine_original?: string;
}

const decisions: readonly Decision[] = registry as Decision[];
const byId = new Map(decisions.map((decision) => [decision.id, decision]));

/** Hosts of the authorities' own sites: a link there is preferred over secondary sources. */
const OFFICIAL_HOSTS = [
  'cnil.fr',
  'legifrance.gouv.fr',
  'autoriteitpersoonsgegevens.nl',
  'garanteprivacy.it',
  'dataprotection.ie',
  'ico.org.uk',
  'aepd.es',
  'uodo.gov.pl',
  'edpb.europa.eu',
];

export function allDecisions(): readonly Decision[] {
  return decisions;
}

export function getDecision(id: string): Decision | undefined {
  return byId.get(id);
}

export function isOfficial(url: string): boolean {
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

/**
 * The name an authority is cited by: its acronym where the registry gives one ("CNIL (…)",
 * "… (UODO, Poland)"), else the initials of its capitalised words ("Data Protection Commission"
 * → DPC), else its first word ("Garante per la protezione…" → Garante).
 */
export function authorityShortName(decision: Pick<Decision, 'authority'>): string {
  const [qualified, qualifier = ''] = decision.authority.split('(');
  const name = qualified.trimEnd();
  const firstWord = name.split(/\s/)[0];
  if (/^[A-Z]{2,}$/.test(firstWord)) return firstWord;
  // Three letters at least in the qualifier: "(UK)" names a country, not the authority.
  const qualifierWord = qualifier.split(/[,)\s]/)[0];
  if (/^[A-Z]{3,}$/.test(qualifierWord)) return qualifierWord;
  const capitalised = name.split(/\s+/).filter((word) => /^[A-Z]/.test(word));
  return capitalised.length > 1 ? capitalised.map((word) => word[0]).join('') : firstWord;
}

/** "CNIL SAN-2020-018 (NESTOR SAS, 2020-12-08)"; decisions without a number are cited by entity and date. */
export function citeDecision(decision: Decision): string {
  const authority = authorityShortName(decision);
  const reference = decision.reference ? `${decision.reference} ` : '';
  return `${authority} ${reference}(${decision.entity}, ${decision.date})`;
}

/** The fine in euros, else in the currency the authority used, else a dash. */
export function formatFine(decision: Pick<Decision, 'fine_eur' | 'fine_original'>): string {
  if (decision.fine_eur !== null) return `€${decision.fine_eur.toLocaleString('en-US')}`;
  return decision.fine_original ?? '—';
}

const RECOMMENDATION_2022 = 'cnil-2022-100-password-recommendation';
const RECOMMENDATION_2017 = 'cnil-2017-012-password-recommendation';

/**
 * The CNIL password recommendation in force when a CNIL password decision was taken: 2017-012 before
 * 2022-100 entered into force, 2022-100 after. Undefined for other decisions.
 */
export function passwordRecommendationApplied(decision: Decision): Decision | undefined {
  const aboutPasswords = decision.families.includes('password-policy') || decision.families.includes('password-storage');
  if (!aboutPasswords || !decision.id.startsWith('cnil-') || decision.id.endsWith('-password-recommendation')) return undefined;
  return getDecision(decision.date < passwordPolicy.cnil_2022_100.in_force ? RECOMMENDATION_2017 : RECOMMENDATION_2022);
}
