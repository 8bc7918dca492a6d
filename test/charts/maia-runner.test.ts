import { CONFIG_SOURCES, type ConfigSources, type EnvironmentName, loadConfig } from '../../config';
import { restrictedNamespaceLabels } from '../../lib/network/isolated-namespace';
import { env, find, folderObjects } from '../helpers';
import { readRepoFile } from '../files';

const RESTRICTED_LABELS = restrictedNamespaceLabels('v1.29');
const NS = 'maia-runner';

const rendered = (name: EnvironmentName): any[] => folderObjects(name, 'maia-runner');
const matihCluster = (name: EnvironmentName) => env(name).clusters.find((c) => c.name === `matih-${name}`)!;
const withMaia = (override: ConfigSources['maiaRunner']['overrides'][EnvironmentName], name: EnvironmentName): ConfigSources => ({
  ...CONFIG_SOURCES,
  maiaRunner: { ...CONFIG_SOURCES.maiaRunner, overrides: { ...CONFIG_SOURCES.maiaRunner.overrides, [name]: override } },
});
const maiaRunnerSettings = (name: EnvironmentName, override: ConfigSources['maiaRunner']['overrides'][EnvironmentName] = {}) =>
  loadConfig([name], readRepoFile, withMaia({ ...CONFIG_SOURCES.maiaRunner.overrides[name], ...override }, name))[0].maiaRunner;
const podSpec = (objs: any[]) => find(objs, 'Deployment', 'maia-runner', NS).spec.template.spec;

