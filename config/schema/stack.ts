/**
 * The rest of the platform's stack on a MATIH cluster (docs/stack.md): Crossplane with the
 * Azure provider family, KubeRay and the AI workloads' Ray cluster, Temporal, and Kyverno's
 * tenant placement.
 */
import { z } from 'zod';
import { dnsLabel, pinnedTag, registryPath, resources } from './formats';

/** `azure.upbound.io` (the family's own provider) or `<service>.azure.upbound.io` (provider-azure-<service>). */
export const AZURE_GROUP = /^(?:([a-z0-9]+)\.)?azure\.upbound\.io$/;
const sqlIdentifier = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'must be a PostgreSQL identifier: lower-case letters, digits and _, starting with a letter');
const replicas = (max: number) => z.number().int().min(1).max(max);

const crossplane = z.strictObject({
  /** Registry and organisation of the provider packages (the community builds; Upbound's registry keeps only the latest release free). */
  packageRegistry: z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}(\/[a-z0-9-]+)+$/, 'must be a registry path such as xpkg.crossplane.io/crossplane-contrib'),
  /** The provider family's release; every member of the family shares it. */
  providerVersion: z.string().regex(/^v\d+\.\d+\.\d+$/, 'must be a pinned release such as v2.7.0'),
  /**
   * The managed resources infrastructure-service creates, as plural resource names per API
   * group: each group's provider is installed, and infrastructure-service may manage exactly
   * these resources and nothing else of Crossplane.
   */
  managedResources: z.record(
    z.string().regex(AZURE_GROUP, 'must be azure.upbound.io or <service>.azure.upbound.io (a group of the Azure provider family)'),
    z
      .array(z.string().regex(/^[a-z][a-z0-9]*$/, 'must be a plural resource name such as accounts'))
      .min(1)
      .refine((r) => new Set(r).size === r.length, 'must not repeat a resource'),
  ),
});

const ray = z.strictObject({
  /** Whether this environment runs the AI workloads' Ray cluster (and the KubeRay operator). */
  enabled: z.boolean(),
  /** The Ray release of the images (KubeRay derives behaviour from it). */
  rayVersion: z.string().regex(/^\d+\.\d+\.\d+$/, 'must be a Ray release such as 2.52.0'),
  /** The Ray images, mirrored into the platform's ACR: `<acr>/<repository>:<tag>`; GPU workers use `gpuTag`. */
  image: z.strictObject({ repository: registryPath, tag: pinnedTag, gpuTag: pinnedTag }),
  /** The head: the cluster's GCS, dashboard and autoscaler; it runs no tasks. */
  head: z.strictObject({ pool: dnsLabel, resources }),
  /** The GPU worker group the autoscaler scales between `minReplicas` and `maxReplicas`. */
  gpuWorkers: z
    .strictObject({
      pool: dnsLabel,
      minReplicas: z.number().int().min(0).max(100),
      maxReplicas: z.number().int().min(1).max(100),
      /** `nvidia.com/gpu` per worker (requests and limits alike). */
      gpusPerWorker: z.number().int().min(1).max(8),
      resources,
    })
    .superRefine((w, ctx) => {
      if (w.minReplicas > w.maxReplicas)
        ctx.addIssue({ code: 'custom', path: ['maxReplicas'], message: `must be at least minReplicas (${w.minReplicas})`, input: w.maxReplicas });
    }),
  /** Seconds a worker stays idle before the autoscaler removes it. */
  idleTimeoutSeconds: z.number().int().min(30).max(86400),
});

const temporalService = z.strictObject({ replicas: replicas(20), resources });

const temporal = z.strictObject({
  /** History shards: fixed when the database is first set up, and never changeable afterwards. */
  numHistoryShards: z.number().int().min(1).max(16384),
  /** The node pool of the server and the schema Job. */
  pool: dnsLabel,
  frontend: temporalService,
  history: temporalService,
  matching: temporalService,
  worker: temporalService,
  /** The platform PostgreSQL's databases and role of Temporal (its password comes from Key Vault). */
  database: z.strictObject({ default: sqlIdentifier, visibility: sqlIdentifier, user: sqlIdentifier }),
  /**
   * Run the Temporal web UI, for the platform entry. Off by default: the UI has no login of
   * its own. Its route on the entry comes with the Gateway API edge; until then it is only
   * reachable inside the cluster.
   */
  ui: z.boolean(),
});

const kyverno = z.strictObject({
  /** Admission controller replicas: its webhooks fail closed, so production runs three (Kyverno's HA installation). */
  admissionReplicas: replicas(5),
  /**
   * Pools whose taint only the namespaces the tenant model places there may tolerate (and the
   * platform's own namespaces whose services run there).
   */
  reservedPools: z.array(dnsLabel),
  /** Namespaces Kyverno's webhooks never see, besides kube-system and its own (node agents that tolerate every taint). */
  excludedNamespaces: z.array(dnsLabel),
});

export const stackSchema = z.strictObject({ crossplane, ray, temporal, kyverno });
export type StackSettings = z.infer<typeof stackSchema>;
