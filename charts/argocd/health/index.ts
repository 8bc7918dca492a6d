/**
 * The health checks the platform installs in argocd-cm (through the argo-cd chart's values,
 * charts/argocd/argo-cd-values.ts): for every kind whose health a sync wave waits on and
 * Argo CD v3.0.23 judges too early or not at all. Each script is tested against recorded
 * statuses in Argo CD's sandbox (test/charts/argocd/health-checks.test.ts).
 */
import { APPLICATION_HEALTH_LUA } from './application';
import { CERT_MANAGER_HEALTH_LUA } from './cert-manager';
import { CROSSPLANE_PACKAGE_HEALTH_LUA } from './crossplane';
import { EXTERNAL_SECRETS_HEALTH_LUA } from './external-secrets';
import { KYVERNO_POLICY_HEALTH_LUA } from './kyverno';
import { STRIMZI_HEALTH_LUA } from './strimzi';

/** One kind's health check. */
export interface HealthCustomization {
  readonly group: string;
  readonly kind: string;
  readonly lua: string;
}

/** Every customization, by kind. */
export const HEALTH_CUSTOMIZATIONS: readonly HealthCustomization[] = [
  { group: 'argoproj.io', kind: 'Application', lua: APPLICATION_HEALTH_LUA },
  ...['Kafka', 'KafkaNodePool', 'KafkaTopic', 'KafkaUser'].map((kind) => ({ group: 'kafka.strimzi.io', kind, lua: STRIMZI_HEALTH_LUA })),
  ...['Certificate', 'ClusterIssuer', 'Issuer'].map((kind) => ({ group: 'cert-manager.io', kind, lua: CERT_MANAGER_HEALTH_LUA })),
  ...['ExternalSecret', 'ClusterSecretStore', 'SecretStore'].map((kind) => ({ group: 'external-secrets.io', kind, lua: EXTERNAL_SECRETS_HEALTH_LUA })),
  { group: 'pkg.crossplane.io', kind: 'Provider', lua: CROSSPLANE_PACKAGE_HEALTH_LUA },
  { group: 'kyverno.io', kind: 'ClusterPolicy', lua: KYVERNO_POLICY_HEALTH_LUA },
];

const HEALTH_PREFIX = 'resource.customizations.health.';

/** The argocd-cm key of a kind's health check: `resource.customizations.health.<group>_<Kind>` (`<Kind>` alone for the core group). */
export function healthCustomizationKey(group: string, kind: string): string {
  return `${HEALTH_PREFIX}${group === '' ? kind : `${group}_${kind}`}`;
}

/**
 * The kinds (`<group>/<Kind>`, `<Kind>` for the core group) that argocd-cm keys give a health
 * check, read back from the keys: the inverse of {@link healthCustomizationKey}, as Argo CD's
 * settings manager splits them (the group is everything before the last `_`).
 */
export function kindsOfHealthKeys(keys: Iterable<string>): string[] {
  const out: string[] = [];
  for (const key of keys) {
    if (!key.startsWith(HEALTH_PREFIX)) continue;
    const groupKind = key.slice(HEALTH_PREFIX.length);
    const cut = groupKind.lastIndexOf('_');
    out.push(cut < 0 ? groupKind : `${groupKind.slice(0, cut)}/${groupKind.slice(cut + 1)}`);
  }
  return out.sort();
}
