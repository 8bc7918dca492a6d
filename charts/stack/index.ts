/**
 * The rest of the platform's stack on a MATIH cluster (docs/stack.md): Crossplane, KubeRay and
 * the AI Ray cluster, Temporal, and Kyverno's tenant placement. The operators and policies
 * come with the cluster's shared infrastructure; what serves MATIH's services comes with them.
 */
import type { ServiceWorkload } from '../../lib/workload/service-workload';
import type { ChartService } from '../../lib/workload/chart-service';
import type { ClusterContext, PlatformChart } from '../context';
import { addCrossplane, crossplaneRelease } from './crossplane';
import { addAiRayCluster, kuberayRelease } from './kuberay';
import { kyvernoRelease } from './kyverno';
import { addPlacementPolicies } from './placement-policies';
import { addStackPolicies, runsStack } from './policies';
import { addTemporal, temporalRelease } from './temporal';

/** The stack's operators, their namespaces' policies and the placement policies (`namespaces` is the cluster's namespaces folder). */
export function addStackInfrastructure(ctx: ClusterContext, namespaces: PlatformChart): void {
  if (!runsStack(ctx)) return;
  ctx.addRelease(crossplaneRelease(ctx));
  ctx.addRelease(kyvernoRelease(ctx));
  if (ctx.platform.stack.ray.enabled) ctx.addRelease(kuberayRelease(ctx));
  addStackPolicies(ctx, namespaces);
  addPlacementPolicies(ctx);
}

/** Temporal on the platform PostgreSQL; returns its frontend, for the services that are its clients. */
export function addTemporalServer(ctx: ClusterContext, postgresql: ServiceWorkload): ChartService {
  ctx.addRelease(temporalRelease(ctx, postgresql));
  return addTemporal(ctx, postgresql);
}

/**
 * What MATIH's services use of the stack once they are declared: Crossplane, with
 * infrastructure-service's RBAC; and where the environment enables it, the Ray cluster,
 * with the AI service as its client (the Ray client and the job API on the dashboard port).
 */
export function connectStack(ctx: ClusterContext, infrastructure: ServiceWorkload, ai: ServiceWorkload): void {
  addCrossplane(ctx, infrastructure);
  if (!ctx.platform.stack.ray.enabled) return;
  const ray = addAiRayCluster(ctx);
  ai.connect(ray, { port: 'client', env: 'RAY_ADDRESS' });
  ai.connect(ray, { port: 'dashboard', env: 'RAY_DASHBOARD_URL' });
}
