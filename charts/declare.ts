/**
 * The one way to declare a service of any system (MATIH, the Maia runner, the AI platform):
 * the construct's own props, with what the platform resolves (image registry, labels,
 * placement by pool name, Workload Identity by name, replicas or autoscaling, sizes and
 * storage from the environment's settings) in place of the raw fields.
 */
import type { AutoscalingSpec, ContainerImage, ResourceSpec, RollingUpdateSpec } from '../lib/workload/spec';
import type { ServiceWorkloadProps } from '../lib/workload/props';
import { ServiceWorkload } from '../lib/workload/service-workload';
import { MANAGED_BY, type PlatformChart, PROTECT_ANNOTATIONS } from './context';

/** The per-environment settings of one workload. */
export interface WorkloadSettings {
  /** A pinned image tag or digest. */
  readonly tag: string;
  /** A fixed replica count, or the bounds of an HPA that owns the count. */
  readonly replicas: number | AutoscalingSpec;
  readonly resources: ResourceSpec;
  /** Volume size of a store (with `dataPath`). @default none */
  readonly storageSize?: string;
  /** @default the construct's */
  readonly rollingUpdate?: RollingUpdateSpec;
}

/** What a declaration resolves for the platform: see {@link declareService}. */
type Resolved = 'image' | 'nodePool' | 'workloadIdentity' | 'replicas' | 'autoscaling' | 'resources' | 'storage' | 'managedBy' | 'rollingUpdate';

/** A service as its chart declares it: the construct's props, with the resolved fields replaced. */
export type ServiceDeclaration = Omit<ServiceWorkloadProps, Resolved> & {
  /** The node pool the pods run on, by name; it must be one of the cluster's pools. */
  readonly pool: string;
  /** Reaches Azure through the Workload Identity Terraform outputs under the service's name. @default false */
  readonly workloadIdentity?: boolean;
  /** Where its data volume is mounted: a StatefulSet whose volume outlives a mistaken removal. @default none (stateless) */
  readonly dataPath?: string;
  /** Where the image comes from. @default `<acr>/<platform prefix>/<name>` */
  readonly image?: { readonly registry?: string; readonly repository?: string };
  readonly settings: WorkloadSettings;
};

/** Builds a ServiceWorkload from a declaration and the chart's environment and cluster. */
export function declareService(chart: PlatformChart, id: string, decl: ServiceDeclaration): ServiceWorkload {
  const { ctx } = chart;
  const p = ctx.platform;
  const name = decl.name ?? id;
  const { settings, pool, dataPath, image, workloadIdentity, ...rest } = decl;
  if (dataPath && !settings.storageSize) {
    throw new Error(`service "${name}" keeps data at ${dataPath} and needs a storageSize in its settings (config)`);
  }
  return new ServiceWorkload(chart, id, {
    partOf: p.partOf,
    imagePullSecrets: p.registry.pullSecrets,
    ...rest,
    name,
    managedBy: MANAGED_BY,
    image: image
      ? { registry: image.registry ?? platformRegistry(chart), repository: image.repository ?? name, tag: settings.tag }
      : platformImage(chart, name, settings.tag),
    replicas: typeof settings.replicas === 'number' ? settings.replicas : undefined,
    autoscaling: typeof settings.replicas === 'number' ? undefined : settings.replicas,
    resources: settings.resources,
    rollingUpdate: settings.rollingUpdate,
    nodePool: ctx.pool(pool, `service "${name}"`),
    workloadIdentity: workloadIdentity ? { clientId: ctx.identity(name) } : undefined,
    storage: dataPath ? { mountPath: dataPath, size: settings.storageSize!, storageClassName: p.storageClassName } : undefined,
    workloadAnnotations: dataPath ? { ...PROTECT_ANNOTATIONS, ...rest.workloadAnnotations } : rest.workloadAnnotations,
  });
}

/** The platform's registry on the chart's cluster: `<acr>/<platform prefix>`. */
function platformRegistry(chart: PlatformChart): string {
  return `${chart.ctx.terraform.acrLoginServer}/${chart.platform.registry.repositoryPrefix}`;
}

/** A platform image: `<acr>/<platform prefix>/<repository>:<tag>`. */
export function platformImage(chart: PlatformChart, repository: string, tag: string): ContainerImage {
  return { registry: platformRegistry(chart), repository, tag };
}

/** The settings of a MATIH service in this environment. @throws naming the config file when there are none */
export function serviceSettings(chart: PlatformChart, name: string): WorkloadSettings {
  const s = chart.platform.services[name];
  if (!s) throw new Error(`config/base.ts: services.${name} is required: charts declare service "${name}" (add its tag, replicas and resources)`);
  return s;
}

/** The usual ports and probes of a Spring Boot service on `port`. */
export function springBoot(port: number): Pick<ServiceDeclaration, 'ports' | 'readiness' | 'liveness' | 'startup' | 'metrics'> {
  return {
    ports: [{ name: 'http', port }],
    readiness: { http: { path: '/actuator/health/readiness', port: 'http' }, initialDelaySeconds: 5 },
    liveness: { http: { path: '/actuator/health/liveness', port: 'http' }, initialDelaySeconds: 0 },
    startup: { http: { path: '/actuator/health/liveness', port: 'http' }, initialDelaySeconds: 10, periodSeconds: 5, failureThreshold: 30 },
    metrics: { port: 'http', path: '/actuator/prometheus' },
  };
}
