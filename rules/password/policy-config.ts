// Password policies in configuration files (JSON, YAML, TOML, .env, Terraform variables, Keycloak
// realms, Auth0 and Supabase settings): a group of sibling keys under one parent is one policy.
import { type ConfigPair, type OffsetRange, type RuleContext } from '../api';
import type { CharacterClass, PasswordPolicy } from './entropy';
import { mentionsPassword } from './password-names';
import { auth0Preset, classOfRequirementKey, isPasswordMinLengthKey, keycloakPolicy, requirementIsOn, supabaseRequirementClasses } from './policy-settings';
import { type Evidence, judge, type WeakPasswordPolicyOptions } from './policy-verdict';

const LOCKOUT_KEYS = new Set(['bruteForceProtected', 'brute_force_protection']);

/** The visitors of a configuration file: policies are judged once the document is read. */
export function configVisitors(context: RuleContext<WeakPasswordPolicyOptions>) {
  interface Group {
    minLength?: { value: number; range: OffsetRange };
    classes: Set<CharacterClass>;
  }
  const groups = new Map<string, Group>();
  const presets: { policy: PasswordPolicy; range: OffsetRange; complexityPath: string }[] = [];
  const found: Evidence[] = [];
  /** Keycloak `bruteForceProtected`, Auth0 `brute_force_protection`: the document restricts access (CNIL case 2). */
  let lockoutConfigured = false;
  const group = (path: string[], format: ConfigPair['format']) => {
    // Flat files (.env) hold unrelated settings side by side: each key is its own policy there.
    const id = (format === 'env' ? path : path.slice(0, -1)).join('\u0000');
    let found = groups.get(id);
    if (!found) groups.set(id, (found = { classes: new Set() }));
    return found;
  };
  return {
    pair(original: ConfigPair) {
      // Terraform modules expose the policy as variables: `variable "password_minimum_length" { default = 6 }`
      // reads as the setting `password_minimum_length = 6`, every variable of the file in one group.
      const pair = original.format === 'hcl' && original.path.length === 3 && original.path[0] === 'variable' && original.key === 'default'
        ? { ...original, key: original.path[1], path: ['variable', original.path[1]] }
        : original;
      const enclosing = pair.path.slice(0, -1);
      if (typeof pair.value === 'string' && mentionsPassword(pair.key)) {
        // Keycloak realm `passwordPolicy: "length(6) and digits(1)"`, Auth0 `passwordPolicy: "low"`.
        const keycloak = keycloakPolicy(pair.value);
        if (keycloak) {
          const digits = pair.valueRange.start + (keycloak.lengthOffset ?? 0);
          found.push({ policy: keycloak, valueRange: pair.valueRange, fixRange: { start: digits, end: digits + (keycloak.lengthText ?? '').length }, fixDelta: 0 });
          return;
        }
        const preset = pair.key === 'passwordPolicy' ? auth0Preset(pair.value) : undefined;
        if (preset) {
          // Auth0's password_complexity_options.min_length overrides the preset's length: judged at the end.
          presets.push({ policy: preset, range: pair.valueRange, complexityPath: [...enclosing, 'password_complexity_options'].join('\u0000') });
          return;
        }
      }
      if (LOCKOUT_KEYS.has(pair.key) && requirementIsOn(pair.value)) lockoutConfigured = true;
      const supabase = supabaseRequirementClasses(pair.key, pair.value);
      if (supabase) for (const characterClass of supabase) group(pair.path, pair.format).classes.add(characterClass);
      const characterClass = classOfRequirementKey(pair.key);
      if (characterClass && requirementIsOn(pair.value)) group(pair.path, pair.format).classes.add(characterClass);
      const numeric = typeof pair.value === 'number' ? pair.value : typeof pair.value === 'string' && /^\d+$/.test(pair.value) ? Number(pair.value) : undefined;
      if (numeric !== undefined && numeric >= 1 && isPasswordMinLengthKey(pair.key, enclosing)) {
        group(pair.path, pair.format).minLength = { value: numeric, range: pair.valueRange };
      }
    },
    'document:exit'() {
      for (const preset of presets.splice(0)) {
        if (groups.get(preset.complexityPath)?.minLength) continue;
        found.push({ policy: preset.policy, valueRange: preset.range, fixRange: preset.range, fixDelta: 0, noFix: true });
      }
      for (const { minLength, classes } of groups.values()) {
        if (minLength) found.push({ policy: { minLength: minLength.value, requiredClasses: [...classes] }, valueRange: minLength.range, fixRange: minLength.range, fixDelta: 0 });
      }
      for (const evidence of found.splice(0)) judge(context, evidence, lockoutConfigured);
      groups.clear();
      lockoutConfigured = false;
    },
  };
}
