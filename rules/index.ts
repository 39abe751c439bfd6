// Every rule Precedent ships, family by family, in the order documentation lists them.
import { accessControlRules } from './access-control/index';
import type { Rule } from './api';
import { consentRules } from './consent/index';
import { passwordRules } from './password/index';
import { prospectingRules } from './prospecting/index';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const rules: readonly Rule<any>[] = [...passwordRules, ...consentRules, ...accessControlRules, ...prospectingRules];

export function ruleById(id: string): Rule<unknown> | undefined {
  return rules.find((rule) => rule.meta.id === id) as Rule<unknown> | undefined;
}