describe.each(['dev', 'staging', 'prod'] as const)('the %s Maia runner (seed 003)', (name) => {
  test('renders every object into the maia-runner namespace, or the namespace itself', () => {
    const objs = rendered(name);
    expect(objs.filter((o) => o.kind !== 'Namespace' && o.metadata.namespace !== NS)).toEqual([]);
    expect(objs.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual(
      [
        'ConfigMap/maia-runner',
        'Deployment/maia-runner',
        'ExternalSecret/maia-runner-oauth',
        'HorizontalPodAutoscaler/maia-runner',
        'Namespace/maia-runner',
        'NetworkPolicy/allow-dns-egress',
        'NetworkPolicy/allow-maia-runner-from-prometheus',
        'NetworkPolicy/allow-maia-runner-to-internet',
        'NetworkPolicy/allow-maia-runner-to-snowflake-http',
        ...Object.keys(env(name).maiaRunner.warehouses).map((w) => `NetworkPolicy/allow-maia-runner-to-${w}`),
        'NetworkPolicy/default-deny',
        'PodDisruptionBudget/maia-runner',
        'Service/maia-runner',
        'ServiceAccount/maia-runner',
        'ServiceMonitor/maia-runner',
      ].sort(),
    );
  });

  test('lives in a namespace that enforces Pod Security restricted, is kept by Argo CD and denies by default', () => {
    const objs = rendered(name);
    expect(find(objs, 'Namespace', NS).metadata).toMatchObject({
      labels: RESTRICTED_LABELS,
      annotations: { 'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false' },
    });
    expect(find(objs, 'NetworkPolicy', 'default-deny', NS).spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect(find(objs, 'NetworkPolicy', 'allow-dns-egress', NS).spec.egress[0].ports).toEqual([
      { port: 53, protocol: 'UDP' },
      { port: 53, protocol: 'TCP' },
    ]);
  });

  test('scales a Deployment of 2 to 10 replicas with an HPA, at most one pod down at a time', () => {
    const objs = rendered(name);
    // the HPA owns the replica count; a Deployment that set it would fight the HPA on every sync
    expect(find(objs, 'Deployment', 'maia-runner', NS).spec.replicas).toBeUndefined();
    expect(find(objs, 'HorizontalPodAutoscaler', 'maia-runner', NS).spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'maia-runner' },
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    });
    expect(find(objs, 'PodDisruptionBudget', 'maia-runner', NS).spec.maxUnavailable).toBe(1);
  });

  test('signs in to Azure with the maia-runner managed identity from the Terraform outputs', () => {
    const objs = rendered(name);
    const clientId = matihCluster(name).terraform.workloadIdentityClientIds['maia-runner'];
    expect(clientId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(find(objs, 'ServiceAccount', 'maia-runner', NS).metadata.annotations).toEqual({ 'azure.workload.identity/client-id': clientId });
    const template = find(objs, 'Deployment', 'maia-runner', NS).spec.template;
    expect(template.metadata.labels['azure.workload.identity/use']).toBe('true');
    expect(template.spec.serviceAccountName).toBe('maia-runner');
  });

  test('reads the account ID, runner ID and region from its ConfigMap', () => {
    const objs = rendered(name);
    const s = maiaRunnerSettings(name);
    expect(find(objs, 'ConfigMap', 'maia-runner', NS).data).toEqual({
      ACCOUNT_ID: s.accountId,
      AGENT_ID: s.runnerId,
      CLOUD_PROVIDER: 'AZURE',
      MATILLION_REGION: 'eu1',
    });
    const env = podSpec(objs).containers[0].env.filter((e: any) => e.valueFrom?.configMapKeyRef);
    expect(env.map((e: any) => [e.name, e.valueFrom.configMapKeyRef])).toEqual([
      ['ACCOUNT_ID', { name: 'maia-runner', key: 'ACCOUNT_ID' }],
      ['AGENT_ID', { name: 'maia-runner', key: 'AGENT_ID' }],
      ['CLOUD_PROVIDER', { name: 'maia-runner', key: 'CLOUD_PROVIDER' }],
      ['MATILLION_REGION', { name: 'maia-runner', key: 'MATILLION_REGION' }],
    ]);
  });

  test('reads the OAuth client ID and secret from Key Vault through an ExternalSecret, and renders no Secret', () => {
    const objs = rendered(name);
    const env = podSpec(objs).containers[0].env.filter((e: any) => e.valueFrom?.secretKeyRef);
    expect(env).toEqual([
      { name: 'OAUTH_CLIENT_ID', valueFrom: { secretKeyRef: { name: 'maia-runner-oauth', key: 'client-id' } } },
      { name: 'OAUTH_CLIENT_SECRET', valueFrom: { secretKeyRef: { name: 'maia-runner-oauth', key: 'client-secret' } } },
    ]);
    expect(find(objs, 'ExternalSecret', 'maia-runner-oauth', NS).spec).toMatchObject({
      secretStoreRef: { kind: 'ClusterSecretStore', name: 'azure-key-vault' },
      target: { name: 'maia-runner-oauth', creationPolicy: 'Owner' },
      data: [
        { secretKey: 'client-id', remoteRef: { key: 'maia-runner-oauth-client-id' } },
        { secretKey: 'client-secret', remoteRef: { key: 'maia-runner-oauth-client-secret' } },
      ],
    });
    expect(objs.filter((o) => o.kind === 'Secret')).toEqual([]);
  });

  test('runs as UID 65534 with a read-only root filesystem, no privilege escalation, no capabilities and RuntimeDefault seccomp', () => {
    const spec = podSpec(rendered(name));
    expect(spec.securityContext).toMatchObject({ runAsUser: 65534, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(spec.containers[0].securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsGroup: 65534,
      runAsNonRoot: true,
      runAsUser: 65534,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(spec.containers[0].volumeMounts).toEqual([
      { name: 'tmp', mountPath: '/tmp' },
      { name: 'home-agentuser-api-profiles', mountPath: '/home/agentuser/api_profiles' },
    ]);
  });

  test('exposes Prometheus metrics on 8080 at /actuator/prometheus through an annotated Service', () => {
    const objs = rendered(name);
    expect(find(objs, 'Service', 'maia-runner', NS)).toMatchObject({
      metadata: { annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '8080', 'prometheus.io/path': '/actuator/prometheus' } },
      spec: { type: 'ClusterIP', ports: [{ name: 'metrics', port: 8080, targetPort: 'metrics', protocol: 'TCP' }] },
    });
    expect(podSpec(objs).containers[0].ports).toEqual([{ name: 'metrics', containerPort: 8080, protocol: 'TCP' }]);
    expect(find(objs, 'ServiceMonitor', 'maia-runner', NS).spec.endpoints).toEqual([{ port: 'metrics', path: '/actuator/prometheus', interval: '30s' }]);
  });

  test('takes no connection but Prometheus scraping 8080; opens HTTPS to Azure and Matillion, HTTP to Snowflake, and its warehouses on their ports', () => {
    const objs = rendered(name);
    const policies = objs.filter((o) => o.kind === 'NetworkPolicy' && o.spec.podSelector.matchLabels);
    const warehouses = env(name).maiaRunner.warehouses;
    expect(policies.map((p) => [p.metadata.name, p.spec.policyTypes]).sort()).toEqual(
      [
        ['allow-maia-runner-from-prometheus', ['Ingress']],
        ['allow-maia-runner-to-internet', ['Egress']],
        ['allow-maia-runner-to-snowflake-http', ['Egress']],
        ...Object.keys(warehouses).map((w) => [`allow-maia-runner-to-${w}`, ['Egress']]),
      ].sort(),
    );
    const except = [matihCluster(name).terraform.vnetCidr, '10.1.0.0/16'];
    expect(find(objs, 'NetworkPolicy', 'allow-maia-runner-to-snowflake-http', NS).spec.egress).toEqual([
      { to: [{ ipBlock: { cidr: '0.0.0.0/0', except } }], ports: [{ port: 80, protocol: 'TCP' }] },
    ]);
    for (const [w, spec] of Object.entries(warehouses)) {
      expect(find(objs, 'NetworkPolicy', `allow-maia-runner-to-${w}`, NS).spec.egress).toEqual([
        {
          to: spec.cidrs.map((cidr) => ({ ipBlock: { cidr } })),
          ports: spec.ports.map((port) => ({ port, protocol: 'TCP' })),
        },
      ]);
    }
    expect(find(objs, 'NetworkPolicy', 'allow-maia-runner-from-prometheus', NS).spec.ingress).toEqual([
      {
        from: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'matih-monitoring' } },
            podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
          },
        ],
        ports: [{ port: 8080, protocol: 'TCP' }],
      },
    ]);
    expect(find(objs, 'NetworkPolicy', 'allow-maia-runner-to-internet', NS).spec.egress).toEqual([
      {
        to: [{ ipBlock: { cidr: '0.0.0.0/0', except } }],
        ports: [{ port: 443, protocol: 'TCP' }],
      },
    ]);
  });

  test("requests and limits the vendor chart's AKS sizes", () => {
    expect(podSpec(rendered(name)).containers[0].resources).toEqual({ requests: { cpu: '1', memory: '4Gi' }, limits: { cpu: '2', memory: '4Gi' } });
  });
});

