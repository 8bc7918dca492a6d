/**
 * What each environment decides about observing its clusters (docs/monitoring.md): how
 * long Prometheus keeps samples and the estimate its volume is sized from, the exporter
 * images beside the stores, and each alert's threshold, duration and severity.
 */
import { z } from 'zod';
import { dnsLabel, percent, pinnedTag, registryPath } from './formats';

/** A Prometheus duration such as `15m`, `1h` or `1h30m`. */
const promDuration = z.string().regex(/^([0-9]+[ywdhms]|[0-9]+ms)+$/, 'must be a Prometheus duration such as 5m, 1h or 1h30m');

/** How loud an alert is: `critical` pages the on-call engineer, `warning` opens a ticket, `info` only shows. */
const SEVERITIES = ['info', 'warning', 'critical'] as const;

/** One alert's settings: how long the condition must hold, how loud it is, and its own thresholds. */
function alert<T extends z.ZodRawShape>(threshold: T) {
  return z.strictObject({ for: promDuration, severity: z.enum(SEVERITIES), ...threshold });
}

/** An exporter image under the platform ACR: `<acr>/<registry.repositoryPrefix>/<repository>:<tag>`, mirrored from upstream. */
const exporterImage = z.strictObject({ repository: registryPath, tag: pinnedTag });

export const monitoringSchema = z.strictObject({
  /**
   * The namespace of node-exporter alone: it needs the host's network, processes and
   * filesystem, so its namespace enforces Pod Security `privileged`, and nothing else may run there.
   */
  nodeExporterNamespace: dnsLabel,
  prometheus: z.strictObject({
    /** How long samples are kept (Prometheus `retention`). */
    retentionDays: z.number().int().min(1).max(400),
    /** The interval every target is scraped at (Prometheus `scrapeInterval`). */
    scrapeIntervalSeconds: z.number().int().min(5).max(300),
    /** Estimated active series of one cluster's Prometheus (`prometheus_tsdb_head_series`); the volume is sized from it. */
    activeSeries: z.number().int().min(1000).max(50_000_000),
    /** Bytes one sample takes on disk once compressed (the Prometheus documentation gives 1 to 2). */
    bytesPerSample: z.number().min(0.5).max(16),
    /** Room on top of the blocks for the write-ahead log, the head chunks and compaction, in percent. */
    headroomPercent: z.number().int().min(0).max(300),
  }),
  /** Images of the exporters that run beside the stores. */
  exporters: z.strictObject({ postgres: exporterImage, redis: exporterImage }),
  alerts: z.strictObject({
    /** Containers restarted more than `restarts` times within `window` (docs/platform.md#monitoring: pod restarts above a threshold). */
    podRestarts: alert({ restarts: z.number().int().min(1).max(1000), window: promDuration }),
    /** A container waiting in CrashLoopBackOff (docs/platform.md#monitoring). */
    crashLooping: alert({}),
    /** A node pool's CPU use above `percent` (docs/platform.md#monitoring: node pool CPU above 80%). */
    nodeCpu: alert({ percent }),
    /** A node pool's memory use above `percent` (docs/platform.md#monitoring: node pool memory above 80%). */
    nodeMemory: alert({ percent }),
    /** Kafka partitions with fewer in-sync replicas than replicas. */
    kafkaUnderReplicated: alert({}),
    /** Kafka partitions without a leader. */
    kafkaOfflinePartitions: alert({}),
    /** A certificate that expires within `days`. */
    certificateExpiry: alert({ days: z.number().int().min(1).max(90) }),
    /** An ExternalSecret whose Secret is not in sync with Key Vault. */
    externalSecretNotSynced: alert({}),
    /** A persistent volume more than `percent` full. */
    pvcUsage: alert({ percent }),
    /** An autoscaler at its maximum replicas. */
    hpaMaxed: alert({}),
    /** An Argo CD Application whose health is Degraded. */
    argocdDegraded: alert({}),
    /** An Argo CD Application out of sync with git. */
    argocdOutOfSync: alert({}),
    /** A Maia runner that reports itself stopped (`app_agent_status` 0). */
    maiaRunnerStopped: alert({}),
    /** More active series than `percent` of the estimate the volume was sized for. */
    prometheusSeries: alert({ percent: z.number().int().min(50).max(500) }),
  }),
});
export type MonitoringSettings = z.infer<typeof monitoringSchema>;
export type AlertName = keyof MonitoringSettings['alerts'];
