import { groupOf, Inventory } from './inventory';
import { asArray, asMap, asString, asStringMap, JsonMap } from './json';
import { parseLabelSelector, selectorMatches } from './label-selector';
import { ExternalObjects, ReferenceFinding } from './pod-references';
import { LoadedObject, objectId } from './problem';
import { checkPolicyNamespaces, checkProviderIdentity, checkRuntimeConfigRef } from './stack-references';

const CERT_MANAGER = 'cert-manager.io';
const ESO = 'external-secrets.io';
const STRIMZI = 'kafka.strimzi.io';
const ARGO = 'argoproj.io';

/**
 * Checks the references of custom resources and networking objects:
 *
 * - `ref/issuer`: a cert-manager Certificate's `issuerRef` (kind `Issuer` by default, in
 *   the same namespace, or `ClusterIssuer`), and an Ingress's `cert-manager.io/cluster-issuer`
 *   or `cert-manager.io/issuer` annotation;
 * - `ref/secretStore`: an ExternalSecret's `secretStoreRef` (and per-entry `sourceRef.storeRef`)
 *   names an existing SecretStore in its namespace or ClusterSecretStore, and the
 *   ClusterSecretStore's `conditions` admit the namespace;
 * - `ref/ingressBackend`: an Ingress backend names an existing Service and one of its ports;
 *   `ref/secret`: an Ingress TLS secret exists (or cert-manager will create it);
 * - `ref/kafkaCluster`: a Strimzi KafkaTopic, KafkaUser or KafkaNodePool's `strimzi.io/cluster`
 *   label names a Kafka in its namespace (the operators only look there);
 * - `ref/role`: a RoleBinding's `roleRef` of kind Role names a Role in its namespace;
 * - `ref/runtimeConfig`, `ref/providerIdentity`, `ref/policyNamespaces`: a Crossplane Provider's
 *   runtime config, an Azure ProviderConfig's Workload Identity, a Kyverno policy's target
 *   namespaces (stack-references.ts).
 *
 * Argo CD Applications are checked in `argocd-references.ts`.
 */
export function checkObjectReferences(loaded: LoadedObject, inventory: Inventory, external: ExternalObjects): ReferenceFinding[] {
  const id = objectId(loaded.object);
  const object = asMap(loaded.object) ?? {};
  const spec = asMap(object.spec) ?? {};
  const labels = asStringMap(asMap(object.metadata)?.labels);
  const ns = id.namespace;
  switch (`${groupOf(id.apiVersion)}/${id.kind}`) {
    case `${CERT_MANAGER}/Certificate`:
      return checkIssuerRef(asMap(spec.issuerRef) ?? {}, 'spec.issuerRef', ns, inventory);
    case `${ESO}/ExternalSecret`:
      return checkStoreRefs(spec, ns, inventory);
    case 'networking.k8s.io/Ingress':
      return checkIngress(object, spec, ns, inventory, external);
    case `${STRIMZI}/KafkaTopic`:
    case `${STRIMZI}/KafkaUser`:
    case `${STRIMZI}/KafkaNodePool`:
      return checkKafkaCluster(labels['strimzi.io/cluster'], ns, inventory);
    case 'pkg.crossplane.io/Provider':
    case 'pkg.crossplane.io/Function':
      return checkRuntimeConfigRef(spec, inventory);
    case 'azure.upbound.io/ProviderConfig':
      return checkProviderIdentity(spec, inventory);
    case 'kyverno.io/ClusterPolicy':
    case 'kyverno.io/Policy':
      return checkPolicyNamespaces(spec, inventory);
    case 'rbac.authorization.k8s.io/RoleBinding': {
      const roleRef = asMap(object.roleRef) ?? {};
      const name = asString(roleRef.name) ?? '';
      if (roleRef.kind !== 'Role' || inventory.has('rbac.authorization.k8s.io', 'Role', ns, name)) return [];
      return [{ rule: 'ref/role', message: `roleRef: no Role "${name}" in namespace "${ns}"` }];
    }
    default:
      return [];
  }
}

/** Namespaces every cluster has. */
const SYSTEM_NAMESPACES = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

/**
 * `ref/namespace`: a namespace that no Namespace object of the run creates (a typo would
 * otherwise hide behind every per-namespace check), reported once, on the first object
 * that uses it. Only judged when the run holds Namespace objects at all. The system
 * namespaces, `externalNamespaces`, and the namespace Argo CD runs in (the one holding
 * Applications and AppProjects) exist without one.
 */
