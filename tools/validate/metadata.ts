import { asMap, asString } from './json';

// https://kubernetes.io/docs/concepts/overview/working-with-objects/names/
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
// https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Kinds whose names must be a DNS-1123 label rather than a subdomain. */
const LABEL_NAMED = new Set(['Namespace']);
/** Kinds whose names must be an RFC 1035 label (they become DNS names that must start with a letter). */
const DNS1035_NAMED = new Set(['Service']);

/**
 * The metadata rules the API server enforces beyond the schema: an object name valid
 * for its kind, label keys and values, annotation keys. Returns one message per fault.
 */
export function checkMetadata(kind: string, metadata: unknown): string[] {
  const out: string[] = [];
  const meta = asMap(metadata);
  const name = asString(meta?.name);
  if (!name) {
    if (!asString(meta?.generateName)) out.push('metadata.name is not set');
  } else if (DNS1035_NAMED.has(kind)) {
    if (name.length > 63 || !DNS1035_LABEL.test(name))
      out.push(`metadata.name "${name}" must be an RFC 1035 label (lower case letters, digits and "-", starting with a letter, at most 63 characters)`);
  } else if (LABEL_NAMED.has(kind)) {
    if (name.length > 63 || !DNS1123_LABEL.test(name))
      out.push(`metadata.name "${name}" must be a DNS-1123 label (lower case letters, digits and "-", at most 63 characters)`);
  } else if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) {
    out.push(`metadata.name "${name}" must be a DNS-1123 subdomain (lower case letters, digits, "-" and ".", at most 253 characters)`);
  }
  const labels = asMap(meta?.labels) ?? {};
  for (const key of Object.keys(labels)) {
    const keyError = qualifiedNameError(key);
    if (keyError) out.push(`metadata.labels key "${key}" ${keyError}`);
    const value = labels[key];
    if (typeof value === 'string' && (value.length > 63 || !LABEL_VALUE.test(value))) {
      out.push(
        `metadata.labels["${key}"] value "${value}" must be at most 63 characters of letters, digits, "-", "_" and ".", starting and ending with a letter or digit`,
      );
    }
  }
  for (const key of Object.keys(asMap(meta?.annotations) ?? {})) {
    const keyError = qualifiedNameError(key);
    if (keyError) out.push(`metadata.annotations key "${key}" ${keyError}`);
  }
  return out;
}

/** Why a label or annotation key is not a valid qualified name, or undefined. */
export function qualifiedNameError(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) {
    return 'has a prefix that is not a DNS-1123 subdomain';
  }
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME.test(name)) {
    return 'must be at most 63 characters of letters, digits, "-", "_" and ".", starting and ending with a letter or digit (after an optional "prefix/")';
  }
  return undefined;
}
