// The consent family: trackers, cookies and Consent Mode before the visitor's choice.
import type { Rule } from '../api';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const consentRules: Rule<any>[] = [];
