import { CONFIG_SOURCES, type ConfigSources, type EnvironmentName, loadConfig } from '../../config';
import { restrictedNamespaceLabels } from '../../lib/network/isolated-namespace';
import { allowedFlows, podGroups } from '../../tools/flows/network-flows';
import { env, find, folderObjects } from '../helpers';
import { readRepoFile } from '../files';

const RESTRICTED_LABELS = restrictedNamespaceLabels('v1.29');
const NS = 'ai-platform';
const SERVICES = ['gateway-service', 'knowledge-service', 'agent-service', 'research-service', 'assistant-service'];

/** The AI platform's folder on its own cluster. */
const rendered = (name: EnvironmentName): any[] => folderObjects(name, 'ai-platform', `ai-platform-${name}`);
const aiCluster = (name: EnvironmentName) => env(name).clusters.find((c) => c.name === `ai-platform-${name}`)!;
const workload = (objs: any[], name: string) => objs.find((o) => (o.kind === 'Deployment' || o.kind === 'StatefulSet') && o.metadata.name === name);
const container = (objs: any[], name: string) => workload(objs, name).spec.template.spec.containers[0];

describe.each(['dev', 'staging', 'prod'] as const)('the %s AI platform (seed 004)', (name) => {
  test('renders every object into the ai-platform namespace, or the namespace itself', () => {
    const objs = rendered(name);
    expect(objs.filter((o) => o.kind !== 'Namespace' && o.metadata.namespace !== NS)).toEqual([]);
    const workloads = objs
      .filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet')
      .map((o) => `${o.kind}/${o.metadata.name}`)
      .sort();
    expect(workloads).toEqual([
      'Deployment/agent-service',
      'Deployment/assistant-service',
      'Deployment/gateway-service',
      'Deployment/knowledge-service',
      'Deployment/research-service',
      'StatefulSet/postgresql',
      'StatefulSet/redis-service',
    ]);
  });

  test('labels its namespace as the seed does, enforces Pod Security restricted and denies by default', () => {
    const objs = rendered(name);
    const environment = { dev: 'development', staging: 'staging', prod: 'production' }[name];
    expect(find(objs, 'Namespace', NS).metadata.labels).toMatchObject({ ...RESTRICTED_LABELS, project: 'ai-platform', environment });
    expect(find(objs, 'NetworkPolicy', 'default-deny', NS).spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect(find(objs, 'NetworkPolicy', 'allow-dns-egress', NS).spec.egress[0].ports).toEqual([
      { port: 53, protocol: 'UDP' },
      { port: 53, protocol: 'TCP' },
    ]);
    expect(container(objs, 'gateway-service').env).toContainEqual({ name: 'ENVIRONMENT', value: environment });
  });

  test('rolls the gateway out with maxUnavailable 1 and maxSurge 1 on port 8000, probed at /health/ready and /health', () => {
    const objs = rendered(name);
    expect(find(objs, 'Deployment', 'gateway-service', NS).spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } });
    const c = container(objs, 'gateway-service');
    expect(c.ports).toEqual([{ name: 'http', containerPort: 8000, protocol: 'TCP' }]);
    expect(c.readinessProbe).toMatchObject({ httpGet: { path: '/health/ready', port: 'http' }, initialDelaySeconds: 10, periodSeconds: 5 });
    expect(c.livenessProbe).toMatchObject({ httpGet: { path: '/health', port: 'http' }, initialDelaySeconds: 15, periodSeconds: 10 });
  });

  test('autoscales the gateway from 2 to 10 replicas on CPU 70% and memory 80%', () => {
    expect(find(rendered(name), 'HorizontalPodAutoscaler', 'gateway-service', NS).spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'gateway-service' },
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
        { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 80 } } },
      ],
    });
  });

  test('gives the gateway the Azure OpenAI key and the database connection string through secretKeyRef', () => {
    const refs = container(rendered(name), 'gateway-service').env.filter((e: any) => e.valueFrom?.secretKeyRef);
    expect(refs).toEqual(
      expect.arrayContaining([
        { name: 'AZURE_OPENAI_API_KEY', valueFrom: { secretKeyRef: { name: 'azure-openai-secrets', key: 'api-key' } } },
        { name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'database-secrets', key: 'connection-string' } } },
      ]),
    );
  });

  test.each([
    // the seed's sizing table: request-limit CPU and memory, replicas (the gateway's HPA is the seed's 2-10)
    ['gateway-service', '250m', '500m', '256Mi', '512Mi', 2, 10],
    ['knowledge-service', '500m', '1000m', '512Mi', '1Gi', 2, 4],
    ['agent-service', '500m', '1000m', '512Mi', '1Gi', 2, 3],
    ['research-service', '500m', '1000m', '512Mi', '1Gi', 1, 2],
    ['assistant-service', '500m', '1000m', '512Mi', '2Gi', 1, 3],
  ])('sizes %s at %s-%s CPU and %s-%s memory, %i to %i replicas', (svc, cpuReq, cpuLim, memReq, memLim, min, max) => {
    const objs = rendered(name);
    expect(container(objs, svc).resources).toEqual({ requests: { cpu: cpuReq, memory: memReq }, limits: { cpu: cpuLim, memory: memLim } });
    expect(find(objs, 'HorizontalPodAutoscaler', svc, NS).spec).toMatchObject({ minReplicas: min, maxReplicas: max });
  });

  test.each([
    ['redis-service', '100m', '250m', '128Mi', '256Mi', 6379, '/data'],
    ['postgresql', '250m', '500m', '256Mi', '512Mi', 5432, '/var/lib/postgresql/data'],
  ])(
    'runs %s as one StatefulSet replica at %s-%s CPU and %s-%s memory on %i, with a retained volume at %s',
    (store, cpuReq, cpuLim, memReq, memLim, port, mountPath) => {
      const objs = rendered(name);
      const sts = find(objs, 'StatefulSet', store, NS);
      expect(sts.spec.replicas).toBe(1);
      expect(sts.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false' });
      expect(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe(
        env(name).aiPlatform.stores[store as 'redis-service' | 'postgresql'].storageSize,
      );
      expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
      const c = container(objs, store);
      expect(c.resources).toEqual({ requests: { cpu: cpuReq, memory: memReq }, limits: { cpu: cpuLim, memory: memLim } });
      expect(c.ports[0].containerPort).toBe(port);
      expect(c.volumeMounts).toContainEqual({ name: 'data', mountPath });
    },
  );

  test("gives every service a ClusterIP Service on 80 that forwards to the container's 8000", () => {
    const objs = rendered(name);
    for (const svc of SERVICES) {
      expect(find(objs, 'Service', svc, NS).spec).toMatchObject({ type: 'ClusterIP', ports: [{ name: 'http', port: 80, targetPort: 'http' }] });
      expect(container(objs, svc).ports).toEqual([{ name: 'http', containerPort: 8000, protocol: 'TCP' }]);
    }
  });

  test('probes the backend services at /health', () => {
    for (const svc of SERVICES.slice(1)) {
      const c = container(rendered(name), svc);
      expect([c.readinessProbe.httpGet, c.livenessProbe.httpGet]).toEqual([
        { path: '/health', port: 'http' },
        { path: '/health', port: 'http' },
      ]);
    }
  });

  test('pulls every image from the platform ACR, pinned, with the platform pull secrets', () => {
    const objs = rendered(name);
    const acr = aiCluster(name).terraform.acrLoginServer;
    for (const w of objs.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet')) {
      expect(w.spec.template.spec.containers[0].image).toMatch(new RegExp(`^${acr.replace(/\./g, '\\.')}/ai-platform/[a-z]+:[0-9][0-9.]*$`));
      expect(w.spec.template.spec.imagePullSecrets).toEqual([{ name: 'acr-secret' }, { name: 'platform-acr-secret' }]);
    }
    expect(container(objs, 'gateway-service').image).toBe(`${acr}/ai-platform/gateway:1.0.0`);
    expect(container(objs, 'knowledge-service').image).toBe(`${acr}/ai-platform/knowledge:1.0.0`);
  });

  test("serves the gateway through the cluster's shared Gateway over TLS, with the seed's 120 s read timeout as a BackendTrafficPolicy", () => {
    const objs = rendered(name);
    const host = env(name).aiPlatform.host;
    expect(objs.filter((o) => o.kind === 'Ingress')).toEqual([]);
    const route = find(objs, 'HTTPRoute', 'ai-platform', NS);
    expect(route.spec).toEqual({
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'platform', namespace: 'matih-ingress', sectionName: host }],
      hostnames: [host],
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/' } }],
          filters: [
            {
              type: 'ResponseHeaderModifier',
              responseHeaderModifier: { set: [{ name: 'Strict-Transport-Security', value: 'max-age=31536000; includeSubDomains' }] },
            },
          ],
          backendRefs: [{ group: '', kind: 'Service', name: 'gateway-service', port: 80 }],
        },
      ],
    });
    expect(find(objs, 'BackendTrafficPolicy', 'ai-platform', NS).spec).toEqual({
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'ai-platform' }],
      timeout: { http: { requestTimeout: '120s' } },
    });
    // nothing caps request bodies below the seed's 50m: no buffer or request-received limit anywhere on the route or its Gateway
    const edge = folderObjects(name, 'edge', `ai-platform-${name}`);
    for (const p of [...objs, ...edge].filter((o) => /TrafficPolicy$/.test(o.kind))) {
      expect(JSON.stringify(p.spec)).not.toMatch(/bufferLimit|requestReceivedTimeout|requestBuffer/);
    }
    // its certificate sits beside the Gateway that serves it, from the environment's issuer
    const listener = find(edge, 'Gateway', 'platform', 'matih-ingress').spec.listeners.find((l: { hostname?: string }) => l.hostname === host);
    expect(listener).toMatchObject({ protocol: 'HTTPS', port: 443, tls: { certificateRefs: [{ kind: 'Secret', name: 'ai-platform-tls' }] } });
    expect(listener.allowedRoutes.namespaces).toEqual({
      from: 'Selector',
      selector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: [NS] }] },
    });
    expect(find(edge, 'Certificate', 'ai-platform-tls', 'matih-ingress').spec).toMatchObject({
      secretName: 'ai-platform-tls',
      dnsNames: [host],
      issuerRef: { kind: 'ClusterIssuer', name: env(name).platform.clusterIssuer },
    });
  });

  test('allows exactly the declared flows: the edge to the gateway, the gateway to the services, services to Redis and PostgreSQL', () => {
    const objs = rendered(name);
    const edge = {
      namespace: 'matih-ingress',
      podLabels: {
        'app.kubernetes.io/name': 'envoy',
        'gateway.envoyproxy.io/owning-gateway-name': 'platform',
        'gateway.envoyproxy.io/owning-gateway-namespace': 'matih-ingress',
      },
    };
    const pods = [...podGroups(objs), { id: 'matih-ingress/edge', namespace: edge.namespace, labels: edge.podLabels, ports: [] }];
    const flows = allowedFlows(objs, pods).map((f) => `${f.from} -> ${f.to}:${f.port}`);
    const expected = [
      'matih-ingress/edge -> ai-platform/gateway-service:8000/TCP',
      ...SERVICES.slice(1).map((s) => `ai-platform/gateway-service -> ai-platform/${s}:8000/TCP`),
      ...SERVICES.flatMap((s) => [`ai-platform/${s} -> ai-platform/postgresql:5432/TCP`, `ai-platform/${s} -> ai-platform/redis-service:6379/TCP`]),
    ];
    expect(flows.sort()).toEqual(expected.sort());
  });

  test('names every callee of a caller by its FQDN URL in <NAME>_URL', () => {
    const objs = rendered(name);
    const vars = (svc: string) =>
      Object.fromEntries(
        container(objs, svc)
          .env.filter((e: any) => e.value)
          .map((e: any) => [e.name, e.value]),
      );
    expect(vars('gateway-service')).toMatchObject({
      KNOWLEDGE_SERVICE_URL: 'http://knowledge-service.ai-platform.svc.cluster.local:80',
      AGENT_SERVICE_URL: 'http://agent-service.ai-platform.svc.cluster.local:80',
      RESEARCH_SERVICE_URL: 'http://research-service.ai-platform.svc.cluster.local:80',
      ASSISTANT_SERVICE_URL: 'http://assistant-service.ai-platform.svc.cluster.local:80',
      REDIS_URL: 'redis://redis-service.ai-platform.svc.cluster.local:6379',
    });
    for (const svc of SERVICES.slice(1)) {
      expect(vars(svc)).toMatchObject({ REDIS_URL: 'redis://redis-service.ai-platform.svc.cluster.local:6379' });
    }
  });

  test('lets the services reach Azure OpenAI on HTTPS only, and the stores nothing outside', () => {
    const objs = rendered(name);
    const egress = objs.filter((o) => o.kind === 'NetworkPolicy' && JSON.stringify(o.spec).includes('ipBlock'));
    expect(egress.map((p) => p.metadata.name).sort()).toEqual(SERVICES.map((s) => `allow-${s}-to-azure-openai`).sort());
    for (const p of egress) {
      expect(p.spec.egress).toEqual([
        { to: [{ ipBlock: { cidr: '0.0.0.0/0', except: [aiCluster(name).terraform.vnetCidr, '10.1.0.0/16'] } }], ports: [{ port: 443, protocol: 'TCP' }] },
      ]);
    }
  });

  test('has an ExternalSecret with every key a pod reads, and renders no Secret', () => {
    const objs = rendered(name);
    const wanted = new Set<string>();
    for (const w of objs.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet')) {
      for (const e of w.spec.template.spec.containers[0].env ?? []) {
        const ref = e.valueFrom?.secretKeyRef;
        if (ref) wanted.add(`${ref.name}/${ref.key}`);
      }
    }
    const synced = new Set<string>(
      objs.filter((o) => o.kind === 'ExternalSecret').flatMap((x) => (x.spec.data ?? []).map((d: any) => `${x.metadata.name}/${d.secretKey}`)),
    );
    expect([...wanted].filter((k) => !synced.has(k))).toEqual([]);
    expect([...wanted].sort()).toEqual([
      'azure-openai-secrets/api-key',
      'azure-openai-secrets/endpoint',
      'database-secrets/connection-string',
      'database-secrets/password',
      'redis-secrets/password',
    ]);
    expect(
      objs
        .filter((o) => o.kind === 'ExternalSecret')
        .map((o) => o.metadata.name)
        .sort(),
    ).toEqual(['acr-secret', 'azure-openai-secrets', 'database-secrets', 'platform-acr-secret', 'redis-secrets']);
    expect(objs.filter((o) => o.kind === 'Secret')).toEqual([]);
  });
});