export function checkNamespaces(inventory: Inventory, objects: readonly LoadedObject[], external: (namespace: string) => boolean): { loaded: LoadedObject; finding: ReferenceFinding }[] {
  if (!inventory.ofKind('', 'Namespace').length) return [];
  const argo = new Set([...inventory.ofKind(ARGO, 'Application'), ...inventory.ofKind(ARGO, 'AppProject')].map((o) => objectId(o.object).namespace));
  const users = new Map<string, LoadedObject[]>();
  for (const loaded of objects) {
    const { namespace } = objectId(loaded.object);
    if (!namespace || SYSTEM_NAMESPACES.has(namespace) || argo.has(namespace) || external(namespace)) continue;
    if (inventory.has('', 'Namespace', '', namespace)) continue;
    const list = users.get(namespace);
    if (list) list.push(loaded);
    else users.set(namespace, [loaded]);
  }
  return [...users].map(([namespace, list]) => ({
    loaded: list[0],
    finding: {
      rule: 'ref/namespace',
      message: `metadata.namespace: no Namespace "${namespace}" in this cluster's objects${list.length > 1 ? ` (${list.length} objects use it)` : ''}`,
    },
  }));
}

/** One `ref/duplicate` finding per object that repeats the group, kind, namespace and name of an earlier one. */
export function checkDuplicates(inventory: Inventory): { loaded: LoadedObject; finding: ReferenceFinding }[] {
  const out: { loaded: LoadedObject; finding: ReferenceFinding }[] = [];
  for (const list of inventory.duplicates()) {
    const first = list[0];
    for (const loaded of list.slice(1)) {
      const id = objectId(loaded.object);
      const where = first.file === loaded.file ? `document ${first.index} of this file` : first.file;
      out.push({ loaded, finding: { rule: 'ref/duplicate', message: `another ${groupOf(id.apiVersion) || 'core'} ${id.kind} with this namespace and name is in ${where}` } });
    }
  }
  return out;
}

function checkIssuerRef(ref: JsonMap, path: string, ns: string, inventory: Inventory): ReferenceFinding[] {
  const group = asString(ref.group) ?? CERT_MANAGER;
  if (group !== CERT_MANAGER) return []; // an external issuer (another controller's CRD)
  const kind = asString(ref.kind) ?? 'Issuer';
  const name = asString(ref.name) ?? '';
  return issuerExists(kind, name, ns, inventory) ? [] : [{ rule: 'ref/issuer', message: `${path}: ${issuerMissing(kind, name, ns)}` }];
}

function issuerExists(kind: string, name: string, ns: string, inventory: Inventory): boolean {
  return kind === 'ClusterIssuer' ? inventory.has(CERT_MANAGER, 'ClusterIssuer', '', name) : inventory.has(CERT_MANAGER, kind, ns, name);
}

function issuerMissing(kind: string, name: string, ns: string): string {
  return kind === 'ClusterIssuer' ? `no ClusterIssuer "${name}"` : `no ${kind} "${name}" in namespace "${ns}"`;
}

function checkStoreRefs(spec: JsonMap, ns: string, inventory: Inventory): ReferenceFinding[] {
  const refs: { ref: JsonMap; path: string }[] = [];
  const top = asMap(spec.secretStoreRef);
  if (top) refs.push({ ref: top, path: 'spec.secretStoreRef' });
  for (const list of ['data', 'dataFrom']) {
    asArray(spec[list]).forEach((raw, i) => {
      const storeRef = asMap(asMap(asMap(raw)?.sourceRef)?.storeRef);
      if (storeRef) refs.push({ ref: storeRef, path: `spec.${list}[${i}].sourceRef.storeRef` });
    });
  }
  const out: ReferenceFinding[] = [];
  for (const { ref, path } of refs) {
    const kind = asString(ref.kind) ?? 'SecretStore';
    const name = asString(ref.name) ?? '';
    if (kind === 'ClusterSecretStore') {
      const store = inventory.get(ESO, 'ClusterSecretStore', '', name)[0];
      if (!store) out.push({ rule: 'ref/secretStore', message: `${path}: no ClusterSecretStore "${name}"` });
      else if (!storeAdmits(store, ns, inventory)) {
        out.push({ rule: 'ref/secretStore', message: `${path}: ClusterSecretStore "${name}" does not admit namespace "${ns}" (spec.conditions)` });
      }
    } else if (!inventory.has(ESO, kind, ns, name)) {
      out.push({ rule: 'ref/secretStore', message: `${path}: no ${kind} "${name}" in namespace "${ns}"` });
    }
  }
  return out;
}

