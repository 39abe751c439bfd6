// Applies a finding's quick fix to the text it was found in, as an editor would.
import type { Finding } from '../../server/src/engine/types';

export function applyFix(text: string, finding: Finding, index = 0): string {
  const edits = [...finding.fixes[index].edits].sort((a, b) => b.offsets.start - a.offsets.start);
  return edits.reduce((result, edit) => result.slice(0, edit.offsets.start) + edit.newText + result.slice(edit.offsets.end), text);
}
