import * as path from 'path';
import { cachedParse } from '../../../tools/manifests/cache';
import { parseManifests } from '../../../tools/manifests/load';
import { type LoadedObject, type Problem, SchemaRegistry, validateObjects, type ValidateOptions } from '../../../tools/validate';

/** The repository root . */
export const REPO_ROOT = path.resolve(__dirname, '../../..');

/** The schemas the CLI uses by default, read once per test file (the CRDs from the manifest cache test/global-setup.ts warms). */
export function defaultSchemas(): SchemaRegistry {
  return SchemaRegistry.fromFiles({
    definitionsFile: path.join(REPO_ROOT, 'imports/k8s-1.29/_definitions.json'),
    crdDirs: [path.join(REPO_ROOT, 'imports/crds')],
    parse: cachedParse(parseManifests),
  });
}

type Json = Record<string, any>;

const NS = 'shop';
const APP_LABELS = { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' };

function meta(name: string, extra: Json = {}): Json {
  return { name, namespace: NS, labels: { ...APP_LABELS }, ...extra };
}

/** A restricted, fully referenced Deployment: every check passes on it. */
function deployment(): Json {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta('api'),
    spec: {
      // no replicas: the HorizontalPodAutoscaler owns the count
      selector: { matchLabels: { ...APP_LABELS } },
      template: {
        metadata: { labels: { ...APP_LABELS, 'azure.workload.identity/use': 'true' } },
        spec: {
          serviceAccountName: 'api',
          automountServiceAccountToken: false,
          imagePullSecrets: [{ name: 'acr-secret' }],
          securityContext: { runAsNonRoot: true, runAsUser: 65534, seccompProfile: { type: 'RuntimeDefault' } },
          initContainers: [
            {
              name: 'migrate',
              image: 'registry.example.com/shop/migrate:1.0.0',
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true },
              resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '64Mi' } },
            },
          ],
          containers: [
            {
              name: 'api',
              image: 'registry.example.com/shop/api:1.2.3',
              ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
              env: [
                { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'api-db', key: 'password' } } },
                { name: 'KAFKA_BOOTSTRAP_SERVERS', value: 'events-kafka-bootstrap.shop.svc.cluster.local:9093' },
                { name: 'SELF_URL', value: 'http://api.shop.svc.cluster.local:8080' },
                { name: 'LOG_LEVEL', valueFrom: { configMapKeyRef: { name: 'api-config', key: 'logLevel' } } },
                { name: 'TOKEN_FILE', value: '/var/run/secrets/tokens/token' },
              ],
              envFrom: [{ configMapRef: { name: 'api-config' } }],
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] }, readOnlyRootFilesystem: true },
              resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
              livenessProbe: { httpGet: { path: '/healthz', port: 'http' } },
              volumeMounts: [
                { name: 'tmp', mountPath: '/tmp' },
                { name: 'kafka-ca', mountPath: '/etc/kafka/ca', readOnly: true },
                { name: 'kafka-user', mountPath: '/etc/kafka/user', readOnly: true },
              ],
            },
          ],
          // the HPA may run up to ten: over zones and nodes
          topologySpreadConstraints: [
            { labelSelector: { matchLabels: { ...APP_LABELS } }, maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' },
            { labelSelector: { matchLabels: { ...APP_LABELS } }, maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule' },
          ],
          volumes: [
            { name: 'tmp', emptyDir: { sizeLimit: '64Mi' } },
            { name: 'kafka-ca', secret: { secretName: 'events-cluster-ca-cert' } },
            { name: 'kafka-user', secret: { secretName: 'api' } },
            { name: 'ca', projected: { sources: [{ configMap: { name: 'kube-root-ca.crt' } }] } },
          ],
        },
      },
    },
  };
}

/**
 * A small clean cluster: a Namespace, a restricted Deployment with its ServiceAccount,
 * ConfigMap, Service, PodDisruptionBudget, HPA, NetworkPolicies and ServiceMonitor, an
 * ExternalSecret from a ClusterSecretStore, a Certificate from a ClusterIssuer behind an
 * Ingress, and a Strimzi Kafka (`kafka.strimzi.io/v1`) with a node pool, a user and a topic.
 * Every call returns fresh objects, so a test may change them freely.
 */
