/**
 * docs/platform.md against the code: every table the page marks _(tested)_ is read row by row
 * and compared with the validated configuration (`loadConfig`, `config/systems.ts`) and the
 * committed dist/, and every anchor of the page the repository cites must exist. A change to
 * the code the page does not follow (or the reverse) fails here. The AI platform's tables
 * are test/charts/ai-platform-contract.test.ts's.
 */
import { ENVIRONMENTS, loadConfig, parseTenants, type Cluster, type Environment } from '../../config';
import { CLUSTER_IDENTITIES, SYSTEM_IDENTITIES } from '../../config/systems';
import { anchors, distFiles, distObject, distObjects, read, rowOf, sectionLines, sourceFiles, table, type Manifest, type Row } from './platform-doc';

const doc = read('docs/platform.md');
const envs: Environment[] = loadConfig(ENVIRONMENTS, read);
const clusters = envs.flatMap((e) => e.clusters.map((c) => ({ e, c })));
const prod = envs.find((e) => e.name === 'prod')!;
const kindOf = (c: Cluster): string => (c.settings.systems.includes('matih') ? 'MATIH' : 'AI platform');
const sorted = (xs: Iterable<string>): string[] => [...xs].sort();
const keys = (rows: readonly Row[], ...columns: string[]): string[] => sorted(rows.map((r) => columns.map((c) => r[c]).join(' ')));

