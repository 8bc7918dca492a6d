import { Checker, ConfigError, isPlainObject } from './config-check';

/** What one Terraform output must hold. */
export interface OutputRule {
  /** The output's name in `terraform output -json`. */
  readonly name: string;
  /** `string` for a string output, `map` for a `map(string)` output. */
  readonly type: 'string' | 'map';
  /** Rule every string value must match. @default any non-empty string */
  readonly pattern?: RegExp;
  /** Human words for the pattern, e.g. `be a GUID`. */
  readonly describe?: string;
  /** For a map: keys that must be present. @default none */
  readonly requiredKeys?: readonly string[];
}

/**
 * Parses and validates the JSON that `terraform output -json` prints:
 * `{ "<name>": { "sensitive": false, "type": ..., "value": ... } }`.
 * Sensitive outputs are refused: their values must never reach `dist/`.
 */
export function parseTerraformOutputs(file: string, text: string, rules: readonly OutputRule[]): Record<string, string | Record<string, string>> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ConfigError([`${file}: is not valid JSON (${(e as Error).message}); regenerate it with 'terraform output -json > ${file}'`]);
  }
  const check = new Checker(() => file);
  if (!isPlainObject(data)) {
    check.fail([], 'must be the object that terraform output -json prints', data);
    check.throwIfFailed();
  }
  const out: Record<string, string | Record<string, string>> = {};
  for (const rule of rules) {
    const entry = (data as Record<string, unknown>)[rule.name];
    if (!isPlainObject(entry) || !('value' in entry)) {
      check.fail([rule.name], 'is a required Terraform output ({ "value": ... }) and is missing', entry);
      continue;
    }
    if (entry.sensitive === true) {
      check.fail([rule.name, 'sensitive'], 'must be false: sensitive outputs must not be rendered into manifests', true);
      continue;
    }
    const describe = rule.describe ?? (rule.pattern ? `match ${rule.pattern.source}` : 'be a non-empty string');
    if (rule.type === 'string') {
      const v = check.string(entry, ['value'], { pattern: rule.pattern, describe });
      if (v === undefined) fixLast(check, rule.name);
      else out[rule.name] = v;
    } else {
      const value = entry.value;
      if (!isPlainObject(value)) {
        check.fail([rule.name, 'value'], 'must be a map of strings', value);
        continue;
      }
      const map: Record<string, string> = {};
      for (const key of Object.keys(value).sort()) {
        const v = check.string(value, [key], { pattern: rule.pattern, describe });
        if (v === undefined) fixLast(check, `${rule.name}.value`);
        else map[key] = v;
      }
      for (const key of rule.requiredKeys ?? []) {
        if (!(key in value)) check.fail([rule.name, 'value', key], 'is required (a key of this map output) and is missing', undefined);
      }
      out[rule.name] = map;
    }
  }
  check.throwIfFailed();
  return out;
}

/** Prefixes the last problem's path with the output name (the checker saw only the entry). */
function fixLast(check: Checker, prefix: string): void {
  const i = check.problems.length - 1;
  const line = check.problems[i];
  const colon = line.indexOf(': ');
  check.problems[i] = `${line.slice(0, colon + 2)}${prefix}.${line.slice(colon + 2)}`;
}