describe('the Maia runner image', () => {
  test.each([
    ['dev', 'current'],
    ['staging', 'current'],
    ['prod', 'stable'],
  ] as const)("follows the vendor's release channel: %s runs matillion.azurecr.io/cloud-agent:%s", (name, tag) => {
    expect(podSpec(rendered(name)).containers[0].image).toBe(`matillion.azurecr.io/cloud-agent:${tag}`);
  });

  test('can be frozen to one build with a digest', () => {
    const digest = `sha256:${'ab'.repeat(32)}` as const;
    expect(maiaRunnerSettings('prod', { imageTag: digest }).imageTag).toBe(digest);
  });
});

describe('config/maia-runner.ts', () => {
  test('refuses a region other than us1, eu1 and au1, naming the file, the path and the rule', () => {
    expect(() => maiaRunnerSettings('prod', { region: 'xx' as never })).toThrow('config/maia-runner.ts: prod.region must be one of us1, eu1, au1 (got "xx")');
  });

  test("refuses a tag outside the vendor's channels, such as latest", () => {
    expect(() => maiaRunnerSettings('dev', { imageTag: 'latest' })).toThrow(
      'config/maia-runner.ts: dev.imageTag must be one of stable, current or a sha256 digest (got "latest")',
    );
  });

  test('reports every problem at once', () => {
    expect(() => maiaRunnerSettings('staging', { accountId: 'acme', autoscaling: { minReplicas: 4, maxReplicas: 2 } })).toThrow(
      [
        '2 problems:',
        '  config/maia-runner.ts: staging.accountId must be the numeric Matillion account ID (got "acme")',
        '  config/maia-runner.ts: staging.autoscaling.maxReplicas must be at least minReplicas (4) (got 2)',
      ].join('\n'),
    );
  });

  test('a Terraform output without the maia-runner identity names the file and the key', () => {
    const read = (rel: string) => {
      const text = readRepoFile(rel);
      if (rel !== 'config/terraform/dev/matih-dev.json') return text;
      const tf = JSON.parse(text);
      delete tf.workload_identity_client_ids.value['maia-runner'];
      return JSON.stringify(tf);
    };
    expect(() => loadConfig(['dev'], read)).toThrow(
      'config/terraform/dev/matih-dev.json: workload_identity_client_ids.value.maia-runner is required: maia-runner runs on cluster matih-dev with a Workload Identity (got nothing)',
    );
  });

  test("refuses a warehouse inside the cluster's own ranges, whose egress would open the cluster", () => {
    const vnet = matihCluster('prod').terraform.vnetCidr;
    expect(() => maiaRunnerSettings('prod', { warehouses: { inside: { cidrs: ['10.40.3.0/28', '10.0.5.0/24'], ports: [1433] } } })).toThrow(
      `config/maia-runner.ts: prod.warehouses.inside.cidrs[1] must lie outside cluster matih-prod's own range ${vnet}: egress to a warehouse may not open the cluster (got "10.0.5.0/24")`,
    );
    expect(() => maiaRunnerSettings('prod', { warehouses: { services: { cidrs: ['10.0.0.0/8'], ports: [5432] } } })).toThrow(
      /warehouses\.services\.cidrs\[0\] must lie outside cluster matih-prod's own range/,
    );
  });

  test("refuses a warehouse as wide as the internet: only HTTPS and Snowflake's HTTP go there", () => {
    expect(() => maiaRunnerSettings('dev', { warehouses: { everywhere: { cidrs: ['0.0.0.0/0'], ports: [5432] } } })).toThrow(
      'config/maia-runner.ts: dev.warehouses.everywhere.cidrs[0] must name the warehouse\'s addresses (a prefix of /8 or longer), not the internet (got "0.0.0.0/0")',
    );
  });

  test('refuses a warehouse that is no CIDR or has no port', () => {
    expect(() => maiaRunnerSettings('dev', { warehouses: { bad: { cidrs: ['999.1.1.1/99'], ports: [] } } })).toThrow(
      'config/maia-runner.ts: dev.warehouses.bad.cidrs[0] must be a CIDR such as 10.0.0.0/16 (got "999.1.1.1/99")',
    );
  });
});
