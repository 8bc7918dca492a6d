/** Where the operators run, and when Argo CD installs them. */
import { AKS_AGENT_POOL_LABEL } from '../../lib/node-pool';
import type { ClusterContext } from '../context';

/** The sync wave of the operators: after the namespaces, before what uses their CRDs. */
export const WAVE_OPERATORS = 1;

/** The node selector of the cluster's system pool, where every operator runs. */
export function systemPool(ctx: ClusterContext): Record<string, string> {
  return { [AKS_AGENT_POOL_LABEL]: ctx.pool('system', 'the operators').name };
}
