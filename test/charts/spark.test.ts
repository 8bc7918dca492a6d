/**
 * Spark workers on the compute pool (issue 19.4): Spark Connect starts its executors through
 * the Kubernetes API with a namespaced Role, from a pod template that places them on
 * `compute` within `restricted`, and the NetworkPolicies admit exactly the driver ↔ executor
 * flows on the configured ports.
 */
import { createHash } from 'crypto';
import { parse as parseYaml } from 'yaml';
import { CONFIG_SOURCES, type ConfigSources, type EnvironmentName, loadConfig } from '../../config';
import { allowedFlows, type PodGroup, podGroups } from '../../tools/flows/network-flows';
import { checkPodSecurity, podTemplateOf } from '../../tools/validate';
import { env, find, folderObjects } from '../helpers';
import { readRepoFile } from '../files';
import type { Manifest } from './dist-clusters';

const NS = 'matih-data-plane';
const withPlatform = (name: EnvironmentName, override: object): ConfigSources => ({
  ...CONFIG_SOURCES,
  platform: {
    ...CONFIG_SOURCES.platform,
    overrides: { ...CONFIG_SOURCES.platform.overrides, [name]: { ...CONFIG_SOURCES.platform.overrides[name], ...override } },
  },
});

describe.each(['dev', 'staging', 'prod'] as const)("Spark Connect's executors in %s", (name) => {
  const objs = folderObjects(name, 'data-plane');
  const spark = env(name).platform.spark;
  const driver = find(objs, 'Deployment', 'spark-connect', NS);
  const pod = driver.spec.template.spec;
  const conf = find(objs, 'ConfigMap', 'spark-connect-conf', NS);
  const defaults = Object.fromEntries(
    (conf.data['spark-defaults.conf'] as string)
      .trim()
      .split('\n')
      .map((l) => [l.slice(0, l.indexOf(' ')), l.slice(l.indexOf(' ') + 1)]),
  );
  const template = parseYaml(conf.data['executor-pod-template.yaml']);

  test('the driver may manage pods and ConfigMaps of its own namespace, and nothing else', () => {
    expect(find(objs, 'Role', 'spark-connect', NS).rules).toEqual([
      { apiGroups: [''], resources: ['configmaps', 'pods'], verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'watch'] },
    ]);
    expect(find(objs, 'RoleBinding', 'spark-connect', NS)).toMatchObject({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'spark-connect' },
      subjects: [{ kind: 'ServiceAccount', name: 'spark-connect', namespace: NS }],
    });
    expect(objs.filter((o) => o.kind === 'ClusterRole' || o.kind === 'ClusterRoleBinding')).toEqual([]);
    expect([pod.serviceAccountName, pod.automountServiceAccountToken]).toEqual(['spark-connect', true]);
    // no other workload mounts a token
    for (const w of objs.filter((o) => (o.kind === 'Deployment' || o.kind === 'StatefulSet') && o !== driver))
      expect(w.spec.template.spec.automountServiceAccountToken).toBe(false);
  });

  test('the driver reads the mounted conf, advertises its pod address, and owns its executors', () => {
    expect(pod.volumes).toContainEqual({ name: 'etc-spark-connect', configMap: { name: 'spark-connect-conf', defaultMode: 0o444 } });
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'etc-spark-connect', mountPath: '/etc/spark-connect', readOnly: true });
    const env = pod.containers[0].env.map((e: Manifest) => e.name);
    expect(pod.containers[0].env).toEqual(
      expect.arrayContaining([
        { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
        { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        { name: 'SPARK_CONF_DIR', value: '/etc/spark-connect' },
        { name: 'SPARK_SUBMIT_OPTS', value: '-Dspark.driver.host=$(POD_IP) -Dspark.kubernetes.driver.pod.name=$(POD_NAME)' },
      ]),
    );
    // the kubelet expands $(VAR) only from variables defined earlier in the list
    expect(env.indexOf('POD_IP')).toBeLessThan(env.indexOf('SPARK_SUBMIT_OPTS'));
    expect(env.indexOf('POD_NAME')).toBeLessThan(env.indexOf('SPARK_SUBMIT_OPTS'));
    // a changed conf rolls the driver
    const sorted = Object.fromEntries(
      Object.keys(conf.data)
        .sort()
        .map((k) => [k, conf.data[k]]),
    );
    expect(driver.spec.template.metadata.annotations['checksum/spark-conf']).toBe(createHash('sha256').update(JSON.stringify(sorted)).digest('hex'));
  });

  test('the conf starts executors on Kubernetes between the configured bounds, on the fixed ports, from the mounted template', () => {
    expect(defaults).toMatchObject({
      'spark.master': 'k8s://https://kubernetes.default.svc:443',
      'spark.kubernetes.namespace': NS,
      'spark.kubernetes.executor.podTemplateFile': '/etc/spark-connect/executor-pod-template.yaml',
      'spark.kubernetes.container.image': pod.containers[0].image,
      'spark.dynamicAllocation.enabled': 'true',
      'spark.dynamicAllocation.shuffleTracking.enabled': 'true',
      'spark.dynamicAllocation.minExecutors': String(spark.executors.min),
      'spark.dynamicAllocation.maxExecutors': String(spark.executors.max),
      'spark.executor.cores': String(spark.executors.cores),
      'spark.driver.port': String(spark.driverPort),
      'spark.blockManager.port': String(spark.blockManagerPort),
      'spark.driver.blockManager.port': String(spark.blockManagerPort),
      'spark.ui.prometheus.enabled': 'true',
    });
    expect(driver.spec.template.spec.containers[0].ports).toEqual(
      expect.arrayContaining([
        { name: 'driver', containerPort: spark.driverPort, protocol: 'TCP' },
        { name: 'blockmanager', containerPort: spark.blockManagerPort, protocol: 'TCP' },
      ]),
    );
  });

  test('executors run on the compute pool, tolerate its taint, and pass Pod Security restricted', () => {
    const taint = env(name).clusters.find((c) => c.name === `matih-${name}`)!.settings.pools.compute.taint!;
    expect(template.spec.nodeSelector).toEqual({ 'kubernetes.azure.com/agentpool': 'compute' });
    expect(template.spec.tolerations).toEqual([{ key: taint.key, operator: 'Equal', value: taint.value, effect: taint.effect }]);
    expect(template.spec.containers[0].image).toBe(pod.containers[0].image);
    expect([template.spec.serviceAccountName, template.spec.automountServiceAccountToken]).toEqual(['spark-connect-executor', false]);
    expect(find(objs, 'ServiceAccount', 'spark-connect-executor', NS).automountServiceAccountToken).toBe(false);
    const loaded = podTemplateOf({ file: 'x.yaml', index: 0, object: conf })!;
    expect(loaded.labels).toEqual(template.metadata.labels);
    expect(checkPodSecurity(loaded)).toEqual([]);
    // a template that loses its security context fails the same check
    const broken = podTemplateOf({
      file: 'x.yaml',
      index: 0,
      object: {
        ...conf,
        data: { ...conf.data, 'executor-pod-template.yaml': conf.data['executor-pod-template.yaml'].replace('runAsNonRoot: true', 'runAsNonRoot: false') },
      },
    })!;
    expect(checkPodSecurity(broken).map((f) => f.rule)).toContain('pss/runAsNonRoot');
  });

  test('NetworkPolicies admit exactly executors → driver on its two ports, and block transfers driver → executor and executor ↔ executor', () => {
    // two executors, since flows from a pod group to itself are not listed
    const executor = (id: string): PodGroup => ({
      id: `${NS}/${id}`,
      namespace: NS,
      labels: template.metadata.labels,
      ports: [{ port: spark.blockManagerPort, protocol: 'TCP' }],
    });
    const flows = allowedFlows(objs, [...podGroups(objs), executor('executor-1'), executor('executor-2')]).map((f) => `${f.from} -> ${f.to}:${f.port}`);
    const touching = flows.filter((f) => f.includes('spark-connect') || f.includes('executor-'));
    const blocks = `${spark.blockManagerPort}/TCP`;
    expect(touching.sort()).toEqual(
      [
        `${NS}/executor-1 -> ${NS}/executor-2:${blocks}`,
        `${NS}/executor-1 -> ${NS}/spark-connect:${spark.driverPort}/TCP`,
        `${NS}/executor-1 -> ${NS}/spark-connect:${blocks}`,
        `${NS}/executor-2 -> ${NS}/executor-1:${blocks}`,
        `${NS}/executor-2 -> ${NS}/spark-connect:${spark.driverPort}/TCP`,
        `${NS}/executor-2 -> ${NS}/spark-connect:${blocks}`,
        `${NS}/query-engine -> ${NS}/spark-connect:15002/TCP`,
        `${NS}/spark-connect -> ${NS}/executor-1:${blocks}`,
        `${NS}/spark-connect -> ${NS}/executor-2:${blocks}`,
      ].sort(),
    );
    const tf = env(name).clusters.find((c) => c.name === `matih-${name}`)!.terraform;
    expect(find(objs, 'NetworkPolicy', 'allow-spark-connect-to-kube-apiserver', NS).spec.egress).toEqual([
      { to: [{ ipBlock: { cidr: `${tf.apiServerIp}/32` } }], ports: [{ port: 443, protocol: 'TCP' }] },
    ]);
  });

  test("Prometheus scrapes the driver's and the executors' metrics on the UI port", () => {
    expect(find(objs, 'ServiceMonitor', 'spark-connect', NS).spec.endpoints.map((e: Manifest) => [e.port, e.path])).toEqual([
      ['ui', '/metrics/prometheus'],
      ['ui', '/metrics/executors/prometheus'],
    ]);
  });
});

describe('config/<env>.ts spark', () => {
  const load = (spark: object) => loadConfig(['dev'], readRepoFile, withPlatform('dev', { spark }));

  test('takes the executor bounds and ports of the environment', () => {
    const s = load({ driverPort: 7100, blockManagerPort: 7101, executors: { min: 2, max: 9 } })[0].platform.spark;
    expect([s.driverPort, s.blockManagerPort, s.executors.min, s.executors.max]).toEqual([7100, 7101, 2, 9]);
  });

  test('refuses the same port twice, a port Spark Connect serves, and min above max, naming file and path', () => {
    expect(() => load({ driverPort: 7079 })).toThrow('config/dev.ts: spark.driverPort must differ from blockManagerPort (got 7079)');
    expect(() => load({ driverPort: 4040 })).toThrow(
      'config/dev.ts: spark.driverPort must not be a port Spark Connect already serves (15002, 4040) (got 4040)',
    );
    expect(() => load({ executors: { min: 5, max: 2 } })).toThrow('config/dev.ts: spark.executors.max must be at least executors.min (5) (got 2)');
  });
});
