/**
 * The AI platform's contract (issue 19.6): the tables of docs/platform.md#ai-platform, row by
 * row, against the rendered folder of every environment. The document is the expected value:
 * a change to the code that the document does not follow (or the reverse) fails here.
 */
import type { EnvironmentName } from '../../config';
import { folderObjects } from '../helpers';
import { readRepoFile } from '../files';
import type { Manifest } from './dist-clusters';

const NS = 'ai-platform';
const doc = readRepoFile('docs/platform.md');

/** The first Markdown table under `### AI platform: <title>`, as rows of cells keyed by header (backticks removed). */
function table(title: string): Record<string, string>[] {
  const start = doc.indexOf(`\n### AI platform: ${title}\n`);
  if (start < 0) throw new Error(`docs/platform.md has no section "AI platform: ${title}"`);
  const lines = doc.slice(start).split('\n').slice(2);
  const first = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(first)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .slice(1, -1)
        .split('|')
        .map((c) => c.trim().replace(/`/g, '')),
    );
  }
  const [header, , ...body] = rows;
  return body.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i]])));
}

const services = table('Services');
const entry = table('entry');
const gatewayEnv = table('environment variables of gateway-service');
const sizing = table('sizing');
const probes = table('probes');

test('docs/platform.md holds every table of the contract', () => {
  expect([services.length, entry.length, gatewayEnv.length, sizing.length, probes.length]).toEqual([7, 1, 10, 7, 10]);
  // the seed's names
  expect(services.map((s) => s.Service)).toEqual(expect.arrayContaining(['gateway-service', 'knowledge-service', 'redis-service']));
});

describe.each(['dev', 'staging', 'prod'] as const)('the %s AI platform follows docs/platform.md', (name: EnvironmentName) => {
  const objs = folderObjects(name, NS, `ai-platform-${name}`);
  const get = (kind: string, n: string) => {
    const hit = objs.filter((o) => o.kind === kind && o.metadata.name === n && o.metadata.namespace === NS);
    if (hit.length !== 1) throw new Error(`${name}: expected one ${kind} ${n}, found ${hit.length}`);
    return hit[0];
  };
  const workload = (ref: string) => {
    const [kind, n] = ref.split(' ');
    return get(kind, n);
  };

  test.each(services.map((s) => [s.Service, s] as const))('Service %s: port, target, workload, container', (_, row) => {
    const svc = get('Service', row.Service);
    expect(svc.spec.type).toBe('ClusterIP');
    const w = workload(row.Workload);
    const tpl = w.spec.template;
    // the Service selects the workload's pods
    expect(Object.entries(svc.spec.selector).every(([k, v]) => tpl.metadata.labels[k] === v)).toBe(true);
    const main = tpl.spec.containers[0];
    expect(main.name).toBe(row.Container);
    const port = svc.spec.ports[0];
    expect(port.port).toBe(Number(row.Port));
    const target = typeof port.targetPort === 'string' ? main.ports.find((p: Manifest) => p.name === port.targetPort).containerPort : port.targetPort;
    expect(target).toBe(Number(row['Target port']));
  });

  test("the entry routes to the gateway Service's port 80", () => {
    const [row] = entry;
    const route = get('HTTPRoute', row.HTTPRoute);
    const [gatewayNamespace, gateway] = row.Gateway.split('/');
    expect(route.spec.parentRefs.map((p: Manifest) => [p.namespace, p.name])).toEqual([[gatewayNamespace, gateway]]);
    const [rule] = route.spec.rules;
    const [match] = rule.matches;
    const [backend] = rule.backendRefs;
    expect([match.path.value, match.path.type, backend.name]).toEqual([row.Path, row['Path type'], row['Backend Service']]);
    const svc = get('Service', row['Backend Service']);
    expect(svc.spec.ports.find((p: Manifest) => p.port === backend.port)?.port).toBe(Number(row['Backend port']));
    // proxy-read-timeout, as the route's BackendTrafficPolicy
    const policy = get('BackendTrafficPolicy', row.HTTPRoute);
    expect(policy.spec.targetRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: row.HTTPRoute }]);
    expect(policy.spec.timeout.http.requestTimeout).toBe(row['Request timeout']);
  });

  test('the gateway gets exactly the documented variables', () => {
    const env = get('Deployment', 'gateway-service').spec.template.spec.containers[0].env;
    expect(env.map((e: Manifest) => e.name).sort()).toEqual(gatewayEnv.map((r) => r.Variable).sort());
    for (const row of gatewayEnv) {
      const e = env.find((x: Manifest) => x.name === row.Variable);
      const secret = /^Secret (\S+), key (\S+)$/.exec(row.Value);
      if (secret) expect(e.valueFrom.secretKeyRef).toEqual({ name: secret[1], key: secret[2] });
      else if (row.Variable === 'ENVIRONMENT') expect(row.Value).toContain(`${name} ${e.value}`);
      else expect(e.value).toBe(row.Value);
    }
  });

  test.each(sizing.map((r) => [r.Workload, r] as const))('%s is sized as documented', (_, row) => {
    const deployment = objs.find((o) => (o.kind === 'Deployment' || o.kind === 'StatefulSet') && o.metadata.name === row.Workload);
    expect(deployment.spec.template.spec.containers[0].resources).toEqual({
      requests: { cpu: row['CPU request'], memory: row['Memory request'] },
      limits: { cpu: row['CPU limit'], memory: row['Memory limit'] },
    });
    const hpa = objs.find((o) => o.kind === 'HorizontalPodAutoscaler' && o.metadata.name === row.Workload);
    const bounds = hpa ? [hpa.spec.minReplicas, hpa.spec.maxReplicas] : [deployment.spec.replicas, deployment.spec.replicas];
    expect(bounds).toEqual([Number(row['Min replicas']), Number(row['Max replicas'])]);
    if (hpa)
      expect(hpa.spec.metrics.map((m: Manifest) => [m.resource.name, m.resource.target.averageUtilization])).toEqual([
        ['cpu', 70],
        ['memory', 80],
      ]);
  });

  test.each(probes.map((r) => [`${r.Workload} ${r.Probe}`, r] as const))('%s probe as documented', (_, row) => {
    const c = get('Deployment', row.Workload).spec.template.spec.containers[0];
    const probe = c[`${row.Probe}Probe`];
    const port = typeof probe.httpGet.port === 'string' ? c.ports.find((p: Manifest) => p.name === probe.httpGet.port).containerPort : probe.httpGet.port;
    expect([probe.httpGet.path, port, probe.initialDelaySeconds, probe.periodSeconds, probe.timeoutSeconds, probe.failureThreshold]).toEqual([
      row.Path,
      Number(row.Port),
      Number(row.initialDelaySeconds),
      Number(row.periodSeconds),
      3,
      3,
    ]);
  });
});
