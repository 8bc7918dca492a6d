/**
 * The API versions that are deprecated or removed, with where each fact comes from.
 *
 * Two kinds of entries:
 *
 * - Kubernetes (`project: 'kubernetes'`): `deprecatedIn`/`removedIn` are Kubernetes minors,
 *   from the deprecation guide (removals) and the API's own lifecycle
 *   (`zz_generated.prerelease-lifecycle.go`, for deprecations).
 * - Operators: what the pinned release itself serves, deprecates and stores is NOT typed
 *   here: it is read from the vendored CRDs (imports/crds/) at run time. The entries below
 *   add only what the CRDs cannot say: removals announced for later releases of the
 *   operator, with the replacement. `deprecatedIn`/`removedIn` are releases of the operator.
 *   test/tools/deprecations/table.test.ts checks every entry against the vendored CRDs.
 *
 * Change the table in its own commit, naming the source, and bump TABLE_VERSION: reports
 * print it, so a pull-request comment says which table produced it.
 */

/** The version of this table; reports name it. */
export const TABLE_VERSION = 1;

/** An operator whose CRDs are vendored under imports/crds/. */
export type OperatorName =
  | 'argo-cd'
  | 'cert-manager'
  | 'crossplane'
  | 'envoy-gateway'
  | 'external-secrets'
  | 'gateway-api'
  | 'kuberay'
  | 'kyverno'
  | 'prometheus-operator'
  | 'provider-azure'
  | 'strimzi';

/** Whose release numbers an entry's `deprecatedIn` and `removedIn` are. */
export type Project = 'kubernetes' | OperatorName;

/** One API version (of some kinds, or of every kind of the group) that goes away. */
export interface ApiVersionEntry {
  readonly project: Project;
  /** The API group; `''` for the core group (`apiVersion: v1`). */
  readonly group: string;
  readonly version: string;
  /** The kinds it applies to; absent: every kind of the group at this version. */
  readonly kinds?: readonly string[];
  /** The first release of `project` that deprecates it (warnings on use). */
  readonly deprecatedIn?: string;
  /** The first release of `project` that no longer serves it. */
  readonly removedIn?: string;
  /** The apiVersion to move to (`networking.k8s.io/v1`), or `none` with the way out in `note`. */
  readonly replacement: string;
  /** Where the facts come from: a URL, or a path in this repository. */
  readonly source: string;
  readonly note?: string;
}

/** An operator as this repository pins it (imports/SOURCES.md, config `operatorCharts`). */
export interface PinnedOperator {
  readonly name: OperatorName;
  /** How reports name it. */
  readonly title: string;
  /** The pinned release, without a leading `v`. */
  readonly version: string;
  /** The API groups of its CRDs. */
  readonly groups: readonly string[];
  /** Its folder under imports/crds/. */
  readonly crdFolder: string;
}

/** The pinned operators; test/tools/deprecations/table.test.ts checks them against imports/SOURCES.md. */
export const PINNED_OPERATORS: readonly PinnedOperator[] = [
  { name: 'argo-cd', title: 'Argo CD', version: '3.0.23', groups: ['argoproj.io'], crdFolder: 'argo-cd' },
  { name: 'cert-manager', title: 'cert-manager', version: '1.18.6', groups: ['cert-manager.io'], crdFolder: 'cert-manager' },
  { name: 'envoy-gateway', title: 'Envoy Gateway', version: '1.3.3', groups: ['gateway.envoyproxy.io'], crdFolder: 'envoy-gateway' },
  { name: 'external-secrets', title: 'External Secrets Operator', version: '0.13.0', groups: ['external-secrets.io'], crdFolder: 'external-secrets' },
  // not an operator but the API Envoy Gateway implements; its CRDs are installed on their own (docs/edge.md)
  { name: 'gateway-api', title: 'Gateway API', version: '1.2.1', groups: ['gateway.networking.k8s.io'], crdFolder: 'gateway-api' },
  { name: 'prometheus-operator', title: 'Prometheus Operator', version: '0.93.0', groups: ['monitoring.coreos.com'], crdFolder: 'prometheus-operator' },
  { name: 'strimzi', title: 'Strimzi', version: '0.50.1', groups: ['kafka.strimzi.io'], crdFolder: 'strimzi' },
  { name: 'crossplane', title: 'Crossplane', version: '1.19.3', groups: ['pkg.crossplane.io'], crdFolder: 'crossplane' },
  { name: 'provider-azure', title: 'Crossplane Azure provider family', version: '2.7.0', groups: ['azure.upbound.io'], crdFolder: 'provider-azure' },
  { name: 'kuberay', title: 'KubeRay', version: '1.7.0', groups: ['ray.io'], crdFolder: 'kuberay' },
  { name: 'kyverno', title: 'Kyverno', version: '1.14.5', groups: ['kyverno.io'], crdFolder: 'kyverno' },
];

