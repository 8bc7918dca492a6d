/**
 * Spark workers on the compute pool (docs/platform.md#node-pools: "Trino, Spark workers"):
 * the Spark Connect server is a Spark driver in client mode that starts its executors as
 * pods through the Kubernetes API, scaling them between the configured bounds (dynamic
 * allocation with shuffle tracking; Kubernetes has no external shuffle service).
 *
 * - Its ServiceAccount may manage pods and ConfigMaps in its own namespace, nothing else
 *   (a Role, not a ClusterRole). Spark creates Services only for a driver in cluster mode,
 *   and no volume claims here (`ownPersistentVolumeClaim` off), so it gets neither.
 * - Executors come from a pod template (a mounted ConfigMap): the compute pool's node
 *   selector and toleration, the restricted security context, a ServiceAccount without a
 *   token. The validator checks the template like any pod (`matih.ai/pod-template`).
 * - Driver and executors talk on two fixed ports only (`spark.driverPort` and
 *   `spark.blockManagerPort` in config); NetworkPolicies admit exactly those flows, and the
 *   driver's egress to the API server.
 * - The driver serves Prometheus metrics on its UI port: its own and the executors'.
 */
import { createHash } from 'crypto';
import { KubeConfigMap, KubeRole, KubeRoleBinding, KubeServiceAccount } from '../imports/k8s';
import { quantityValue } from '../lib/k8s/formats';
import { selectorLabels, appLabels } from '../lib/labels';
import type { NetworkPeer, PeerPort } from '../lib/network/network-policy';
import { placementFor } from '../lib/node-pool';
import { toYaml } from '../lib/render/yaml';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../lib/security';
import { WorkloadPolicies } from '../lib/workload/policies';
import type { ServiceWorkload } from '../lib/workload/service-workload';
import { imageRef, POD_TEMPLATE_ANNOTATION } from '../lib/workload/spec';
import { MANAGED_BY, type PlatformChart } from './context';
import { platformImage, type ServiceDeclaration, serviceSettings } from './declare';
import { apiServerPeer, HTTPS } from './peers';

export const SPARK_CONNECT = 'spark-connect';
/** The executors' name: their ServiceAccount and selector labels. */
const SPARK_EXECUTOR = 'spark-connect-executor';
/** The ConfigMap with `spark-defaults.conf` and the executor pod template, and where the driver mounts it. */
const SPARK_CONF = { configMap: 'spark-connect-conf', mountPath: '/etc/spark-connect', template: 'executor-pod-template.yaml' } as const;
/** The Spark image's user. */
const SPARK_UID = 185;
const EXECUTOR_CONTAINER = 'spark-executor';

/** Spark's memory notation (`4096m`) for a Kubernetes quantity. */
function sparkMemory(q: string): string {
  return `${Math.ceil(quantityValue(q) / 2 ** 20)}m`;
}

/** The executors' pod labels. */
function executorLabels(chart: PlatformChart): Record<string, string> {
  return appLabels({ name: SPARK_EXECUTOR, component: 'spark-executor', partOf: chart.platform.partOf, managedBy: MANAGED_BY });
}

/** The executors, as a network peer. */
function executorPeer(chart: PlatformChart): NetworkPeer {
  return { name: SPARK_EXECUTOR, namespace: chart.platform.namespaces.dataPlane, podLabels: selectorLabels({ name: SPARK_EXECUTOR }) };
}