test('every docs/platform.md anchor the repository cites, and every link of the page, exists', () => {
  const own = anchors(doc);
  const cited = sourceFiles().flatMap((f) => [...read(f).matchAll(/docs\/platform\.md#([a-z0-9-]+)/g)].map((m) => `${f}: #${m[1]}`));
  const links = [...doc.matchAll(/\]\(#([a-z0-9-]+)\)/g)].map((m) => `docs/platform.md: #${m[1]}`);
  expect(cited.length).toBeGreaterThan(5);
  expect([...cited, ...links].filter((c) => !own.has(c.slice(c.indexOf('#') + 1)))).toEqual([]);
});

test('Cluster: clusters per environment', () => {
  const rows = table(doc, '### Cluster: clusters per environment');
  expect(sorted(rows.map((r) => r.Cluster))).toEqual(sorted(clusters.map(({ c }) => c.name)));
  for (const { e, c } of clusters) {
    expect(rowOf(rows, 'Cluster', c.name)).toEqual({
      Environment: e.name,
      Cluster: c.name,
      Systems: c.settings.systems.join(', '),
      'Region (config)': c.settings.region,
      'Terraform location': c.terraform.location,
      Kubernetes: c.settings.kubernetesVersion,
      'Argo CD': e.platform.gitops.managementCluster === c.name ? 'management' : '–',
    });
  }
});

test('Network: addresses', () => {
  const rows = table(doc, '### Network: addresses');
  expect(sorted(rows.map((r) => r.Cluster))).toEqual(sorted(clusters.map(({ c }) => c.name)));
  for (const { c } of clusters) {
    const r = rowOf(rows, 'Cluster', c.name);
    expect([r['VNet (vnet_cidr)'], r['Service CIDR'], r['DNS service IP'], r['API server (aks_api_server_ip)']]).toEqual([
      c.terraform.vnetCidr,
      c.settings.network.serviceCidr,
      c.settings.network.dnsServiceIp,
      c.terraform.apiServerIp,
    ]);
  }
});

describe.each([
  ['### Node pools: MATIH cluster', 'matih'],
  ['### Node pools: AI platform cluster', 'ai-platform'],
] as const)('%s', (heading, system) => {
  const rows = table(doc, heading);
  test.each(envs.map((e) => [e.name, e] as const))('%s: names, VM sizes, bounds, taints and zones', (_, e) => {
    const c = e.clusters.find((x) => x.settings.systems.includes(system))!;
    expect(sorted(rows.map((r) => r.Pool))).toEqual(sorted(Object.keys(c.settings.pools)));
    for (const [name, p] of Object.entries(c.settings.pools)) {
      const r = rowOf(rows, 'Pool', name);
      const taint = p.taint ? `${p.taint.key}=${p.taint.value}:${p.taint.effect}` : 'none';
      expect([r['VM size (code)'], r[e.name] ?? r['Bounds (code)'], r.Taint, r.Zones]).toEqual([
        p.vmSize,
        `${p.minNodes} / ${p.maxNodes}`,
        taint,
        (p.zones ?? []).join(', '),
      ]);
    }
  });
});

test('Namespaces: names from config, where they are rendered, their plane and Pod Security', () => {
  const rows = table(doc, '## Namespaces');
  for (const e of envs) {
    for (const c of e.clusters) {
      const rendered = new Map<string, Manifest>(
        distObjects(`${e.name}/${c.name}`, (n) => n.startsWith('namespace-')).map((d) => [d.object.metadata.name, d.object]),
      );
      const seen = new Set<string>();
      for (const r of rows) {
        const [file, setting] = r.Config.split(' ');
        const source = (
          { 'config/base.ts': e.platform, 'config/maia-runner.ts': e.maiaRunner, 'config/ai-platform.ts': e.aiPlatform } as Record<string, object>
        )[file];
        if (source) expect(`${r.Namespace} from ${r.Config}`).toBe(`${setting.split('.').reduce((o: Manifest, k) => o[k], source)} from ${r.Config}`);
        const names = r.Namespace.includes('<slug>') ? e.tenants.map((t) => r.Namespace.replace('<slug>', t.slug)) : [r.Namespace];
        // "MATIH, AI platform", or "MATIH in staging and prod"
        const [kinds, only] = r.Clusters.split(' in ');
        const here = kinds.split(', ').includes(kindOf(c)) && (!only || only.split(' and ').includes(e.name));
        for (const name of names) {
          const ns = rendered.get(name);
          expect(`${name} on ${c.name}: ${ns ? 'rendered' : 'absent'}`).toBe(`${name} on ${c.name}: ${here ? 'rendered' : 'absent'}`);
          if (!ns) continue;
          seen.add(name);
          const labels = ns.metadata.labels ?? {};
          expect([name, labels['matih.ai/plane'] ?? '–', labels['pod-security.kubernetes.io/enforce']]).toEqual([name, r['matih.ai/plane'], r['Pod Security']]);
        }
      }
      expect(sorted(rendered.keys())).toEqual(sorted(seen));
    }
  }
});

/** Every NetworkPolicy of dist/, as text (their ports are read from the text, their internet rules parsed). */
const policyFiles = ENVIRONMENTS.flatMap((e) => distFiles(e, (n) => n.startsWith('networkpolicy-')));

test('Network: internet egress and ingress (prod)', () => {
  const found: string[] = [];
  for (const file of policyFiles.filter((f) => f.startsWith('prod/') && read(`dist/${f}`).includes('0.0.0.0/0'))) {
    const p = distObject(file);
    const c = prod.clusters.find((x) => x.name === file.split('/')[1])!;
    const egress = (p.spec.egress ?? []).filter((r: Manifest) => r.to?.some((t: Manifest) => t.ipBlock?.cidr === '0.0.0.0/0'));
    const ingress = (p.spec.ingress ?? []).filter((r: Manifest) => r.from?.some((t: Manifest) => t.ipBlock?.cidr === '0.0.0.0/0'));
    const rules = egress.length > 0 ? egress : ingress;
    const reason = p.metadata.annotations?.[`matih.ai/internet-${egress.length > 0 ? 'egress' : 'ingress'}-reason`];
    expect(`${p.metadata.name}: ${reason ? 'has a reason' : 'no reason'}`).toBe(`${p.metadata.name}: has a reason`);
    for (const r of egress) expect(r.to[0].ipBlock.except).toEqual([c.terraform.vnetCidr, c.settings.network.serviceCidr]);
    const ports = rules.flatMap((r: Manifest) => r.ports.map((x: Manifest) => x.port)).join(', ');
    found.push(`${c.name} ${p.metadata.namespace} ${p.metadata.name} ${egress.length > 0 ? 'egress' : 'ingress'} ${ports}`);
  }
  expect(keys(table(doc, '### Network: internet egress and ingress'), 'Cluster', 'Namespace', 'Policy', 'Direction', 'Port')).toEqual(sorted(found));
});

describe('Ports', () => {
  const rows = table(doc, '#### Ports: every service');
  const services = distObjects('prod/matih-prod', (n) => n.startsWith('service-')).filter((d) => !d.file.includes('/tenant-'));

  test('every Service of prod is a row', () => {
    const own = services.filter((s) => s.object.spec.clusterIP !== 'None').map((s) => `${s.object.metadata.name} ${s.object.metadata.namespace}`);
    expect(keys(rows, 'Service', 'Namespace')).toEqual(sorted(own));
  });

  test.each(rows.map((r) => [r.Service, r] as const))('%s: ports, pool, identity', (name, r) => {
    const { file, object: svc } = services.find((s) => s.object.metadata.name === name && s.object.metadata.namespace === r.Namespace)!;
    const folder = file.slice(0, file.lastIndexOf('/'));
    const [w] = distFiles(folder, (n) => n === `deployment-${name}.yaml` || n === `statefulset-${name}.yaml`).map(distObject);
    const pod = w.spec.template.spec;
    const containerPorts = pod.containers.flatMap((c: Manifest) => c.ports ?? []);
    expect(svc.spec.ports.map((p: Manifest) => `${p.name} ${p.port}`).join(', ')).toBe(r.Ports);
    // Service port = container port
    for (const p of svc.spec.ports) expect([p.name, containerPorts.find((c: Manifest) => c.name === p.targetPort)?.containerPort]).toEqual([p.name, p.port]);
    if (w.kind === 'StatefulSet') expect(distObject(`${folder}/service-${name}-headless.yaml`).spec.ports).toEqual(svc.spec.ports);
    const sa = distObject(`${folder}/serviceaccount-${pod.serviceAccountName}.yaml`);
    expect([pod.nodeSelector['kubernetes.azure.com/agentpool'], sa.metadata.annotations?.['azure.workload.identity/client-id'] ? 'yes' : 'no']).toEqual([
      r.Pool,
      r.Identity,
    ]);
  });

  test('every port a NetworkPolicy opens is documented, and every other port documented is opened', () => {
    // a range `6933-6939` is a policy's `port` and `endPort`: it counts by its first port
    const numbers = (cell: string) => [...cell.replace(/(\d+)-\d+/g, '$1').matchAll(/\b(\d{2,5})\b/g)].map((m) => m[1]);
    const others = table(doc, '#### Ports: what else the NetworkPolicies open').flatMap((r) => numbers(r.Port));
    const ai = table(doc, '### AI platform: Services').flatMap((r) => [r.Port, r['Target port']]);
    const documented = new Set([...rows.flatMap((r) => numbers(r.Ports)), ...ai, ...others]);
    const opened = new Set(policyFiles.flatMap((f) => [...read(`dist/${f}`).matchAll(/\bport: "?([\w-]+)"?$/gm)].map((m) => m[1])));
    expect(sorted(opened).filter((p) => !documented.has(p))).toEqual([]);
    expect(sorted(others).filter((p) => !opened.has(p))).toEqual([]);
  });
});

test('Ingress and edge: hosts and issuers', () => {
  const rows = table(doc, '### Ingress and edge: hosts');
  expect(sorted(rows.map((r) => r.Environment))).toEqual(sorted(ENVIRONMENTS));
  for (const e of envs) {
    const r = rowOf(rows, 'Environment', e.name);
    expect([r['API host'], r['Tenant hosts'], r['AI platform host'], r['ACME issuer']]).toEqual([
      e.platform.dns.apiHost,
      `<slug>.${e.platform.dns.tenantDomain}`,
      e.aiPlatform.host,
      e.platform.clusterIssuer,
    ]);
  }
});

test('Ingress and edge: routes on the API host (prod)', () => {
  const routes = ['control-plane', 'data-plane', 'frontend'].flatMap((f) => distObjects(`prod/matih-prod/${f}`, (n) => n.startsWith('httproute-')));
  const found = routes.flatMap(({ object: r }) =>
    r.spec.rules.map((rule: Manifest) => {
      expect(rule.matches[0].path.type).toBe('PathPrefix');
      return `${r.metadata.name} ${r.metadata.namespace} ${rule.matches[0].path.value} ${rule.backendRefs[0].name}`;
    }),
  );
  expect(keys(table(doc, '### Ingress and edge: routes on the API host'), 'HTTPRoute', 'Namespace', 'Path', 'Service')).toEqual(sorted(found));
});

test('Kafka: sizing', () => {
  const rows = table(doc, '### Kafka: sizing');
  const pool = (p: Environment['platform']['kafka']['brokers']) => {
    expect(p.resources.limits.memory).toBe(p.resources.requests.memory);
    return `${p.replicas}, ${p.volumes} × ${p.volumeSize}, req ${p.resources.requests.cpu} / ${p.resources.requests.memory}`;
  };
  for (const e of envs) {
    const k = e.platform.kafka;
    const cell = (setting: string) => rowOf(rows, 'Setting', setting)[e.name];
    expect([cell('Controllers'), cell('Brokers'), cell('Replication factor'), cell('min.insync.replicas'), cell('Partitions per topic')]).toEqual([
      pool(k.controllers),
      pool(k.brokers),
      String(k.replicationFactor),
      String(k.minInSyncReplicas),
      String(k.partitions),
    ]);
  }
});

test('Kafka: topics, their producers and consumers (the KafkaUsers of prod)', () => {
  const kafka = distObjects('prod/matih-prod/kafka', (n) => n.startsWith('kafkatopic-') || n.startsWith('kafkauser-')).map((d) => d.object);
  const users = kafka.filter((o) => o.kind === 'KafkaUser');
  const by = (topic: string, op: string) =>
    users.filter((u) => u.spec.authorization.acls.some((a: Manifest) => a.resource.name === topic && a.operations.includes(op))).map((u) => u.metadata.name);
  const list = (names: string[]) => (names.length ? sorted(names).join(', ') : '–');
  const found = kafka
    .filter((o) => o.kind === 'KafkaTopic')
    .map(
      (t) =>
        `${t.metadata.name} | ${list(by(t.metadata.name, 'Write'))} | ${list(by(t.metadata.name, 'Read'))} | ${t.spec.config['retention.ms'] / 3_600_000} h`,
    );
  const cell = (names: string) => list(names.split(', ').filter((n) => n !== '–'));
  const rows = table(doc, '### Kafka: topics').map((r) => `${r.Topic} | ${cell(r.Producers)} | ${cell(r.Consumers)} | ${r.Retention}`);
  expect(sorted(rows)).toEqual(sorted(found));
});

test('Certificates: what is issued (prod)', () => {
  const certs = distObjects('prod', (n) => n.startsWith('certificate-'));
  for (const { object: c } of certs) {
    expect([c.metadata.name, c.spec.privateKey, c.spec.issuerRef.name]).toEqual([
      c.metadata.name,
      { algorithm: 'ECDSA', rotationPolicy: 'Always', size: 256 },
      prod.platform.clusterIssuer,
    ]);
  }
  const found = certs.map(({ file, object: c }) => `${c.spec.secretName} ${c.metadata.namespace} ${c.spec.dnsNames.join(', ')} ${file.split('/')[1]}`);
  expect(keys(table(doc, '### Certificates: what is issued'), 'Certificate = Secret', 'Namespace', 'DNS name (prod)', 'Cluster')).toEqual(sorted(found));
});

test('Workload Identity: the identities config/systems.ts requires, each reaching dist/ on its clusters', () => {
  const rows = table(doc, '### Workload Identity');
  const systemOf = (id: string) => Object.entries(SYSTEM_IDENTITIES).find(([, ids]) => ids.includes(id))?.[0];
  expect(sorted(rows.map((r) => r['Identity (Terraform key)']))).toEqual(sorted(new Set([...CLUSTER_IDENTITIES, ...Object.values(SYSTEM_IDENTITIES).flat()])));
  for (const r of rows) {
    const id = r['Identity (Terraform key)'];
    expect(`${id}: ${r.Clusters}`).toBe(`${id}: ${CLUSTER_IDENTITIES.includes(id) ? 'every cluster' : `clusters running ${systemOf(id)}`}`);
  }
  for (const { e, c } of clusters) {
    const texts = [
      ...distFiles(`${e.name}/${c.name}`, (n) => n.startsWith('serviceaccount-') || n.startsWith('clusterissuer-')),
      ...distFiles(`${e.name}/${e.platform.gitops.managementCluster}/argocd`, (n) => n.startsWith(`application-${c.name}-`)),
    ].map((f) => read(`dist/${f}`));
    const needed = [...CLUSTER_IDENTITIES, ...c.settings.systems.flatMap((s) => SYSTEM_IDENTITIES[s])];
    for (const id of needed)
      expect(`${c.name} ${id}: ${texts.some((t) => t.includes(c.terraform.workloadIdentityClientIds[id])) ? 'used' : 'unused'}`).toBe(`${c.name} ${id}: used`);
  }
});

test('Tenants: tiers', () => {
  const rows = table(doc, '### Tenants: tiers');
  const pair = (p: { cpu: string; memory: string }) => `${p.cpu} / ${p.memory}`;
  for (const e of envs) {
    expect(sorted(rows.map((r) => r.Tier))).toEqual(sorted(Object.keys(e.platform.tenantTiers)));
    for (const [tier, t] of Object.entries(e.platform.tenantTiers)) {
      const q = t.quota;
      const c = t.container;
      expect(Object.values(rowOf(rows, 'Tier', tier))).toEqual([
        tier,
        t.pool,
        q.requestsCpu,
        q.requestsMemory,
        q.limitsCpu,
        q.limitsMemory,
        String(q.pods),
        String(q.persistentVolumeClaims),
        q.requestsStorage,
        pair(c.defaultRequest),
        pair(c.default),
        pair(c.max),
      ]);
    }
  }
});

test('Tenants: current tenants', () => {
  const tenants = parseTenants(read('config/tenants.yaml'));
  expect(table(doc, '### Tenants: current tenants').map((r) => Object.values(r))).toEqual(
    tenants.map((t) => [t.slug, t.displayName, t.tier, t.environments.join(', '), t.dedicatedIngress?.resourceGroup ?? '–', t.acr ?? '–']),
  );
});

test('Argo CD: sync waves (prod)', () => {
  const rows = table(doc, '### Argo CD: sync waves');
  const listed = (wave: string) =>
    rowOf(rows, 'Wave', wave)
      ['Applications (without the <cluster>- prefix)'].replace(/ \(.*\)$/, '')
      .split(', ');
  const apps = distObjects('prod/matih-prod/argocd', (n) => n.startsWith('application-')).map((d) => d.object);
  const shortName = (name: string) => prod.clusters.map((c) => `${c.name}-`).reduce((n, p) => (n.startsWith(p) ? n.slice(p.length) : n), name);
  for (const a of apps) {
    const wave = a.metadata.annotations['argocd.argoproj.io/sync-wave'];
    expect(`${a.metadata.name} in wave ${wave}: ${listed(wave).includes(shortName(a.metadata.name)) ? 'listed' : 'not listed'}`).toBe(
      `${a.metadata.name} in wave ${wave}: listed`,
    );
  }
  const all = new Set(apps.map((a) => shortName(a.metadata.name)));
  expect(rows.flatMap((r) => listed(r.Wave)).filter((n) => !all.has(n))).toEqual([]);
});

test('Orchestration stack: the chart versions are the pinned ones, and every pinned chart is named', () => {
  const text = sectionLines(doc, '## Orchestration stack').join('\n');
  const named = [...text.matchAll(/chart\s+`([a-z0-9-]+)`\s+(v?\d[\w.-]*)/g)].map((m) => `${m[1]} ${m[2]}`);
  const argocd = distObject('prod/bootstrap/argocd-release.yaml');
  const pinned = [...Object.values(prod.platform.operatorCharts).map((c) => `${c.chart} ${c.version}`), `${argocd.chart} ${argocd.version}`];
  expect(sorted(new Set(named))).toEqual(sorted(pinned));
});
