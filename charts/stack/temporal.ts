/**
 * Temporal (chart 1.6.0, server 1.31.2) persisting to the platform PostgreSQL, its own
 * databases and role, the password from Key Vault (docs/stack.md#temporal). The chart has
 * no bundled databases since 1.0; its schema Job creates both databases and applies the
 * schema on every sync (a PreSync hook under Argo CD). Only the services declared as its
 * clients reach the frontend (docs/platform.md#temporal-clients).
 */
import { IntOrString, KubeNetworkPolicy, KubeServiceAccount } from '../../imports/k8s';
import { placementFor } from '../../lib/node-pool';
import { ChartService } from '../../lib/workload/chart-service';
import { WorkloadPolicies } from '../../lib/workload/policies';
import type { IService } from '../../lib/workload/props';
import type { ResourceSpec } from '../../lib/workload/spec';
import { WAVES } from '../argocd/folders';
import type { ClusterContext } from '../context';
import type { HelmRelease } from '../operators/release';
import { prometheusPeer } from '../peers';
import { addKeyVaultSecret } from '../secret-stores';

const TEMPORAL_RELEASE = 'temporal';
/** The Secret (from Key Vault `temporal-db-password`) with the database role's password. */
const TEMPORAL_DB_SECRET = 'temporal-db';
/** After the platform PostgreSQL (services wave): the schema Job runs first in the sync and needs it. */
const WAVE_TEMPORAL = WAVES.services + 1;
/** Labels of every pod of the release. */
const TEMPORAL_POD_LABELS = { 'app.kubernetes.io/instance': TEMPORAL_RELEASE, 'app.kubernetes.io/name': 'temporal' } as const;
/** The pods that open database connections: the server's and the schema Job's (our label, through the chart's podLabels). */
const DB_CLIENT_LABELS = { 'matih.ai/temporal-db-client': 'true' } as const;
const SERVER_LABELS = { 'matih.ai/temporal-role': 'server' } as const;
/** The server pods and their metrics port, which Prometheus scrapes (the chart's ServiceMonitors). */
export const TEMPORAL_METRICS = { podLabels: SERVER_LABELS, port: 9090 } as const;
/** Ringpop membership (6933-6939) and gRPC (7233-7246) of the server components, pod to pod. */
const SERVER_PORT_RANGES = [
  [6933, 6939],
  [7233, 7246],
] as const;
type TemporalService = 'frontend' | 'history' | 'matching' | 'worker';
/** Connections per server pod to each store: the platform PostgreSQL serves every MATIH service too. */
const MAX_CONNS = { default: 5, visibility: 2 } as const;

interface PodSecurity {
  readonly runAsNonRoot: true;
  readonly runAsUser: number;
  readonly runAsGroup: number;
  readonly fsGroup: number;
  readonly seccompProfile: { readonly type: 'RuntimeDefault' };
}
interface ContainerSecurity {
  readonly allowPrivilegeEscalation: false;
  readonly capabilities: { readonly drop: readonly string[] };
  readonly readOnlyRootFilesystem: true;
}
interface Placement {
  readonly nodeSelector: Record<string, string>;
  readonly tolerations: readonly object[];
}
interface ServiceValues {
  readonly replicaCount: number;
  readonly resources: object;
  readonly containerSecurityContext: ContainerSecurity;
  readonly podDisruptionBudget: { readonly maxUnavailable?: number };
  readonly topologySpreadConstraints: readonly object[];
}
interface SqlStore {
  readonly sql: {
    readonly createDatabase: boolean;
    readonly manageSchema: boolean;
    readonly pluginName: 'postgres12';
    readonly databaseName: string;
    readonly connectAddr: string;
    readonly connectProtocol: 'tcp';
    readonly user: string;
    readonly existingSecret: string;
    readonly secretKey: string;
    readonly maxConns: number;
    readonly maxIdleConns: number;
    readonly maxConnLifetime: string;
  };
}

