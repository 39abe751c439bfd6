// The prospecting family: marketing messages sent without consent or without a working opt-out.
import type { Rule } from '../api';
import { marketingConsentPrechecked } from './marketing-consent-prechecked';
import { marketingEmailWithoutUnsubscribe } from './marketing-email-without-unsubscribe';
import { unsubscribeNotHonored } from './unsubscribe-not-honored';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const prospectingRules: Rule<any>[] = [marketingConsentPrechecked, marketingEmailWithoutUnsubscribe, unsubscribeNotHonored];