export function cleanObjects(): Json[] {
  return [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: NS, labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } },
    },
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: meta('api', { annotations: { 'azure.workload.identity/client-id': '00000000-0000-0000-0000-000000000000' } }),
    },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('api-config'), data: { logLevel: 'info' } },
    deployment(),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta('api'),
      spec: { selector: { ...APP_LABELS }, ports: [{ name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP' }] },
    },
    { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: meta('api'), spec: { minAvailable: 1, selector: { matchLabels: { ...APP_LABELS } } } },
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: meta('api'),
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' },
        minReplicas: 2,
        maxReplicas: 10,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta('default-deny'),
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta('allow-api'),
      spec: {
        podSelector: { matchLabels: { ...APP_LABELS } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          {
            from: [
              {
                namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } },
                podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } },
              },
            ],
            ports: [{ port: 'http', protocol: 'TCP' }],
          },
        ],
        egress: [
          {
            to: [{ podSelector: { matchLabels: { 'strimzi.io/cluster': 'events', 'strimzi.io/broker-role': 'true' } } }],
            ports: [{ port: 9093, protocol: 'TCP' }],
          },
        ],
      },
    },
    {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: meta('api'),
      spec: { selector: { matchLabels: { ...APP_LABELS } }, endpoints: [{ port: 'http', path: '/metrics', interval: '30s' }] },
    },
    {
      apiVersion: 'external-secrets.io/v1beta1',
      kind: 'ClusterSecretStore',
      metadata: { name: 'azure-kv' },
      spec: {
        provider: {
          azurekv: {
            authType: 'WorkloadIdentity',
            vaultUrl: 'https://kv.vault.azure.net',
            serviceAccountRef: { name: 'external-secrets', namespace: 'external-secrets' },
          },
        },
        conditions: [{ namespaces: [NS] }],
      },
    },
    {
      apiVersion: 'external-secrets.io/v1beta1',
      kind: 'ExternalSecret',
      metadata: meta('api-db'),
      spec: {
        refreshInterval: '1h',
        secretStoreRef: { kind: 'ClusterSecretStore', name: 'azure-kv' },
        target: { name: 'api-db', creationPolicy: 'Owner' },
        data: [{ secretKey: 'password', remoteRef: { key: 'api-db-password' } }],
      },
    },
    {
      apiVersion: 'external-secrets.io/v1beta1',
      kind: 'ExternalSecret',
      metadata: meta('acr-secret'),
      spec: {
        secretStoreRef: { kind: 'ClusterSecretStore', name: 'azure-kv' },
        target: { template: { type: 'kubernetes.io/dockerconfigjson' } },
        dataFrom: [{ extract: { key: 'acr-pull' } }],
      },
    },
    {
      apiVersion: 'cert-manager.io/v1',
      kind: 'ClusterIssuer',
      metadata: { name: 'letsencrypt' },
      spec: {
        acme: {
          server: 'https://acme-v02.api.letsencrypt.org/directory',
          privateKeySecretRef: { name: 'letsencrypt-account' },
          solvers: [
            {
              dns01: {
                azureDNS: {
                  subscriptionID: 'sub',
                  resourceGroupName: 'rg',
                  hostedZoneName: 'example.com',
                  environment: 'AzurePublicCloud',
                  managedIdentity: { clientID: 'id' },
                },
              },
            },
          ],
        },
      },
    },
    {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: meta('api-tls'),
      spec: { secretName: 'api-tls', dnsNames: ['api.example.com'], issuerRef: { kind: 'ClusterIssuer', name: 'letsencrypt', group: 'cert-manager.io' } },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: meta('api'),
      spec: {
        ingressClassName: 'nginx',
        tls: [{ hosts: ['api.example.com'], secretName: 'api-tls' }],
        rules: [
          { host: 'api.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'api', port: { number: 8080 } } } }] } },
        ],
      },
    },
    {
      apiVersion: 'kafka.strimzi.io/v1',
      kind: 'Kafka',
      metadata: { name: 'events', namespace: NS, annotations: { 'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false' } },
      spec: {
        kafka: {
          version: '4.1.0',
          listeners: [
            { name: 'plain', port: 9092, type: 'internal', tls: false },
            {
              name: 'tls',
              port: 9093,
              type: 'internal',
              tls: true,
              authentication: { type: 'tls' },
              networkPolicyPeers: [{ podSelector: { matchLabels: { ...APP_LABELS } } }],
            },
          ],
          authorization: { type: 'simple' },
          config: { 'auto.create.topics.enable': false, 'min.insync.replicas': 1 },
        },
        entityOperator: { topicOperator: {}, userOperator: {} },
      },
    },
    {
      apiVersion: 'kafka.strimzi.io/v1',
      kind: 'KafkaNodePool',
      metadata: { name: 'pool', namespace: NS, labels: { 'strimzi.io/cluster': 'events' } },
      spec: {
        replicas: 3,
        roles: ['controller', 'broker'],
        storage: { type: 'jbod', volumes: [{ id: 0, type: 'persistent-claim', size: '20Gi', kraftMetadata: 'shared', deleteClaim: false }] },
        template: {
          pod: {
            topologySpreadConstraints: ['topology.kubernetes.io/zone', 'kubernetes.io/hostname'].map((topologyKey) => ({
              labelSelector: { matchLabels: { 'strimzi.io/cluster': 'events', 'strimzi.io/pool-name': 'pool' } },
              maxSkew: 1,
              topologyKey,
              whenUnsatisfiable: 'DoNotSchedule',
            })),
          },
        },
      },
    },
    {
      apiVersion: 'kafka.strimzi.io/v1',
      kind: 'KafkaUser',
      metadata: { name: 'api', namespace: NS, labels: { 'strimzi.io/cluster': 'events' } },
      spec: {
        authentication: { type: 'tls' },
        authorization: { type: 'simple', acls: [{ resource: { type: 'topic', name: 'orders', patternType: 'literal' }, operations: ['Read', 'Write'] }] },
      },
    },
    {
      apiVersion: 'kafka.strimzi.io/v1',
      kind: 'KafkaTopic',
      metadata: { name: 'orders', namespace: NS, labels: { 'strimzi.io/cluster': 'events' } },
      spec: { partitions: 3, replicas: 3, config: { 'retention.ms': 604800000 } },
    },
  ];
}

