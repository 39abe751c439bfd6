// What the engine returns. Offsets and LSP-style positions are both given so every face (LSP,
// CLI, reports) can use what it needs without recomputing.
import type { Family, ImportedRef, JsonValue, OffsetRange, PendingReport, ProjectCondition, ProjectFact, Severity } from '../../../rules/api';
import type { ContextDecision } from './file-context';
import type { FileSummary } from './summary';
import type { Suppression } from './suppressions';
import type { Range } from './text';

export interface FindingEdit {
  range: Range;
  offsets: OffsetRange;
  newText: string;
}

export interface FindingFix {
  title: string;
  safe: boolean;
  edits: FindingEdit[];
}

export interface Finding {
  ruleId: string;
  family: Family;
  severity: Severity;
  message: string;
  range: Range;
  offsets: OffsetRange;
  /** Registry ids, most relevant first. */
  decisions: string[];
  fixes: FindingFix[];
  /** Identifies the finding across runs without line numbers (engine/fingerprint.ts). */
  fingerprint: string;
  /** Set when facts of other files may drop this finding (see ProjectCondition). */
  when?: ProjectCondition;
  /** Set on a finding the project step settled from a pending one: the imported values it judged. */
  needs?: ImportedRef[];
}

/** A finding waiting for values other files export (RuleContext.pend); the project step settles it. */
export interface PendingFinding {
  ruleId: string;
  range: Range;
  offsets: OffsetRange;
  /** The settled finding's fingerprint (engine/fingerprint.ts), taken from the file's text at lint time. */
  fingerprint: string;
  /** The severity the configuration sets for the rule, which wins over the rule's own. */
  configuredSeverity?: Severity;
  needs: ImportedRef[];
  data: JsonValue;
  /** The project condition the settled finding also needs (PendingReport.when). */
  when?: ProjectCondition;
  /** Set when the file is example code reported as information (file-context.ts): so is the settled finding. */
  example?: ContextDecision;
  /** What else of the project the settle needs (include sites, site settings). */
  project?: PendingReport['project'];
  fixes?: FindingFix[];
}

export interface SuppressedFinding {
  finding: Finding;
  suppression: Suppression;
}

export type EngineErrorKind = 'parse' | 'rule' | 'internal' | 'skipped';

export interface EngineError {
  kind: EngineErrorKind;
  message: string;
  range?: Range;
}

export interface LintResult {
  path: string;
  findings: Finding[];
  suppressed: SuppressedFinding[];
  suppressions: Suppression[];
  errors: EngineError[];
  /** False when the prefilter found no evidence for any rule and nothing was parsed. */
  parsed: boolean;
  /** What the file is for, when it is not production code (file-context.ts): a cached result is reused only for the same context. */
  context?: ContextDecision;
  /** Facts this file states for the project step (mounts of other modules…). */
  facts?: ProjectFact[];
  /**
   * Findings whose condition is false under the single-file assumption (no other file known):
   * the project step moves them into `findings` when the workspace's facts make them hold.
   */
  deferred?: Finding[];
  /** Findings whose judgement needs values exported by other files. */
  pending?: PendingFinding[];
  /**
   * Not parsed yet: the rules named matter only if a module the file imports states facts
   * (RuleMeta.evidence, held-back.ts); `specifiers` are its imports as written; `factKinds`: the
   * kinds of facts those rules read (RuleMeta.readsFacts), absent when one of them reads any.
   */
  heldBack?: HeldBack;
  /** What the file exports that other files' findings may need (JS/TS files that were parsed). */
  summary?: FileSummary;
}

/** A file the prefilter held back (LintResult.heldBack). */
export interface HeldBack {
  rules: string[];
  specifiers: string[];
  factKinds?: string[];
}