/** The executor pod template Spark starts every executor from (it adds its own labels and sizes the container from the conf). */
function executorPodTemplate(chart: PlatformChart): Record<string, unknown> {
  const s = chart.platform.spark.executors;
  const placement = placementFor(chart.ctx.pool('compute', 'the Spark executors'));
  const security = { runAsUser: SPARK_UID };
  const writable = [
    ['tmp', '/tmp'],
    ['work-dir', '/opt/spark/work-dir'],
  ];
  const memory = `${Math.ceil((quantityValue(s.memory) + quantityValue(s.memoryOverhead)) / 2 ** 20)}Mi`;
  const settings = serviceSettings(chart, SPARK_CONNECT);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { labels: executorLabels(chart) },
    spec: {
      automountServiceAccountToken: false,
      containers: [
        {
          name: EXECUTOR_CONTAINER,
          image: imageRef(`service "${SPARK_CONNECT}" executors`, platformImage(chart, SPARK_CONNECT, settings.tag)),
          imagePullPolicy: 'IfNotPresent',
          // what Spark requests from the conf, so that capacity and quota checks see the same
          resources: { requests: { cpu: String(s.cores), memory }, limits: { memory } },
          securityContext: restrictedContainerSecurityContext(security),
          volumeMounts: writable.map(([name, mountPath]) => ({ name, mountPath })),
        },
      ],
      enableServiceLinks: false,
      imagePullSecrets: chart.platform.registry.pullSecrets.map((name) => ({ name })),
      nodeSelector: placement.nodeSelector,
      securityContext: restrictedPodSecurityContext(security),
      serviceAccountName: SPARK_EXECUTOR,
      tolerations: placement.tolerations,
      topologySpreadConstraints: [
        {
          labelSelector: { matchLabels: selectorLabels({ name: SPARK_EXECUTOR }) },
          maxSkew: 1,
          topologyKey: 'topology.kubernetes.io/zone',
          whenUnsatisfiable: 'ScheduleAnyway',
        },
      ],
      volumes: writable.map(([name]) => ({ name, emptyDir: {} })),
    },
  };
}

/** `spark-defaults.conf`: Kubernetes as the master, the executors' bounds, size and template, fixed ports, Prometheus metrics. */
function sparkDefaults(chart: PlatformChart): string {
  const sp = chart.platform.spark;
  const e = sp.executors;
  const settings = serviceSettings(chart, SPARK_CONNECT);
  const conf: Record<string, string | number | boolean> = {
    'spark.master': 'k8s://https://kubernetes.default.svc:443',
    'spark.submit.deployMode': 'client',
    'spark.kubernetes.namespace': chart.platform.namespaces.dataPlane,
    'spark.kubernetes.container.image': imageRef(`service "${SPARK_CONNECT}"`, platformImage(chart, SPARK_CONNECT, settings.tag)),
    'spark.kubernetes.container.image.pullPolicy': 'IfNotPresent',
    'spark.kubernetes.container.image.pullSecrets': chart.platform.registry.pullSecrets.join(','),
    'spark.kubernetes.executor.podTemplateFile': `${SPARK_CONF.mountPath}/${SPARK_CONF.template}`,
    'spark.kubernetes.executor.podTemplateContainerName': EXECUTOR_CONTAINER,
    'spark.kubernetes.authenticate.executor.serviceAccountName': SPARK_EXECUTOR,
    'spark.kubernetes.executor.request.cores': e.cores,
    'spark.kubernetes.driver.ownPersistentVolumeClaim': false,
    'spark.kubernetes.driver.reusePersistentVolumeClaim': false,
    'spark.executor.cores': e.cores,
    'spark.executor.memory': sparkMemory(e.memory),
    'spark.executor.memoryOverhead': sparkMemory(e.memoryOverhead),
    'spark.dynamicAllocation.enabled': true,
    'spark.dynamicAllocation.shuffleTracking.enabled': true,
    'spark.dynamicAllocation.minExecutors': e.min,
    'spark.dynamicAllocation.initialExecutors': e.min,
    'spark.dynamicAllocation.maxExecutors': e.max,
    'spark.driver.port': sp.driverPort,
    'spark.driver.blockManager.port': sp.blockManagerPort,
    'spark.blockManager.port': sp.blockManagerPort,
    // Spark 3.5 serves neither by default (4.0 turns the first on)
    'spark.ui.prometheus.enabled': true,
    'spark.metrics.conf.*.sink.prometheusServlet.class': 'org.apache.spark.metrics.sink.PrometheusServlet',
    'spark.metrics.conf.*.sink.prometheusServlet.path': '/metrics/prometheus',
    'spark.metrics.appStatusSource.enabled': true,
    // metric names without the application id, stable across restarts
    'spark.metrics.namespace': 'spark_connect',
  };
  return (
    Object.keys(conf)
      .sort()
      .map((k) => `${k} ${conf[k]}`)
      .join('\n') + '\n'
  );
}