describe('config/ai-platform.ts', () => {
  const withAi = (override: ConfigSources['aiPlatform']['overrides'][EnvironmentName], name: EnvironmentName = 'prod'): ConfigSources => ({
    ...CONFIG_SOURCES,
    aiPlatform: { ...CONFIG_SOURCES.aiPlatform, overrides: { ...CONFIG_SOURCES.aiPlatform.overrides, [name]: override } },
  });

  test('refuses an unpinned tag and inverted autoscaling bounds, naming the file, the path and the rule', () => {
    expect(() =>
      loadConfig(['dev'], readRepoFile, withAi({ services: { 'agent-service': { tag: 'latest', autoscaling: { minReplicas: 3, maxReplicas: 2 } } } }, 'dev')),
    ).toThrow(
      [
        '2 problems:',
        '  config/ai-platform.ts: dev.services.agent-service.tag must be a pinned image tag (not "latest") or a sha256 digest (got "latest")',
        '  config/ai-platform.ts: dev.services.agent-service.autoscaling.maxReplicas must be at least minReplicas (3) (got 2)',
      ].join('\n'),
    );
  });

  test("refuses a pool the AI platform's cluster does not have", () => {
    expect(() => loadConfig(['prod'], readRepoFile, withAi({ services: { 'agent-service': { pool: 'gpu' } } }))).toThrow(
      'config/ai-platform.ts: prod.agent-service.pool must name a node pool of cluster ai-platform-prod, which runs ai-platform (pools: system, app) (got "gpu")',
    );
  });

  test('refuses a host outside the DNS zone where cert-manager can solve DNS-01', () => {
    expect(() => loadConfig(['staging'], readRepoFile, withAi({ host: 'ai.example.org' }, 'staging'))).toThrow(
      'config/ai-platform.ts: staging.host must lie in the DNS zone "matih.ai" of config/terraform/staging/ai-platform-staging.json, where cert-manager solves DNS-01 (got "ai.example.org")',
    );
  });
});