/** Values of the temporal chart that the platform sets. */
export interface TemporalValues {
  readonly serviceAccount: { readonly create: false; readonly name: string };
  readonly shims: { readonly dockerize: boolean; readonly elasticsearchTool: boolean };
  readonly server: Placement & {
    readonly versionCheckDisabled: boolean;
    readonly securityContext: PodSecurity;
    readonly podLabels: Record<string, string>;
    readonly metrics: { readonly serviceMonitor: { readonly enabled: boolean } };
    readonly config: {
      readonly logLevel: string;
      readonly persistence: {
        readonly defaultStore: 'default';
        readonly visibilityStore: 'visibility';
        readonly numHistoryShards: number;
        readonly datastores: { readonly default: SqlStore; readonly visibility: SqlStore };
      };
    };
  } & Record<TemporalService, ServiceValues>;
  readonly admintools: Placement & { readonly enabled: boolean };
  readonly web: Placement & {
    readonly enabled: boolean;
    readonly securityContext: PodSecurity;
    readonly containerSecurityContext: ContainerSecurity;
    readonly resources: object;
  };
  readonly schema: {
    readonly backoffLimit: number;
    readonly activeDeadlineSeconds: number;
    readonly podLabels: Record<string, string>;
    readonly securityContext: PodSecurity;
    readonly containerSecurityContext: ContainerSecurity;
    readonly resources: object;
  };
}

const k8sResources = (r: ResourceSpec) => ({ requests: { ...r.requests }, limits: { ...r.limits } });

