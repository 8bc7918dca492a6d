import { EnvironmentName } from '../../config';
import { allowedFlows, podGroups } from '../../tools/flows/network-flows';
import { clusterObjects, env, find } from '../helpers';

/** The MATIH cluster of an environment. */
const platform = (name: EnvironmentName): any[] => clusterObjects(name);
const matihCluster = (name: EnvironmentName) => env(name).clusters.find((c) => c.name === `matih-${name}`)!;
const workloads = (objs: any[]) => objs.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet');
/** Every string value anywhere in the objects. */
function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => strings(x, out));
  else if (v && typeof v === 'object') Object.values(v).forEach((x) => strings(x, out));
  return out;
}
const containerEnv = (o: any): any[] => o.spec.template.spec.containers.flatMap((c: any) => c.env ?? []);

describe.each(['dev', 'staging', 'prod'] as const)('the %s platform', (name) => {
  test('renders every service the seeds name, in its namespace, on its pool, with its port', () => {
    const objs = platform(name);
    const expected: Array<[string, string, string, number]> = [
      ['iam-service', 'matih-control-plane', 'ctrlplane', 8081],
      ['tenant-service', 'matih-control-plane', 'ctrlplane', 8082],
      ['config-service', 'matih-control-plane', 'ctrlplane', 8083],
      ['infrastructure-service', 'matih-control-plane', 'ctrlplane', 8084],
      ['ai-service', 'matih-data-plane', 'aicompute', 8000],
      ['query-engine', 'matih-data-plane', 'dataplane', 8080],
      ['catalog-service', 'matih-data-plane', 'dataplane', 8086],
      ['bi-service', 'matih-data-plane', 'dataplane', 8085],
      ['trino', 'matih-data-plane', 'compute', 8080],
      ['spark-connect', 'matih-data-plane', 'compute', 15002],
      ['qdrant', 'matih-data-plane', 'dataplane', 6333],
      ['neo4j', 'matih-data-plane', 'dataplane', 7687],
      ['redis', 'matih-data-plane', 'dataplane', 6379],
      ['postgresql', 'matih-data-plane', 'dataplane', 5432],
      ['llm-inference', 'matih-data-plane', 'gpu', 8000],
      ['data-workbench', 'matih-frontend', 'ctrlplane', 8080],
      ['ai-workbench', 'matih-frontend', 'ctrlplane', 8080],
      ['playground-sandbox', 'matih-playground', 'playground', 8080],
    ];
    for (const [svc, ns, pool, port] of expected) {
      const w = workloads(objs).find((o) => o.metadata.name === svc);
      expect({ svc, ns: w?.metadata.namespace, pool: w?.spec.template.spec.nodeSelector['kubernetes.azure.com/agentpool'] })
        .toEqual({ svc, ns, pool });
      expect(find(objs, 'Service', svc, ns).spec.ports[0].port).toBe(port);
    }
  });

  test('puts at least one workload on every tainted pool', () => {
    const pools = new Set(workloads(platform(name)).flatMap((w) => (w.spec.template.spec.tolerations ?? []).map((t: any) => t.key)));
    expect([...pools].sort()).toEqual(['matih.ai/ai-compute', 'matih.ai/compute', 'matih.ai/control-plane', 'matih.ai/data-plane', 'matih.io/playground', 'nvidia.com/gpu']);
  });

  test('gives ai-service the FQDN URLs of seed 001 and Workload Identity for Azure OpenAI', () => {
    const objs = platform(name);
    const ai = find(objs, 'Deployment', 'ai-service');
    const vars = Object.fromEntries(containerEnv(ai).filter((e) => e.value).map((e) => [e.name, e.value]));
    expect(vars).toMatchObject({
      QUERY_ENGINE_URL: 'http://query-engine.matih-data-plane.svc.cluster.local:8080',
      IAM_SERVICE_URL: 'http://iam-service.matih-control-plane.svc.cluster.local:8081',
      CATALOG_URL: 'http://catalog-service.matih-data-plane.svc.cluster.local:8086',
    });
    const tf = matihCluster(name).terraform;
    for (const svc of ['ai-service', 'infrastructure-service']) {
      expect(find(objs, 'ServiceAccount', svc).metadata.annotations['azure.workload.identity/client-id']).toBe(tf.workloadIdentityClientIds[svc]);
      expect(workloads(objs).find((w) => w.metadata.name === svc).spec.template.metadata.labels['azure.workload.identity/use']).toBe('true');
    }
    const egress = find(objs, 'NetworkPolicy', 'allow-ai-service-to-azure-openai');
    expect(egress.spec.egress).toEqual([{ ports: [{ port: 443, protocol: 'TCP' }], to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/16', '10.1.0.0/16'] } }] }]);
    expect(find(objs, 'NetworkPolicy', 'allow-infrastructure-service-to-azure-resource-manager').spec.egress[0].ports).toEqual([{ port: 443, protocol: 'TCP' }]);
  });

  test('denies by default and allows DNS to CoreDNS in every namespace that runs pods', () => {
    const objs = platform(name);
    const namespaces = new Set(workloads(objs).map((w) => w.metadata.namespace));
    namespaces.add('matih-kafka');
    for (const ns of namespaces) {
      expect(find(objs, 'NetworkPolicy', 'default-deny', ns).spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
      expect(find(objs, 'NetworkPolicy', 'allow-dns-egress', ns).spec.egress[0]).toEqual({
        ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
      });
    }
  });

  test('never admits every namespace with an empty namespaceSelector', () => {
    const empty = platform(name).filter((o) => JSON.stringify(o).includes('"namespaceSelector":{}')).map((o) => `${o.kind}/${o.metadata.name}`);
    expect(empty).toEqual([]);
  });

  test('allows no pod-to-pod flow that a service did not declare', () => {
    const objs = platform(name);
    const declared = new Set<string>();
    for (const w of workloads(objs)) {
      for (const e of containerEnv(w)) {
        const m = /^\w+:\/\/([a-z0-9-]+)\.([a-z0-9-]+)\.svc\.cluster\.local:(\d+)$/.exec(e.value ?? '');
        if (!m) continue;
        // a Service an operator creates (KubeRay's Ray head): its pods are not rendered here (test/charts/stack-ray.test.ts)
        if (!objs.some((o) => o.kind === 'Service' && o.metadata.name === m[1] && o.metadata.namespace === m[2])) continue;
        const port = find(objs, 'Service', m[1], m[2]).spec.ports.find((p: any) => p.port === Number(m[3]));
        const target = find(objs, 'Deployment' in {} ? '' : workloads(objs).find((x) => x.metadata.name === m[1])!.kind, m[1], m[2]);
        const containerPort = target.spec.template.spec.containers[0].ports.find((p: any) => p.name === port.targetPort).containerPort;
        declared.add(`${w.metadata.namespace}/${w.metadata.name} -> ${m[2]}/${m[1]}:${containerPort}/TCP`);
      }
    }
    const flows = allowedFlows(objs, podGroups(objs)).map((f) => `${f.from} -> ${f.to}:${f.port}`);
    expect(flows.sort()).toEqual([...declared].sort());
  });

  test('connects Kafka clients on 9093 only: no env var points at 9092 and only Strimzi pods may use the plain listener', () => {
    const objs = platform(name);
    expect(strings(objs).filter((s) => /:9092\b/.test(s))).toEqual([]);
    const kafka = find(objs, 'Kafka', 'matih-kafka', 'matih-kafka');
    const [plain, tls] = kafka.spec.kafka.listeners;
    expect(plain).toEqual({ name: 'plain', port: 9092, type: 'internal', tls: false, networkPolicyPeers: [{ podSelector: { matchLabels: { 'strimzi.io/cluster': 'matih-kafka' } } }] });
    expect(tls).toMatchObject({ name: 'tls', port: 9093, type: 'internal', tls: true, authentication: { type: 'tls' } });
    const users = objs.filter((o) => o.kind === 'KafkaUser').map((u) => u.metadata.name).sort();
    const peers = tls.networkPolicyPeers.map((p: any) => p.podSelector.matchLabels['app.kubernetes.io/name']).sort();
    expect(peers).toEqual(users);
    for (const user of users) {
      const w = workloads(objs).find((o) => o.metadata.name === user);
      const vars = Object.fromEntries(containerEnv(w).filter((e) => e.value).map((e) => [e.name, e.value]));
      expect(vars.KAFKA_BOOTSTRAP_SERVERS).toBe('matih-kafka-kafka-bootstrap.matih-kafka.svc.cluster.local:9093');
      const egress = find(objs, 'NetworkPolicy', `allow-${user}-to-kafka`);
      expect(egress.spec.egress).toEqual([{
        ports: [{ port: 9093, protocol: 'TCP' }],
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'matih-kafka' } }, podSelector: { matchLabels: { 'strimzi.io/broker-role': 'true', 'strimzi.io/cluster': 'matih-kafka' } } }],
      }]);
    }
    expect(kafka.spec.kafka.authorization).toEqual({ type: 'simple' });
    expect(kafka.spec.kafka.rack).toEqual({ topologyKey: 'topology.kubernetes.io/zone' });
    expect(kafka.spec.entityOperator).toMatchObject({ topicOperator: {}, userOperator: {} });
  });

  test('grants each Kafka user only the topics it declares', () => {
    const user = find(platform(name), 'KafkaUser', 'bi-service');
    expect(user.spec).toEqual({
      authentication: { type: 'tls' },
      authorization: {
        type: 'simple',
        acls: [
          { resource: { type: 'topic', name: 'query-events', patternType: 'literal' }, operations: ['Read', 'Describe'] },
          { resource: { type: 'group', name: 'bi-service', patternType: 'prefix' }, operations: ['Read'] },
        ],
      },
    });
  });

  test('resolves every secretKeyRef and pull secret to an ExternalSecret in the same namespace, and renders no Secret', () => {
    const objs = platform(name);
    expect(objs.filter((o) => o.kind === 'Secret')).toEqual([]);
    const targets = new Set(objs.filter((o) => o.kind === 'ExternalSecret').map((o) => `${o.metadata.namespace}/${o.spec.target.name}`));
    for (const w of workloads(objs)) {
      const ns = w.metadata.namespace;
      const spec = w.spec.template.spec;
      const names = [
        ...containerEnv(w).map((e) => e.valueFrom?.secretKeyRef?.name).filter(Boolean),
        ...spec.imagePullSecrets.map((s: any) => s.name),
        ...(spec.volumes ?? []).map((v: any) => v.secret?.secretName).filter(Boolean),
      ];
      for (const secret of names) expect(`${w.metadata.name}: ${ns}/${secret} ${targets.has(`${ns}/${secret}`)}`).toBe(`${w.metadata.name}: ${ns}/${secret} true`);
    }
    const pull = find(objs, 'ExternalSecret', 'acr-secret', 'matih-data-plane');
    expect(pull.spec.target.template.type).toBe('kubernetes.io/dockerconfigjson');
    expect(pull.spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: 'azure-key-vault' });
  });

  test('protects stateful objects and namespaces from pruning and deletion', () => {
    const objs = platform(name);
    const protectedKinds = objs.filter((o) => ['Kafka', 'KafkaNodePool', 'KafkaTopic', 'StatefulSet', 'Namespace'].includes(o.kind));
    expect(protectedKinds.length).toBeGreaterThan(10);
    for (const o of protectedKinds) {
      expect(`${o.kind}/${o.metadata.name}: ${o.metadata.annotations?.['argocd.argoproj.io/sync-options']}`)
        .toBe(`${o.kind}/${o.metadata.name}: Prune=false,Delete=false`);
    }
  });

  test('one Certificate for the platform host from the environment issuer, served by the shared Gateway to the routes of three namespaces', () => {
    const objs = platform(name);
    const cfg = env(name).platform;
    const certs = objs.filter((o) => o.kind === 'Certificate' && o.spec.dnsNames.includes(cfg.dns.apiHost));
    expect(certs.map((c) => `${c.metadata.namespace}/${c.metadata.name}`)).toEqual(['matih-ingress/platform-tls']);
    expect(certs[0].spec.issuerRef).toEqual({ group: 'cert-manager.io', kind: 'ClusterIssuer', name: name === 'dev' ? 'letsencrypt-staging-dns01' : 'letsencrypt-prod-dns01' });
    const listener = find(objs, 'Gateway', 'platform', 'matih-ingress').spec.listeners.find((l: { hostname?: string }) => l.hostname === cfg.dns.apiHost);
    expect(listener.tls.certificateRefs).toEqual([{ group: '', kind: 'Secret', name: 'platform-tls' }]);
    const routes = objs.filter((o) => o.kind === 'HTTPRoute' && o.spec.hostnames?.includes(cfg.dns.apiHost));
    expect(routes.map((r) => `${r.metadata.namespace}/${r.metadata.name} -> ${r.spec.parentRefs[0].sectionName}`).sort()).toEqual([
      `matih-control-plane/control-plane-api -> ${cfg.dns.apiHost}`, `matih-data-plane/data-plane-api -> ${cfg.dns.apiHost}`, `matih-frontend/workbenches -> ${cfg.dns.apiHost}`,
    ]);
    expect(objs.filter((o) => o.kind === 'Ingress' || o.kind === 'IngressClass')).toEqual([]);
  });
});

