import { Inventory } from './inventory';
import { asArray, asMap, asString } from './json';
import { containersOf, PodTemplate, specPath } from './pod-templates';

/** A dangling reference: the rule id and the message. */
export interface ReferenceFinding {
  readonly rule: string;
  readonly message: string;
}

/** What references treat as existing although the folder does not hold it. */
export interface ExternalObjects {
  /** Secrets created outside the folder (`namespace`, `name`). */
  readonly secret: (namespace: string, name: string) => boolean;
  /** Services created outside the folder. */
  readonly service: (namespace: string, name: string) => boolean;
}

// `<service>.<namespace>.svc[.cluster.local][:port]`, optionally after `<scheme>://` and `user@`
const SERVICE_HOST = /(?:\b([a-z][a-z0-9+.-]*):\/\/(?:[^\s/@]*@)?)?([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)\.([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)\.svc(?:\.cluster\.local)?(?![-a-z0-9]|\.[a-z0-9])(?::(\d+))?/g;
const DEFAULT_PORTS: Readonly<Record<string, number>> = { http: 80, https: 443, ws: 80, wss: 443 };

/**
 * Checks that what a pod template names exists in its namespace: the ServiceAccount
 * (`default` always exists), Secrets (env, envFrom, volumes, projected volumes,
 * imagePullSecrets; references marked `optional: true` are skipped), ConfigMaps (the
 * same places; `kube-root-ca.crt` always exists), and the Services and ports of
 * in-cluster URLs in env values (`http://svc.ns.svc.cluster.local:8080`, also without
 * a scheme as in Kafka's `bootstrap.svc:9093`).
 *
 * Rules: `ref/serviceAccount`, `ref/secret`, `ref/configMap`, `ref/serviceUrl`, and
 * `ref/workloadIdentity` (below). A template of a cluster-scoped owner (a Crossplane runtime
 * config) names no namespace to look in: its identity is checked with its ProviderConfig
 * (`ref/providerIdentity`, stack-references.ts).
 */
export function checkPodReferences(template: PodTemplate, inventory: Inventory, external: ExternalObjects): ReferenceFinding[] {
  const out: ReferenceFinding[] = [];
  const ns = template.namespace;
  if (!ns) return out;
  const spec = template.spec;
  const base = specPath(template);

  const sa = asString(spec.serviceAccountName) ?? asString(spec.serviceAccount);
  if (sa && !inventory.has('', 'ServiceAccount', ns, sa)) {
    out.push({ rule: 'ref/serviceAccount', message: `${base}.serviceAccountName: no ServiceAccount "${sa}" in namespace "${ns}"` });
  }
  out.push(...checkWorkloadIdentity(template, sa ?? 'default', inventory));
  const secret = (name: unknown, path: string, optional: unknown): void => {
    if (typeof name !== 'string' || optional === true) return;
    if (inventory.secretSource(ns, name) || external.secret(ns, name)) return;
    out.push({ rule: 'ref/secret', message: `${path}: no Secret "${name}" in namespace "${ns}", nor an ExternalSecret, KafkaUser or Certificate that creates it` });
  };
  const configMap = (name: unknown, path: string, optional: unknown): void => {
    if (typeof name !== 'string' || optional === true || inventory.has('', 'ConfigMap', ns, name)) return;
    out.push({ rule: 'ref/configMap', message: `${path}: no ConfigMap "${name}" in namespace "${ns}"` });
  };

  asArray(spec.imagePullSecrets).forEach((raw, i) => secret(asMap(raw)?.name, `${base}.imagePullSecrets[${i}]`, false));
  asArray(spec.volumes).forEach((raw, i) => {
    const volume = asMap(raw) ?? {};
    const at = `${base}.volumes[${i}]`;
    const s = asMap(volume.secret);
    if (s) secret(s.secretName, `${at}.secret.secretName`, s.optional);
    const c = asMap(volume.configMap);
    if (c) configMap(c.name, `${at}.configMap.name`, c.optional);
    asArray(asMap(volume.projected)?.sources).forEach((src, j) => {
      const ps = asMap(asMap(src)?.secret);
      if (ps) secret(ps.name, `${at}.projected.sources[${j}].secret.name`, ps.optional);
      const pc = asMap(asMap(src)?.configMap);
      if (pc) configMap(pc.name, `${at}.projected.sources[${j}].configMap.name`, pc.optional);
    });
  });

  for (const ref of containersOf(template)) {
    asArray(ref.container.envFrom).forEach((raw, i) => {
      const from = asMap(raw) ?? {};
      const s = asMap(from.secretRef);
      if (s) secret(s.name, `${ref.path}.envFrom[${i}].secretRef.name`, s.optional);
      const c = asMap(from.configMapRef);
      if (c) configMap(c.name, `${ref.path}.envFrom[${i}].configMapRef.name`, c.optional);
    });
    asArray(ref.container.env).forEach((raw, i) => {
      const env = asMap(raw) ?? {};
      const at = `${ref.path}.env[${i}]`;
      const valueFrom = asMap(env.valueFrom);
      const s = asMap(valueFrom?.secretKeyRef);
      if (s) secret(s.name, `${at}.valueFrom.secretKeyRef.name`, s.optional);
      const c = asMap(valueFrom?.configMapKeyRef);
      if (c) configMap(c.name, `${at}.valueFrom.configMapKeyRef.name`, c.optional);
      if (typeof env.value === 'string') out.push(...checkServiceUrls(env.value, `${at}.value (${asString(env.name) ?? ''})`, inventory, external));
    });
  }
  return out;
}

const WI_USE = 'azure.workload.identity/use';
const WI_CLIENT_ID = 'azure.workload.identity/client-id';

/**
 * `ref/workloadIdentity`: Azure Workload Identity needs both halves: the pod label
 * `azure.workload.identity/use: "true"` (the webhook injects the token only then) and a
 * ServiceAccount annotated with `azure.workload.identity/client-id`. One without the
 * other leaves the pod without its Azure identity.
 * See https://azure.github.io/azure-workload-identity/docs/topics/service-account-labels-and-annotations.html
 */
function checkWorkloadIdentity(template: PodTemplate, sa: string, inventory: Inventory): ReferenceFinding[] {
  const account = inventory.get('', 'ServiceAccount', template.namespace, sa)[0];
  if (!account && sa !== 'default') return []; // reported as ref/serviceAccount
  const clientId = asString(asMap(asMap(asMap(account?.object)?.metadata)?.annotations)?.[WI_CLIENT_ID]);
  const uses = template.labels[WI_USE] === 'true';
  const where = template.path ? `${template.path}.metadata.labels` : 'metadata.labels';
  if (uses && !clientId) {
    return [{ rule: 'ref/workloadIdentity', message: `${where}["${WI_USE}"] is "true" but ServiceAccount "${sa}" has no ${WI_CLIENT_ID} annotation` }];
  }
  if (!uses && clientId) {
    return [{ rule: 'ref/workloadIdentity', message: `ServiceAccount "${sa}" has a ${WI_CLIENT_ID} annotation but ${where} lacks ${WI_USE}: "true", so no token is injected` }];
  }
  return [];
}

/** Checks every in-cluster Service host (and port) a string names. */
export function checkServiceUrls(text: string, where: string, inventory: Inventory, external: ExternalObjects): ReferenceFinding[] {
  const out: ReferenceFinding[] = [];
  if (!text.includes('.svc')) return out;
  for (const match of text.matchAll(SERVICE_HOST)) {
    const [host, scheme, name, ns, portText] = match;
    if (external.service(ns, name)) continue;
    const service = inventory.service(ns, name);
    if (!service) {
      out.push({ rule: 'ref/serviceUrl', message: `${where}: ${host} names no Service "${name}" in namespace "${ns}"` });
      continue;
    }
    const port = portText !== undefined ? Number(portText) : scheme ? DEFAULT_PORTS[scheme] : undefined;
    if (port !== undefined && !service.ports.some((p) => p.port === port)) {
      const ports = service.ports.map((p) => p.port).join(', ') || 'none';
      out.push({ rule: 'ref/serviceUrl', message: `${where}: ${host} uses port ${port}, but ${service.source} "${name}" in namespace "${ns}" exposes ${ports}` });
    }
  }
  return out;
}
