/**
 * Tenant placement, enforced by Kyverno and rendered from the tenant model (docs/stack.md#kyverno):
 * the pods of a tenant namespace go to its tier's pool (node selector and the pool's
 * toleration), matched by the namespace's tier label, so a new tenant or tier needs no edit
 * here; and only the namespaces placed on a reserved pool (the free tier's playground) may
 * tolerate its taint.
 */
import type { TenantTierName } from '../../config';
import { AUTOGEN_ANNOTATION, ClusterPolicy, type PolicyRule } from '../../lib/kyverno/cluster-policy';
import { AKS_AGENT_POOL_LABEL, type Taint } from '../../lib/node-pool';
import { onPhase, Phase } from '../../lib/phases';
import type { ClusterContext } from '../context';
import { TENANT_NAMESPACE_LABEL, TENANT_TIER_LABEL } from '../tenants';

const PLACEMENT_FOLDER = 'placement-policies';
const TENANT_PLACEMENT_POLICY = 'tenant-pool-placement';
const RESERVED_POOLS_POLICY = 'reserved-pool-tolerations';
/** Both fail closed: a pod Kyverno did not see could land outside its tier's pool. */
const WEBHOOK = { failurePolicy: 'Fail', timeoutSeconds: 10 } as const;

/** The `placement-policies` folder; the reserved pools' exceptions are read once every service is declared. */
export function addPlacementPolicies(ctx: ClusterContext): void {
  const chart = ctx.chart(PLACEMENT_FOLDER, ctx.platform.operatorNamespaces.kyverno);
  const labels = ctx.labels();
  const tiers = Object.entries(ctx.platform.tenantTiers).sort(([a], [b]) => (a < b ? -1 : 1)) as Array<[TenantTierName, { pool: string }]>;
  const inTier = (tier: string) => ({ matchLabels: { ...TENANT_NAMESPACE_LABEL, [TENANT_TIER_LABEL]: tier } });

  const rules: PolicyRule[] = tiers.flatMap(([tier, t]) => {
    const pool = ctx.pool(t.pool, `tenant tier ${tier}`);
    // nodeSelector and tolerations are immutable once a pod exists
    const match = { any: [{ resources: { kinds: ['Pod'], operations: ['CREATE'] as const, namespaceSelector: inTier(tier) } }] };
    const selector: PolicyRule = {
      name: `${tier}-node-selector`,
      match,
      skipBackgroundRequests: true,
      // replaces another value of the pool label; other selector keys stay
      mutate: { patchStrategicMerge: { spec: { nodeSelector: { [AKS_AGENT_POOL_LABEL]: pool.name } } } },
    };
    return pool.taint ? [selector, tolerationRule(tier, match, pool.taint)] : [selector];
  });
  new ClusterPolicy(chart, 'TenantPlacement', {
    name: TENANT_PLACEMENT_POLICY,
    labels,
    annotations: {
      // Pods only: a mutated Deployment template would drift from git under Argo CD; the Pods its ReplicaSets create are mutated
      [AUTOGEN_ANNOTATION]: 'none',
      'policies.kyverno.io/title': "Tenant pods run on their tier's pool",
    },
    spec: { admission: true, background: false, emitWarning: false, webhookConfiguration: WEBHOOK, rules },
  });

  onPhase(chart, Phase.COLLECT, () => {
    const reserved = [...ctx.platform.stack.kyverno.reservedPools].sort().map((name) => ctx.pool(name, 'stack.kyverno.reservedPools'));
    const rules = reserved
      .filter((pool) => pool.taint)
      .map((pool): PolicyRule => {
        const taint = pool.taint!;
        const tiersHere = tiers.filter(([, t]) => t.pool === pool.name).map(([tier]) => tier);
        const platform = [
          ...new Set(
            ctx
              .services()
              .filter((s) => s.nodePool.name === pool.name)
              .map((s) => s.namespace),
          ),
        ].sort();
        return {
          name: `${pool.name}-toleration`,
          // tolerations can be added to a running pod
          match: { any: [{ resources: { kinds: ['Pod'], operations: ['CREATE', 'UPDATE'] } }] },
          exclude: {
            any: [
              ...(tiersHere.length
                ? [
                    {
                      resources: {
                        namespaceSelector: {
                          matchLabels: { ...TENANT_NAMESPACE_LABEL },
                          matchExpressions: [{ key: TENANT_TIER_LABEL, operator: 'In' as const, values: tiersHere }],
                        },
                      },
                    },
                  ]
                : []),
              ...(platform.length ? [{ resources: { namespaces: platform } }] : []),
            ],
          },
          skipBackgroundRequests: true,
          validate: {
            failureAction: 'Enforce',
            allowExistingViolations: true,
            message: `Only the namespaces of ${listed([...tiersHere.map((t) => `${t}-tier tenants`), ...platform])} may tolerate the ${pool.name} pool's taint ${taint.key}, or every taint.`,
            deny: {
              conditions: {
                any: [
                  { key: `{{ length(request.object.spec.tolerations[?key=='${taint.key}'] || \`[]\`) }}`, operator: 'GreaterThan', value: 0 },
                  // a toleration without a key and operator Exists tolerates every taint
                  { key: "{{ length(request.object.spec.tolerations[?operator=='Exists' && !key] || `[]`) }}", operator: 'GreaterThan', value: 0 },
                ],
              },
            },
          },
        };
      });
    if (!rules.length) return;
    new ClusterPolicy(chart, 'ReservedPools', {
      name: RESERVED_POOLS_POLICY,
      labels,
      annotations: { 'policies.kyverno.io/title': 'Only the namespaces placed on a reserved pool tolerate its taint' },
      // Kyverno generates the same rule for Deployments, StatefulSets, Jobs and the other Pod controllers, so a bad one fails at sync
      spec: { admission: true, background: true, emitWarning: false, webhookConfiguration: WEBHOOK, rules },
    });
  });
}

/** `a`, `a and b`, `a, b and c`. */
function listed(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * Appends the pool's toleration unless one of the pod's tolerates the taint already (by the
 * Kubernetes rules: the key with Exists or the value, any or the same effect; or no key with
 * Exists). Checking the key alone would leave a pod whose toleration has another effect
 * pending forever. The JSON patch's `-` appends, creating the list if needed.
 */
function tolerationRule(tier: string, match: PolicyRule['match'], taint: Taint): PolicyRule {
  const toleration = { key: taint.key, operator: 'Equal', value: taint.value, effect: taint.effect };
  const tolerating = `(key=='${taint.key}' && (operator=='Exists' || value=='${taint.value}') && (!effect || effect=='${taint.effect}')) || (!key && operator=='Exists')`;
  return {
    name: `${tier}-toleration`,
    match,
    skipBackgroundRequests: true,
    preconditions: { all: [{ key: `{{ length(request.object.spec.tolerations[?${tolerating}] || \`[]\`) }}`, operator: 'Equals', value: 0 }] },
    mutate: { patchesJson6902: `- op: add\n  path: /spec/tolerations/-\n  value: ${JSON.stringify(toleration)}\n` },
  };
}
