// Every rule Precedent ships, in the order documentation lists them.
import type { Rule } from './api';
import { weakPasswordPolicy } from './password/weak-password-policy';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const rules: readonly Rule<any>[] = [weakPasswordPolicy];

export function ruleById(id: string): Rule<unknown> | undefined {
  return rules.find((rule) => rule.meta.id === id) as Rule<unknown> | undefined;
}
