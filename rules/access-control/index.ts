// The access-control family: documents and files served without checking who asks.
import type { Rule } from '../api';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const accessControlRules: Rule<any>[] = [];