const GUIDE = 'https://kubernetes.io/docs/reference/using-api/deprecation-guide/';
const LIFECYCLE = (groupVersion: string) =>
  `https://github.com/kubernetes/kubernetes/blob/master/staging/src/k8s.io/api/${groupVersion}/zz_generated.prerelease-lifecycle.go`;

/** Kubernetes API versions: every removal of the deprecation guide, and the deprecations that matter from 1.29 on. */
export const KUBERNETES_ENTRIES: readonly ApiVersionEntry[] = [
  // v1.33: deprecated, no removal planned
  {
    project: 'kubernetes',
    group: '',
    version: 'v1',
    kinds: ['Endpoints'],
    deprecatedIn: '1.33',
    replacement: 'discovery.k8s.io/v1',
    source: 'https://kubernetes.io/blog/2025/04/24/endpoints-deprecation/',
    note: 'use EndpointSlice; the Endpoints type itself is expected to stay',
  },
  // v1.32
  {
    project: 'kubernetes',
    group: 'flowcontrol.apiserver.k8s.io',
    version: 'v1beta3',
    kinds: ['FlowSchema', 'PriorityLevelConfiguration'],
    deprecatedIn: '1.29',
    removedIn: '1.32',
    replacement: 'flowcontrol.apiserver.k8s.io/v1',
    source: `${GUIDE}#v1-32 and ${LIFECYCLE('flowcontrol/v1beta3')}`,
    note: 'v1 since 1.29; PriorityLevelConfiguration spec.limited.nominalConcurrencyShares defaults to 30 only when unset',
  },
  // v1.29
  {
    project: 'kubernetes',
    group: 'flowcontrol.apiserver.k8s.io',
    version: 'v1beta2',
    kinds: ['FlowSchema', 'PriorityLevelConfiguration'],
    deprecatedIn: '1.26',
    removedIn: '1.29',
    replacement: 'flowcontrol.apiserver.k8s.io/v1',
    source: `${GUIDE}#v1-29 and ${LIFECYCLE('flowcontrol/v1beta2')}`,
    note: 'v1 since 1.29 (v1beta3 since 1.26, itself removed in 1.32)',
  },
  // v1.27
  {
    project: 'kubernetes',
    group: 'storage.k8s.io',
    version: 'v1beta1',
    kinds: ['CSIStorageCapacity'],
    removedIn: '1.27',
    replacement: 'storage.k8s.io/v1',
    source: `${GUIDE}#v1-27`,
  },
  // v1.26
  {
    project: 'kubernetes',
    group: 'flowcontrol.apiserver.k8s.io',
    version: 'v1beta1',
    kinds: ['FlowSchema', 'PriorityLevelConfiguration'],
    removedIn: '1.26',
    replacement: 'flowcontrol.apiserver.k8s.io/v1',
    source: `${GUIDE}#v1-26`,
  },
  {
    project: 'kubernetes',
    group: 'autoscaling',
    version: 'v2beta2',
    kinds: ['HorizontalPodAutoscaler'],
    removedIn: '1.26',
    replacement: 'autoscaling/v2',
    source: `${GUIDE}#v1-26`,
  },
  // v1.25
  { project: 'kubernetes', group: 'batch', version: 'v1beta1', kinds: ['CronJob'], removedIn: '1.25', replacement: 'batch/v1', source: `${GUIDE}#v1-25` },
  {
    project: 'kubernetes',
    group: 'discovery.k8s.io',
    version: 'v1beta1',
    kinds: ['EndpointSlice'],
    removedIn: '1.25',
    replacement: 'discovery.k8s.io/v1',
    source: `${GUIDE}#v1-25`,
  },
  {
    project: 'kubernetes',
    group: 'events.k8s.io',
    version: 'v1beta1',
    kinds: ['Event'],
    removedIn: '1.25',
    replacement: 'events.k8s.io/v1',
    source: `${GUIDE}#v1-25`,
  },
  {
    project: 'kubernetes',
    group: 'autoscaling',
    version: 'v2beta1',
    kinds: ['HorizontalPodAutoscaler'],
    removedIn: '1.25',
    replacement: 'autoscaling/v2',
    source: `${GUIDE}#v1-25`,
  },
  {
    project: 'kubernetes',
    group: 'policy',
    version: 'v1beta1',
    kinds: ['PodDisruptionBudget'],
    removedIn: '1.25',
    replacement: 'policy/v1',
    source: `${GUIDE}#v1-25`,
  },
  {
    project: 'kubernetes',
    group: 'policy',
    version: 'v1beta1',
    kinds: ['PodSecurityPolicy'],
    removedIn: '1.25',
    replacement: 'none',
    source: `${GUIDE}#v1-25`,
    note: 'use Pod Security Admission (pod-security.kubernetes.io/* namespace labels)',
  },
  {
    project: 'kubernetes',
    group: 'node.k8s.io',
    version: 'v1beta1',
    kinds: ['RuntimeClass'],
    removedIn: '1.25',
    replacement: 'node.k8s.io/v1',
    source: `${GUIDE}#v1-25`,
  },
  // v1.22
  {
    project: 'kubernetes',
    group: 'admissionregistration.k8s.io',
    version: 'v1beta1',
    kinds: ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'],
    removedIn: '1.22',
    replacement: 'admissionregistration.k8s.io/v1',
    source: `${GUIDE}#v1-22`,
  },
  {
    project: 'kubernetes',
    group: 'apiextensions.k8s.io',
    version: 'v1beta1',
    kinds: ['CustomResourceDefinition'],
    removedIn: '1.22',
    replacement: 'apiextensions.k8s.io/v1',
    source: `${GUIDE}#v1-22`,
  },
  {
    project: 'kubernetes',
    group: 'apiregistration.k8s.io',
    version: 'v1beta1',
    kinds: ['APIService'],
    removedIn: '1.22',
    replacement: 'apiregistration.k8s.io/v1',
    source: `${GUIDE}#v1-22`,
  },
  {
    project: 'kubernetes',
    group: 'authentication.k8s.io',
    version: 'v1beta1',
    kinds: ['TokenReview'],
    removedIn: '1.22',
    replacement: 'authentication.k8s.io/v1',
    source: `${GUIDE}#v1-22`,
  },
  {
    project: 'kubernetes',
    group: 'authorization.k8s.io',
    version: 'v1beta1',
    kinds: ['LocalSubjectAccessReview', 'SelfSubjectAccessReview', 'SubjectAccessReview'],
    removedIn: '1.22',
    replacement: 'authorization.k8s.io/v1',
    source: `${GUIDE}#v1-22`,
  },
  {
    project: 'kubernetes',
    group: 'certificates.k8s.io',
    version: 'v1beta1',
    kinds: ['CertificateSigningRequest'],
    removedIn: '1.22',
    replacement: 'certificates.k8s.io/v1',
    source: `${GUIDE}#v1-22`,
  },
  {
    project: 'kubernetes',
    group: 'coordination.k8s.io',
    version: 'v1beta1',
    kinds: ['Lease'],
    removedIn: '1.22',
    replacement: 'coordination.k8s.io/v1',
    source: `${GUIDE}#v1-22`,
  },
  {
    project: 'kubernetes',
    group: 'extensions',
    version: 'v1beta1',
    kinds: ['Ingress'],
    removedIn: '1.22',
    replacement: 'networking.k8s.io/v1',
    source: `${GUIDE}#v1-22`,
  },
  {
    project: 'kubernetes',
    group: 'networking.k8s.io',
    version: 'v1beta1',
    kinds: ['Ingress', 'IngressClass'],
    removedIn: '1.22',
    replacement: 'networking.k8s.io/v1',
    source: `${GUIDE}#v1-22`,
  },
  {
    project: 'kubernetes',
    group: 'rbac.authorization.k8s.io',
    version: 'v1beta1',
    kinds: ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'],
    removedIn: '1.22',
    replacement: 'rbac.authorization.k8s.io/v1',
    source: `${GUIDE}#v1-22`,
  },
  {
    project: 'kubernetes',
    group: 'scheduling.k8s.io',
    version: 'v1beta1',
    kinds: ['PriorityClass'],
    removedIn: '1.22',
    replacement: 'scheduling.k8s.io/v1',
    source: `${GUIDE}#v1-22`,
  },
  {
    project: 'kubernetes',
    group: 'storage.k8s.io',
    version: 'v1beta1',
    kinds: ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'],
    removedIn: '1.22',
    replacement: 'storage.k8s.io/v1',
    source: `${GUIDE}#v1-22`,
  },
  // v1.16
  {
    project: 'kubernetes',
    group: 'extensions',
    version: 'v1beta1',
    kinds: ['NetworkPolicy'],
    removedIn: '1.16',
    replacement: 'networking.k8s.io/v1',
    source: `${GUIDE}#v1-16`,
  },
  {
    project: 'kubernetes',
    group: 'extensions',
    version: 'v1beta1',
    kinds: ['DaemonSet', 'Deployment', 'ReplicaSet'],
    removedIn: '1.16',
    replacement: 'apps/v1',
    source: `${GUIDE}#v1-16`,
  },
  { project: 'kubernetes', group: 'apps', version: 'v1beta1', removedIn: '1.16', replacement: 'apps/v1', source: `${GUIDE}#v1-16` },
  { project: 'kubernetes', group: 'apps', version: 'v1beta2', removedIn: '1.16', replacement: 'apps/v1', source: `${GUIDE}#v1-16` },
];

