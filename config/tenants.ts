/**
 * `config/tenants.yaml`: the tenants, as data. Parsed and validated here; every problem
 * names the file, the entry (index and slug) and the rule, and all problems are reported
 * together.
 */
import { parseDocument } from 'yaml';
import { ConfigError, isPlainObject, shown } from '../lib/config-check';
import { ENVIRONMENTS, EnvironmentName, TENANT_TIERS, TenantTierName } from './types';

export const TENANTS_FILE = 'config/tenants.yaml';

/** One validated tenant. */
export interface Tenant {
  readonly slug: string;
  readonly displayName: string;
  readonly tier: TenantTierName;
  readonly environments: readonly EnvironmentName[];
  /** A dedicated NGINX ingress controller (rendered in prod only). */
  readonly dedicatedIngress?: { readonly resourceGroup: string };
  /** The tenant's own ACR login server. */
  readonly acr?: string;
}

/** 3-30 characters: `matih-tenant-<slug>` stays a valid namespace and `<slug>` a DNS label. */
export const SLUG = /^[a-z][a-z0-9-]{1,28}[a-z0-9]$/;
const RESOURCE_GROUP = /^[-\w.()]{1,89}[-\w()]$/;
const ACR = /^[a-z0-9]{5,50}\.azurecr\.io$/;
const FIELDS = new Set(['slug', 'displayName', 'tier', 'environments', 'dedicatedIngress', 'acr']);

/**
 * Parses and validates the tenants file. `reserved` holds names a slug may not take:
 * the platform's and the operators' namespaces and their short names.
 */
export function parseTenants(text: string, reserved: ReadonlySet<string>, file = TENANTS_FILE): Tenant[] {
  const doc = parseDocument(text, { version: '1.2', uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(doc.errors.map((e) => {
      const what = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      return `${file}: is not valid YAML: ${what}${e.linePos ? ` (line ${e.linePos[0].line}, column ${e.linePos[0].col})` : ''}`;
    }));
  }
  const data = doc.toJS();
  const problems: string[] = [];
  if (!isPlainObject(data) || !Array.isArray(data.tenants)) {
    throw new ConfigError([`${file}: must be a map with a list 'tenants' (got ${shown(data)})`]);
  }
  const tenants: Tenant[] = [];
  const seen = new Map<string, number>();
  data.tenants.forEach((entry: unknown, i: number) => {
    const at = (field?: string) => `${file}: tenants[${i}]${isPlainObject(entry) && typeof entry.slug === 'string' ? ` (${entry.slug})` : ''}${field ? `.${field}` : ''}`;
    const fail = (field: string | undefined, rule: string, value: unknown) => problems.push(`${at(field)} ${rule} (got ${shown(value)})`);
    if (!isPlainObject(entry)) { fail(undefined, 'must be a map with slug, displayName, tier and environments', entry); return; }
    for (const key of Object.keys(entry)) if (!FIELDS.has(key)) fail(key, `is not a tenant setting (allowed: ${[...FIELDS].join(', ')})`, entry[key]);
    const before = problems.length;

    const slug = entry.slug;
    if (typeof slug !== 'string' || !SLUG.test(slug) || slug.includes('--')) {
      fail('slug', `must be 3-30 characters of a-z, 0-9 and '-' (no '--'), start with a letter and end with a letter or digit, so that matih-tenant-<slug> is a namespace and <slug> a DNS label (${SLUG.source})`, slug);
    } else if (reserved.has(slug) || slug.startsWith('kube-') || slug.startsWith('matih')) {
      fail('slug', 'must not be named like a platform namespace (reserved: the platform and operator namespaces, their short names, kube-*, matih*)', slug);
    } else if (seen.has(slug)) {
      fail('slug', `is a duplicate of tenants[${seen.get(slug)}]`, slug);
    } else {
      seen.set(slug, i);
    }
    if (typeof entry.displayName !== 'string' || entry.displayName.trim() === '' || entry.displayName.length > 100) {
      fail('displayName', 'is required: 1-100 characters', entry.displayName);
    }
    if (typeof entry.tier !== 'string' || !(TENANT_TIERS as readonly string[]).includes(entry.tier)) {
      fail('tier', `must be one of ${TENANT_TIERS.join(', ')}`, entry.tier);
    }
    const envs = entry.environments;
    if (!Array.isArray(envs) || envs.length === 0) {
      fail('environments', `must list at least one of ${ENVIRONMENTS.join(', ')}`, envs);
    } else {
      envs.forEach((e, j) => {
        if (typeof e !== 'string' || !(ENVIRONMENTS as readonly string[]).includes(e)) fail(`environments[${j}]`, `must be one of ${ENVIRONMENTS.join(', ')}`, e);
      });
      if (new Set(envs).size !== envs.length) fail('environments', 'must not repeat an environment', envs);
    }
    const ingress = entry.dedicatedIngress;
    if (ingress !== undefined) {
      if (!isPlainObject(ingress) || typeof ingress.resourceGroup !== 'string' || !RESOURCE_GROUP.test(ingress.resourceGroup)) {
        fail('dedicatedIngress.resourceGroup', 'must be the Azure resource group of the tenant load balancer', isPlainObject(ingress) ? ingress.resourceGroup : ingress);
      } else if (Object.keys(ingress).length !== 1) {
        fail('dedicatedIngress', 'takes only resourceGroup', ingress);
      }
    }
    if (entry.acr !== undefined && (typeof entry.acr !== 'string' || !ACR.test(entry.acr))) {
      fail('acr', 'must be an ACR login server such as tenantacr.azurecr.io', entry.acr);
    }
    if (problems.length === before) {
      tenants.push({
        slug: slug as string,
        displayName: entry.displayName as string,
        tier: entry.tier as TenantTierName,
        environments: [...(envs as EnvironmentName[])].sort((a, b) => ENVIRONMENTS.indexOf(a) - ENVIRONMENTS.indexOf(b)),
        dedicatedIngress: ingress ? { resourceGroup: (ingress as { resourceGroup: string }).resourceGroup } : undefined,
        acr: entry.acr as string | undefined,
      });
    }
  });
  if (problems.length > 0) throw new ConfigError(problems);
  return tenants.sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
}
