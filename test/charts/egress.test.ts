import { ENVIRONMENTS } from '../../config';
import { INTERNET_EGRESS_REASON, isDefaultRoute } from '../../lib/network/network-policy';
import { renderEnvironments } from '../../tools/synth';
import { env } from '../helpers';
import { readRepoFile } from '../files';

const rendered = renderEnvironments(ENVIRONMENTS, readRepoFile).filter((f) => !f.handoff);

interface Policy {
  metadata: { name: string; namespace: string; annotations?: Record<string, string> };
  spec: {
    podSelector: { matchLabels?: Record<string, string> };
    egress?: Array<{ to?: Array<{ ipBlock?: { cidr: string; except?: string[] } }>; ports?: Array<{ port: number }> }>;
  };
}

/** The egress ipBlocks of every NetworkPolicy of a cluster, with the policy and the rule's ports. */
function egressBlocks(name: string, cluster: string) {
  const policies = rendered
    .filter((f) => f.path.startsWith(`${name}/${cluster}/`) && f.object.kind === 'NetworkPolicy')
    .map((f) => f.object as unknown as Policy);
  return policies.flatMap((p) =>
    (p.spec.egress ?? []).flatMap((rule) =>
      (rule.to ?? [])
        .flatMap((peer) => (peer.ipBlock ? [peer.ipBlock] : []))
        .map((block) => ({
          policy: `${p.metadata.namespace}/${p.metadata.name}`,
          object: p,
          block,
          ports: (rule.ports ?? []).map((x) => x.port),
        })),
    ),
  );
}

describe.each(ENVIRONMENTS.map((e) => [e]))('egress in %s', (name) => {
  const e = env(name);
  test.each(e.clusters.map((c) => [c.name, c] as const))(
    '%s: the API server is its one /32, never an except; every namespace with a watcher reaches it',
    (_n, cluster) => {
      const blocks = egressBlocks(name, cluster.name);
      const api = `${cluster.terraform.apiServerIp}/32`;
      const toApi = blocks.filter((b) => b.block.cidr === api);
      expect(toApi.length).toBeGreaterThan(0);
      for (const b of toApi)
        expect({ policy: b.policy, except: b.block.except, ports: b.ports }).toEqual({ policy: b.policy, except: undefined, ports: [443] });
      // an except naming the API server would take it out of nothing but a default route, which never carries it
      for (const b of blocks) expect((b.block.except ?? []).includes(api)).toBe(false);
      const namespaces = new Set(toApi.map((b) => b.object.metadata.namespace));
      const ops = e.platform.operatorNamespaces;
      const watchers = [
        ops.certManager,
        ops.externalSecrets,
        e.platform.namespaces.ingress,
        e.platform.namespaces.monitoring,
        ...(cluster.settings.systems.includes('matih') ? [ops.strimzi, e.platform.namespaces.kafka] : []),
      ];
      for (const ns of watchers) expect({ ns, reaches: namespaces.has(ns) }).toEqual({ ns, reaches: true });
    },
  );

  test.each(e.clusters.map((c) => [c.name, c] as const))(
    '%s: the internet only for the pods that call Azure, ACME or vendors, each by its own policy with a reason',
    (_n, cluster) => {
      const open = egressBlocks(name, cluster.name).filter((b) => isDefaultRoute(b.block.cidr));
      for (const b of open) {
        expect({ policy: b.policy, reason: typeof b.object.metadata.annotations?.[INTERNET_EGRESS_REASON] }).toEqual({ policy: b.policy, reason: 'string' });
        // one workload (or one chart component) per policy: a label selector, never every pod
        expect(Object.keys(b.object.spec.podSelector.matchLabels ?? {}).length).toBeGreaterThan(0);
        // the cluster's own ranges stay out
        expect(b.block.except).toEqual([cluster.terraform.vnetCidr, cluster.settings.network.serviceCidr]);
      }
      const policies = [...new Set(open.map((b) => `${b.policy} ${b.ports.join(',')}`))].sort();
      const expected = [
        'cert-manager/allow-controller-to-azure 443',
        'external-secrets/allow-controller-to-azure 443',
        'matih-monitoring/allow-grafana-to-azure-monitor 443',
        ...(cluster.settings.systems.includes('matih')
          ? [
              'matih-control-plane/allow-infrastructure-service-to-azure-resource-manager 443',
              'matih-data-plane/allow-ai-service-to-azure-openai 443',
              // Crossplane pulls its packages; the providers call Azure (docs/stack.md)
              'crossplane-system/allow-core-to-registries 443',
              'crossplane-system/allow-packages-to-azure 443',
            ]
          : []),
        ...(cluster.settings.systems.includes('maia-runner')
          ? ['maia-runner/allow-maia-runner-to-internet 443', 'maia-runner/allow-maia-runner-to-snowflake-http 80']
          : []),
        ...(cluster.settings.systems.includes('ai-platform')
          ? ['agent', 'assistant', 'gateway', 'knowledge', 'research'].map((s) => `ai-platform/allow-${s}-service-to-azure-openai 443`)
          : []),
      ].sort();
      expect(policies).toEqual(expected);
    },
  );
});
