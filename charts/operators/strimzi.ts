/** The Strimzi cluster operator (chart 0.50.1), watching the Kafka namespace only. */
import type { ClusterContext } from '../context';
import type { HelmRelease } from './release';
import { systemPool, WAVE_OPERATORS } from './placement';

/** Values of the strimzi-kafka-operator chart that the platform sets. */
export interface StrimziValues {
  /** the operator pod within Pod Security `restricted` (the chart sets no security context by default) */
  readonly podSecurityContext: { readonly runAsNonRoot: true; readonly seccompProfile: { readonly type: 'RuntimeDefault' } };
  readonly securityContext: {
    readonly allowPrivilegeEscalation: false;
    readonly capabilities: { readonly drop: readonly string[] };
    readonly readOnlyRootFilesystem: true;
    readonly runAsNonRoot: true;
  };
  readonly watchNamespaces: readonly string[];
  readonly watchAnyNamespace: boolean;
  readonly extraEnvs: ReadonlyArray<{ readonly name: string; readonly value: string }>;
  readonly nodeSelector: Record<string, string>;
}

export function strimziRelease(ctx: ClusterContext): HelmRelease {
  const ops = ctx.platform.operatorNamespaces;
  const values: StrimziValues = {
    podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsNonRoot: true },
    watchNamespaces: [ctx.platform.namespaces.kafka],
    watchAnyNamespace: false,
    extraEnvs: [
      // Strimzi's pods get the Pod Security `restricted` security contexts
      { name: 'STRIMZI_POD_SECURITY_PROVIDER_CLASS', value: 'restricted' },
      // its generated NetworkPolicies admit the operator from its own namespace only
      { name: 'STRIMZI_OPERATOR_NAMESPACE_LABELS', value: `kubernetes.io/metadata.name=${ops.strimzi}` },
    ],
    nodeSelector: systemPool(ctx),
  };
  return {
    name: 'strimzi',
    chart: ctx.platform.operatorCharts.strimzi,
    releaseName: 'strimzi',
    namespace: ops.strimzi,
    values,
    wave: WAVE_OPERATORS,
    project: 'operators',
  };
}