/** The ConfigMap's data, keys sorted, shared by the declaration (its checksum) and the ConfigMap itself. */
function confData(chart: PlatformChart): Record<string, string> {
  return { [SPARK_CONF.template]: toYaml(executorPodTemplate(chart)), 'spark-defaults.conf': sparkDefaults(chart) };
}

/** What the Spark Connect server's declaration adds for its executors and metrics. */
export function sparkConnectDeclaration(
  chart: PlatformChart,
): Pick<ServiceDeclaration, 'ports' | 'metrics' | 'configMapMounts' | 'podAnnotations' | 'serviceAccountToken' | 'env'> {
  const sp = chart.platform.spark;
  return {
    ports: [
      { name: 'grpc', port: 15002, scheme: 'sc', appProtocol: 'grpc' },
      { name: 'ui', port: 4040 },
      { name: 'driver', port: sp.driverPort },
      { name: 'blockmanager', port: sp.blockManagerPort },
    ],
    metrics: { port: 'ui', path: '/metrics/prometheus', extraPaths: ['/metrics/executors/prometheus'] },
    configMapMounts: [{ configMap: SPARK_CONF.configMap, mountPath: SPARK_CONF.mountPath }],
    podAnnotations: {
      'checksum/spark-conf': createHash('sha256')
        .update(JSON.stringify(confData(chart)))
        .digest('hex'),
    },
    // the driver calls the API server to start, watch and delete its executors
    serviceAccountToken: true,
    env: {
      SPARK_CONF_DIR: SPARK_CONF.mountPath,
      // the executors reach the driver at its pod's address; naming its pod makes it the executors' owner, so they go when it goes
      SPARK_SUBMIT_OPTS: '-Dspark.driver.host=$(POD_IP) -Dspark.kubernetes.driver.pod.name=$(POD_NAME)',
    },
  };
}

/** The executors' conf and template, the driver's Role, and the driver ↔ executor policies. */
export function addSparkExecutors(chart: PlatformChart, driver: ServiceWorkload): void {
  const { ctx } = chart;
  const namespace = chart.platform.namespaces.dataPlane;
  const labels = ctx.labels();
  // the pod's own address and name, which SPARK_SUBMIT_OPTS refers to (env vars sort before it)
  driver.addEnv('POD_IP', { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } });
  driver.addEnv('POD_NAME', { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } });
  new KubeConfigMap(chart, 'SparkConf', {
    metadata: { name: SPARK_CONF.configMap, namespace, labels, annotations: { [POD_TEMPLATE_ANNOTATION]: SPARK_CONF.template } },
    data: confData(chart),
  });
  new KubeServiceAccount(chart, 'ExecutorServiceAccount', {
    metadata: { name: SPARK_EXECUTOR, namespace, labels: executorLabels(chart) },
    automountServiceAccountToken: false,
  });
  const verbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'watch'];
  new KubeRole(chart, 'DriverRole', {
    metadata: { name: SPARK_CONNECT, namespace, labels },
    rules: [{ apiGroups: [''], resources: ['configmaps', 'pods'], verbs }],
  });
  new KubeRoleBinding(chart, 'DriverRoleBinding', {
    metadata: { name: SPARK_CONNECT, namespace, labels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: SPARK_CONNECT },
    subjects: [{ kind: 'ServiceAccount', name: driver.name, namespace }],
  });

  const sp = chart.platform.spark;
  const executors = executorPeer(chart);
  const driverPorts: PeerPort[] = [{ port: sp.driverPort }, { port: sp.blockManagerPort }];
  const blocks: PeerPort[] = [{ port: sp.blockManagerPort }];
  // executors open RPC and block transfers to the driver; the driver and the other executors fetch blocks from an executor
  driver.allowIngressFrom(executors, driverPorts);
  driver.allowEgressTo(executors, blocks);
  driver.allowEgressToCidr(apiServerPeer(ctx), HTTPS);
  const policies = new WorkloadPolicies(chart, 'ExecutorPolicies', {
    name: SPARK_EXECUTOR,
    namespace,
    selector: executors.podLabels,
    labels: executorLabels(chart),
  });
  policies.allowEgressTo(driver.peer, driverPorts);
  policies.allowIngressFrom(driver.peer, blocks);
  policies.allowEgressTo(executors, blocks);
  policies.allowIngressFrom(executors, blocks);
}