export function temporalRelease(ctx: ClusterContext, postgresql: IService): HelmRelease {
  const s = ctx.platform.stack.temporal;
  const pool = placementFor(ctx.pool(s.pool, 'Temporal'));
  const placement: Placement = { nodeSelector: pool.nodeSelector, tolerations: pool.tolerations ?? [] };
  // the images' user is the name `temporal` (uid 1000): runAsNonRoot needs the number to verify it
  const pod: PodSecurity = { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } };
  const container: ContainerSecurity = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true };
  const pg = postgresql.port();
  const store = (databaseName: string, maxConns: number): SqlStore => ({
    sql: {
      // the chart's schema Job creates the database (the role needs CREATEDB) and applies every schema version, idempotently
      createDatabase: true,
      manageSchema: true,
      pluginName: 'postgres12',
      databaseName,
      connectAddr: `${postgresql.name}.${postgresql.namespace}.svc.cluster.local:${pg.port}`,
      connectProtocol: 'tcp',
      user: s.database.user,
      existingSecret: TEMPORAL_DB_SECRET,
      secretKey: 'password',
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  const service = (name: TemporalService): ServiceValues => {
    const { replicas, resources } = s[name];
    return {
      replicaCount: replicas,
      resources: k8sResources(resources),
      containerSecurityContext: container,
      podDisruptionBudget: replicas > 1 ? { maxUnavailable: 1 } : {},
      topologySpreadConstraints:
        replicas > 1
          ? [
              {
                maxSkew: 1,
                topologyKey: 'topology.kubernetes.io/zone',
                whenUnsatisfiable: 'ScheduleAnyway',
                labelSelector: { matchLabels: { ...TEMPORAL_POD_LABELS, 'app.kubernetes.io/component': name } },
              },
            ]
          : [],
    };
  };
  const values: TemporalValues = {
    // default create false, name null (the namespace's `default`): ours, without a token
    serviceAccount: { create: false, name: TEMPORAL_RELEASE },
    // default true: PreSync ConfigMaps for images before 1.30 (values.yaml: "Set to false if using Temporal 1.30 or higher")
    shims: { dockerize: false, elasticsearchTool: false },
    server: {
      // default unset: no daily call to version-info.temporal.io, so no internet egress
      versionCheckDisabled: true,
      // default {fsGroup: 1000, runAsUser: 1000}: not `restricted`
      securityContext: pod,
      ...placement,
      // default {}
      podLabels: { ...DB_CLIENT_LABELS, ...SERVER_LABELS },
      // default false
      metrics: { serviceMonitor: { enabled: true } },
      config: {
        // default "debug,info"
        logLevel: 'info',
        persistence: {
          defaultStore: 'default',
          visibilityStore: 'visibility',
          // default 512; fixed once the database is set up
          numHistoryShards: s.numHistoryShards,
          // default: none configured (the chart fails without a store)
          datastores: { default: store(s.database.default, MAX_CONNS.default), visibility: store(s.database.visibility, MAX_CONNS.visibility) },
        },
      },
      frontend: service('frontend'),
      history: service('history'),
      matching: service('matching'),
      worker: service('worker'),
    },
    // default true (a shell pod); its placement still places the schema Job
    admintools: { enabled: false, ...placement },
    web: {
      // default true: the UI has no login of its own (stack.temporal.ui)
      enabled: s.ui,
      securityContext: pod,
      containerSecurityContext: container,
      ...placement,
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
    },
    schema: {
      // default 100 and no deadline: a missing Secret would hold the PreSync hook, and the sync, forever
      backoffLimit: 6,
      activeDeadlineSeconds: 900,
      podLabels: { ...DB_CLIENT_LABELS },
      securityContext: pod,
      containerSecurityContext: container,
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
    },
  };
  return {
    name: TEMPORAL_RELEASE,
    chart: ctx.platform.operatorCharts.temporal,
    releaseName: TEMPORAL_RELEASE,
    namespace: ctx.platform.namespaces.temporal,
    values,
    wave: WAVE_TEMPORAL,
    project: 'operators',
  };
}

/**
 * The `temporal-prereqs` folder (before the release's wave): its ServiceAccount, the database
 * password from Key Vault, and the flows: server to server, server and schema Job to
 * PostgreSQL, Prometheus to the server. Returns the frontend, for the clients to declare.
 */
export function addTemporal(ctx: ClusterContext, postgresql: IService): ChartService {
  const ns = ctx.platform.namespaces.temporal;
  const chart = ctx.chart('temporal-prereqs', ns);
  const labels = ctx.labels();
  new KubeServiceAccount(chart, 'ServiceAccount', { metadata: { name: TEMPORAL_RELEASE, namespace: ns, labels }, automountServiceAccountToken: false });
  addKeyVaultSecret(ctx, chart, { name: TEMPORAL_DB_SECRET, namespace: ns, keys: ['password'] });

  const all = { matchLabels: { ...TEMPORAL_POD_LABELS } };
  const ranges = SERVER_PORT_RANGES.map(([port, endPort]) => ({ port: IntOrString.fromNumber(port), endPort, protocol: 'TCP' }));
  new KubeNetworkPolicy(chart, 'Internal', {
    metadata: { name: 'allow-temporal-internal', namespace: ns, labels },
    spec: {
      podSelector: all,
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: all }], ports: ranges }],
      egress: [{ to: [{ podSelector: all }], ports: ranges }],
    },
  });
  const dbClients = new WorkloadPolicies(chart, 'DatabaseClients', { name: 'temporal-db-clients', namespace: ns, selector: DB_CLIENT_LABELS, labels });
  const pgPort = { port: postgresql.port().targetPort ?? postgresql.port().port };
  dbClients.allowEgressTo(postgresql.peer, [pgPort]);
  postgresql.allowIngressFrom({ name: 'temporal', namespace: ns, podLabels: DB_CLIENT_LABELS }, [pgPort]);
  const server = new WorkloadPolicies(chart, 'Server', { name: 'temporal-server', namespace: ns, selector: SERVER_LABELS, labels });
  server.allowIngressFrom(prometheusPeer(ctx), [{ port: TEMPORAL_METRICS.port }]);

  return new ChartService(chart, 'Frontend', {
    name: `${TEMPORAL_RELEASE}-frontend`,
    namespace: ns,
    ports: [{ name: 'grpc-rpc', port: 7233, appProtocol: 'grpc' }],
    podLabels: { ...TEMPORAL_POD_LABELS, 'app.kubernetes.io/component': 'frontend' },
    labels,
  });
}