describe('environments differ where production needs it', () => {
  test('prod and staging host names follow seed 001', () => {
    expect(env('prod').platform.dns.apiHost).toBe('api.matih.ai');
    expect(env('staging').platform.dns.apiHost).toBe('staging.matih.ai');
  });

  test('prod runs three KRaft controllers and three brokers with JBOD persistent storage kept on delete; dev runs one of each', () => {
    for (const [name, count] of [['prod', 3], ['dev', 1]] as const) {
      const objs = platform(name);
      for (const pool of ['controllers', 'brokers']) {
        const np = find(objs, 'KafkaNodePool', pool, 'matih-kafka');
        expect(np.spec.replicas).toBe(count);
        expect(np.spec.roles).toEqual([pool === 'brokers' ? 'broker' : 'controller']);
        expect(np.spec.storage.type).toBe('jbod');
        for (const v of np.spec.storage.volumes) expect(v).toMatchObject({ type: 'persistent-claim', deleteClaim: false });
      }
    }
    const config = find(platform('prod'), 'Kafka', 'matih-kafka').spec.kafka.config;
    expect(config).toMatchObject({ 'default.replication.factor': 3, 'min.insync.replicas': 2 });
  });

  test('prod autoscales ai-service from 3 to 12 while dev runs one fixed replica', () => {
    expect(find(platform('prod'), 'HorizontalPodAutoscaler', 'ai-service').spec).toMatchObject({ minReplicas: 3, maxReplicas: 12 });
    expect(find(platform('dev'), 'Deployment', 'ai-service').spec.replicas).toBe(1);
    expect(platform('dev').filter((o) => o.kind === 'HorizontalPodAutoscaler' && o.metadata.namespace.startsWith('matih-'))).toEqual([]);
  });

  test('both ClusterIssuers solve DNS-01 on Azure DNS with the Terraform outputs', () => {
    for (const name of ['dev', 'prod'] as const) {
      const tf = matihCluster(name).terraform;
      for (const issuer of ['letsencrypt-staging-dns01', 'letsencrypt-prod-dns01']) {
        const ci = find(platform(name), 'ClusterIssuer', issuer);
        expect(ci.spec.acme.solvers).toEqual([{
          dns01: {
            azureDNS: {
              environment: 'AzurePublicCloud',
              hostedZoneName: tf.dnsZoneName,
              managedIdentity: { clientID: tf.workloadIdentityClientIds['cert-manager'] },
              resourceGroupName: tf.dnsZoneResourceGroupName,
              subscriptionID: tf.subscriptionId,
            },
          },
        }]);
      }
    }
  });
});

describe('placement', () => {
  test.each(['dev', 'prod'] as const)('in %s every workload tolerates exactly the taint of the pool it selects', (name) => {
    const pools = Object.entries(matihCluster(name).settings.pools).map(([poolName, p]) => ({ name: poolName, taint: p.taint }));
    const wrong: string[] = [];
    for (const w of workloads(platform(name))) {
      const spec = w.spec.template.spec;
      const pool = pools.find((p) => p.name === spec.nodeSelector?.['kubernetes.azure.com/agentpool']);
      const expected = pool?.taint ? [{ effect: pool.taint.effect, key: pool.taint.key, operator: 'Equal', value: pool.taint.value }] : undefined;
      if (!pool || JSON.stringify(spec.tolerations) !== JSON.stringify(expected)) wrong.push(`${w.metadata.namespace}/${w.metadata.name}`);
    }
    expect(wrong).toEqual([]);
  });
});