/** Wraps plain objects as loaded documents, one file per object, named `<kind>-<name>.yaml`. */
export function load(objects: readonly Json[]): LoadedObject[] {
  return objects.map((object) => ({ file: `dist/test/${String(object.kind).toLowerCase()}-${object.metadata?.name}.yaml`, index: 0, object }));
}

/** The clean objects with one of them changed: `find` picks it by kind and name. */
export function cleanWith(kind: string, name: string, change: (object: Json) => void): LoadedObject[] {
  const objects = cleanObjects();
  const target = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!target) throw new Error(`the fixture has no ${kind} ${name}`);
  change(target);
  return load(objects);
}

/** The clean objects without one of them. */
export function cleanWithout(kind: string, name: string): LoadedObject[] {
  return load(cleanObjects().filter((o) => !(o.kind === kind && o.metadata.name === name)));
}

/** The clean objects and some more. */
export function cleanPlus(...extra: Json[]): LoadedObject[] {
  return load([...cleanObjects(), ...extra]);
}

/** The Deployment's pod spec, for changes. */
export function podSpec(deploymentObject: Json): Json {
  return deploymentObject.spec.template.spec;
}

let schemas: SchemaRegistry | undefined;

/** Validates with the default schemas (read once per test file) and the given options. */
export function validate(objects: readonly LoadedObject[], options: Omit<ValidateOptions, 'schemas'> = {}): Problem[] {
  schemas ??= defaultSchemas();
  return validateObjects(objects, { ...options, schemas });
}

/** The problems as `Kind/name: rule`, what most tests compare. */
export function found(problems: readonly Problem[]): string[] {
  return problems.map((p) => `${p.kind}/${p.name}: ${p.rule}`);
}
