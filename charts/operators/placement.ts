/** Where the operators run, and when Argo CD installs them. */
import { AKS_AGENT_POOL_LABEL } from '../../lib/node-pool';
import type { ClusterContext } from '../context';

/**
 * The sync wave of the Prometheus Operator (kube-prometheus-stack): before the other
 * operators, whose charts may render ServiceMonitors (External Secrets' `serviceMonitor.enabled`), a kind
 * whose CRD this chart brings. In one wave, a chart's ServiceMonitor would meet a missing CRD
 * and fail the dry run.
 */
export const WAVE_MONITORING = 1;
/** The sync wave of the other operators: after the namespaces and monitoring, before what uses their CRDs. */
export const WAVE_OPERATORS = 2;

/** The node selector of the cluster's system pool, where every operator runs. */
export function systemPool(ctx: ClusterContext): Record<string, string> {
  return { [AKS_AGENT_POOL_LABEL]: ctx.pool('system', 'the operators').name };
}