/**
 * Whether a ClusterSecretStore's `spec.conditions` let a namespace use it: no conditions
 * admit all; otherwise one condition must list the namespace, match it by regex, or
 * select its Namespace object's labels.
 */
function storeAdmits(store: LoadedObject, ns: string, inventory: Inventory): boolean {
  const conditions = asArray(asMap(asMap(store.object)?.spec)?.conditions);
  if (!conditions.length) return true;
  const nsLabels = inventory.namespaceLabels(ns);
  return conditions.some((raw) => {
    const c = asMap(raw) ?? {};
    if (asArray(c.namespaces).includes(ns)) return true;
    if (asArray(c.namespaceRegexes).some((r) => typeof r === 'string' && safeRegExp(r)?.test(ns))) return true;
    return c.namespaceSelector !== undefined && selectorMatches(parseLabelSelector(c.namespaceSelector), nsLabels);
  });
}

function checkIngress(object: JsonMap, spec: JsonMap, ns: string, inventory: Inventory, external: ExternalObjects): ReferenceFinding[] {
  const out: ReferenceFinding[] = [];
  const annotations = asStringMap(asMap(object.metadata)?.annotations);
  const clusterIssuer = annotations['cert-manager.io/cluster-issuer'];
  if (clusterIssuer && !issuerExists('ClusterIssuer', clusterIssuer, ns, inventory)) {
    out.push({ rule: 'ref/issuer', message: `annotation cert-manager.io/cluster-issuer: ${issuerMissing('ClusterIssuer', clusterIssuer, ns)}` });
  }
  const issuer = annotations['cert-manager.io/issuer'];
  if (issuer && !issuerExists('Issuer', issuer, ns, inventory)) {
    out.push({ rule: 'ref/issuer', message: `annotation cert-manager.io/issuer: ${issuerMissing('Issuer', issuer, ns)}` });
  }
  const backends: { backend: JsonMap; path: string }[] = [];
  const defaultBackend = asMap(spec.defaultBackend);
  if (defaultBackend) backends.push({ backend: defaultBackend, path: 'spec.defaultBackend' });
  asArray(spec.rules).forEach((rule, i) => {
    asArray(asMap(asMap(rule)?.http)?.paths).forEach((p, j) => {
      const backend = asMap(asMap(p)?.backend);
      if (backend) backends.push({ backend, path: `spec.rules[${i}].http.paths[${j}].backend` });
    });
  });
  for (const { backend, path } of backends) {
    const service = asMap(backend.service);
    if (!service) continue; // a resource backend
    const name = asString(service.name) ?? '';
    const port = asMap(service.port) ?? {};
    if (external.service(ns, name)) continue;
    const found = inventory.service(ns, name);
    if (!found) {
      out.push({ rule: 'ref/ingressBackend', message: `${path}.service.name: no Service "${name}" in namespace "${ns}"` });
    } else if (!found.ports.some((p) => (typeof port.number === 'number' ? p.port === port.number : p.name === port.name))) {
      const wanted = typeof port.number === 'number' ? String(port.number) : `"${asString(port.name) ?? ''}"`;
      out.push({ rule: 'ref/ingressBackend', message: `${path}.service.port: Service "${name}" has no port ${wanted}` });
    }
  }
  asArray(spec.tls).forEach((raw, i) => {
    const secretName = asString(asMap(raw)?.secretName);
    if (secretName && !inventory.secretSource(ns, secretName) && !external.secret(ns, secretName)) {
      out.push({ rule: 'ref/secret', message: `spec.tls[${i}].secretName: no Secret "${secretName}" in namespace "${ns}", nor a Certificate or cert-manager annotation that creates it` });
    }
  });
  return out;
}

function checkKafkaCluster(cluster: string | undefined, ns: string, inventory: Inventory): ReferenceFinding[] {
  if (cluster === undefined) {
    return [{ rule: 'ref/kafkaCluster', message: 'metadata.labels["strimzi.io/cluster"] is not set; the Strimzi operators ignore this resource' }];
  }
  if (inventory.has(STRIMZI, 'Kafka', ns, cluster)) return [];
  return [{ rule: 'ref/kafkaCluster', message: `metadata.labels["strimzi.io/cluster"]: no Kafka "${cluster}" in namespace "${ns}"` }];
}

function safeRegExp(source: string): RegExp | undefined {
  try {
    return new RegExp(source);
  } catch {
    return undefined;
  }
}
