/**
 * What every MATIH chart shares: the environment, one output folder per chart, and a
 * factory that turns a catalogue entry plus the environment's settings into a ServiceWorkload.
 */
import { App, Chart } from 'cdk8s';
import type { Environment, PlatformConfig, PoolName, ServiceName } from '../config';
import { registerFolder } from '../lib/render/render';
import { Dependency, ServiceWorkload, ServiceWorkloadProps } from '../lib/service-workload';
import type { MetricsSpec, ProbeSpec, SecretKeyRef, ServicePortSpec } from '../lib/workload-spec';

/** `app.kubernetes.io/managed-by` on everything this repository renders. */
export const MANAGED_BY = 'matih-manifests';

/** Argo CD sync options that keep a resource when it disappears from git or its app is deleted. */
export const PROTECT_ANNOTATIONS = { 'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false' } as const;

/** The Argo CD AppProject of an environment's own folders (this repository only). */
export function appProjectName(env: string): string {
  return `matih-${env}`;
}

/** The Argo CD AppProject of the root app-of-apps: Applications and AppProjects in argocd only. */
export function rootProjectName(env: string): string {
  return `matih-${env}-apps`;
}

/** The Argo CD AppProject of the tenants' dedicated ingress controllers. */
export function tenantIngressProjectName(env: string): string {
  return `matih-${env}-tenant-ingress`;
}

/** The Argo CD AppProject of the upstream Helm charts (their repositories only). */
export function operatorProjectName(env: string): string {
  return `matih-${env}-operators`;
}

/** A chart that renders into `dist/<env>/<folder>/`, one Argo CD application. */
export class PlatformChart extends Chart {
  public readonly cfg: PlatformConfig;

  constructor(scope: App, public readonly folder: string, public readonly env: Environment, homeNamespace?: string) {
    super(scope, folder, { disableResourceNameHashes: true });
    this.cfg = env.config;
    registerFolder(this, { folder, homeNamespace });
  }
}

/** One MATIH service as the catalogue declares it; sizes and tags come from the environment. */
export interface ServiceDeclaration {
  readonly name: ServiceName;
  readonly namespace: string;
  readonly pool: PoolName;
  readonly component: string;
  readonly ports: readonly ServicePortSpec[];
  readonly readiness: ProbeSpec;
  readonly liveness: ProbeSpec;
  readonly startup?: ProbeSpec;
  readonly metrics?: MetricsSpec;
  /** Mount path of the data volume; makes it a StatefulSet. */
  readonly dataPath?: string;
  readonly writablePaths?: readonly string[];
  readonly runAsUser?: number;
  /** Uses the Workload Identity whose client ID Terraform outputs under the service's name. */
  readonly workloadIdentity?: boolean;
  readonly env?: Readonly<Record<string, string>>;
  readonly secretEnv?: Readonly<Record<string, SecretKeyRef>>;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly dependencies?: readonly Dependency[];
}

/** Builds a ServiceWorkload from a declaration and the chart's environment. */
export function platformService(chart: PlatformChart, decl: ServiceDeclaration): ServiceWorkload {
  const { cfg } = chart;
  const { terraform } = chart.env;
  const settings = cfg.services[decl.name];
  let workloadIdentity: ServiceWorkloadProps['workloadIdentity'];
  if (decl.workloadIdentity) {
    const clientId = terraform.workloadIdentityClientIds[decl.name];
    if (!clientId) {
      throw new Error(`config/terraform/${cfg.environment}.json: workload_identity_client_ids.value.${decl.name} is required: service "${decl.name}" declares a Workload Identity`);
    }
    workloadIdentity = { clientId };
  }
  if (decl.dataPath && !settings.storageSize) {
    throw new Error(`config/base.ts: services.${decl.name}.storageSize is required: service "${decl.name}" keeps data at ${decl.dataPath}`);
  }
  return new ServiceWorkload(chart, decl.name, {
    name: decl.name,
    namespace: decl.namespace,
    component: decl.component,
    partOf: cfg.partOf,
    managedBy: MANAGED_BY,
    image: { registry: `${terraform.acrLoginServer}/${cfg.registry.repositoryPrefix}`, repository: decl.name, tag: settings.tag },
    imagePullSecrets: cfg.registry.pullSecrets,
    ports: decl.ports,
    replicas: settings.replicas,
    autoscaling: settings.autoscaling === false ? undefined : settings.autoscaling,
    resources: settings.resources,
    nodePool: cfg.nodePools[decl.pool],
    readiness: decl.readiness,
    liveness: decl.liveness,
    startup: decl.startup,
    metrics: decl.metrics,
    storage: decl.dataPath
      ? { mountPath: decl.dataPath, size: settings.storageSize!, storageClassName: cfg.storageClassName }
      : undefined,
    workloadAnnotations: decl.dataPath ? PROTECT_ANNOTATIONS : undefined,
    writablePaths: decl.writablePaths,
    runAsUser: decl.runAsUser,
    workloadIdentity,
    env: decl.env,
    secretEnv: decl.secretEnv,
    command: decl.command,
    args: decl.args,
    dependencies: decl.dependencies,
  });
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
