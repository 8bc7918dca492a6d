/**
 * Clusters as data: per environment, the AKS clusters, their region, Kubernetes version,
 * node pools and the systems they run. Terraform provisions them; each has its own outputs
 * file (`config/terraform/<env>/<cluster>.json`).
 */
import { z } from 'zod';
import { azureRegion, cidr, dnsLabel, ipv4, labels, taint } from './formats';

/** The systems a cluster can run. */
export const SYSTEMS = ['matih', 'maia-runner', 'ai-platform'] as const;
export type SystemName = (typeof SYSTEMS)[number];

/** The last rollout group a cluster may be in (Argo CD's root Application syncs after all of them). */
export const MAX_ROLLOUT_GROUP = 9;

/** One AKS node pool: its VM size, autoscaling bounds, taint and labels. */
export const poolSchema = z
  .strictObject({
    /** Azure VM size, e.g. Standard_D8s_v3 (`npm run capacity` knows the sizes of tools/capacity/vm-sizes.ts). */
    vmSize: z.string().regex(/^Standard_[A-Za-z0-9_]+$/, 'must be an Azure VM size such as Standard_D4s_v5'),
    minNodes: z.number().int().min(0).max(1000),
    maxNodes: z.number().int().min(1).max(1000),
    /**
     * Pods per node (AKS max-pods), as Terraform creates the pool; it sets kube-reserved memory
     * (`npm run capacity`). AKS's own default depends on the network plugin: 110 for kubenet and
     * Azure CNI with a pod subnet, 250 for Azure CNI Overlay, 30 for legacy Azure CNI
     * (learn.microsoft.com/azure/aks/concepts-network-ip-address-planning).
     * @default 110
     */
    maxPods: z.number().int().min(10).max(250).default(110),
    taint: taint.optional(),
    labels: labels.optional(),
    /**
     * The availability zones the pool's scale set spans (Terraform `zones`), e.g. ["1", "2", "3"];
     * absent for a pool in no zone. Replicas spread over these (lib/workload/spread.ts).
     */
    zones: z
      .array(z.enum(['1', '2', '3']))
      .min(1)
      .refine((z) => new Set(z).size === z.length, 'must not repeat a zone')
      .optional(),
  })
  .superRefine((p, ctx) => {
    if (p.minNodes > p.maxNodes) ctx.addIssue({ code: 'custom', path: ['maxNodes'], message: `must be at least minNodes (${p.minNodes})`, input: p.maxNodes });
  });
export type PoolSettings = z.infer<typeof poolSchema>;

/** One cluster. */
export const clusterSchema = z.strictObject({
  region: azureRegion,
  /** Kubernetes minor version, e.g. 1.29: Pod Security levels, API deprecations and capacity follow it. */
  kubernetesVersion: z.string().regex(/^1\.(2[89]|3\d)$/, 'must be a Kubernetes minor version such as 1.29'),
  /** AKS node pools by name (the `kubernetes.azure.com/agentpool` label). */
  pools: z.record(dnsLabel, poolSchema).refine((p) => Object.keys(p).length > 0, 'must list at least one pool'),
  systems: z
    .array(z.enum(SYSTEMS))
    .min(1)
    .refine((s) => new Set(s).size === s.length, 'must not repeat a system'),
  network: z.strictObject({
    /** The cluster's Service range. */
    serviceCidr: cidr,
    /** The cluster DNS Service address, inside serviceCidr. */
    dnsServiceIp: ipv4,
  }),
  /**
   * Where in an environment's rollout the cluster comes: Argo CD syncs the clusters of
   * group 0 first, then those of group 1 once they are healthy, and so on (waves per region).
   * @default 0
   */
  rolloutGroup: z.number().int().min(0).max(MAX_ROLLOUT_GROUP).default(0),
});