const STRIMZI_CHANGELOG = 'https://github.com/strimzi/strimzi-kafka-operator/blob/main/CHANGELOG.md (1.0.0)';
const STRIMZI_NOTE =
  'Strimzi 1.0.0 stores v1 and removes every other version; 0.51+ needs Kubernetes 1.30+; convert stored objects (v1 API Conversion Tool) before upgrading';

/** Removals the operators announced for releases after the pinned ones. */
export const OPERATOR_ENTRIES: readonly ApiVersionEntry[] = [
  {
    project: 'strimzi',
    group: 'kafka.strimzi.io',
    version: 'v1beta2',
    removedIn: '1.0.0',
    replacement: 'kafka.strimzi.io/v1',
    source: STRIMZI_CHANGELOG,
    note: STRIMZI_NOTE,
  },
  {
    project: 'strimzi',
    group: 'kafka.strimzi.io',
    version: 'v1beta1',
    kinds: ['KafkaTopic', 'KafkaUser'],
    removedIn: '1.0.0',
    replacement: 'kafka.strimzi.io/v1',
    source: STRIMZI_CHANGELOG,
    note: STRIMZI_NOTE,
  },
  {
    project: 'strimzi',
    group: 'kafka.strimzi.io',
    version: 'v1alpha1',
    kinds: ['KafkaTopic', 'KafkaUser'],
    removedIn: '1.0.0',
    replacement: 'kafka.strimzi.io/v1',
    source: STRIMZI_CHANGELOG,
    note: STRIMZI_NOTE,
  },
  {
    project: 'external-secrets',
    group: 'external-secrets.io',
    version: 'v1alpha1',
    removedIn: '0.16.0',
    replacement: 'external-secrets.io/v1beta1',
    source: 'https://github.com/external-secrets/external-secrets/pull/4635 (commit 74f0f381d, v0.16.0)',
    note: 'external-secrets.io/v1 from 0.16.0',
  },
  {
    project: 'external-secrets',
    group: 'external-secrets.io',
    version: 'v1beta1',
    deprecatedIn: '0.17.0',
    removedIn: '0.17.0',
    replacement: 'external-secrets.io/v1',
    source: 'https://github.com/external-secrets/external-secrets/pull/4758 (commit 196252d32, v0.17.0)',
    note: 'v1 is served from 0.16.0: upgrade to 0.16.x, move the objects to v1, then upgrade further',
  },
];

/** Every typed entry. */
export const TABLE: readonly ApiVersionEntry[] = [...KUBERNETES_ENTRIES, ...OPERATOR_ENTRIES];
