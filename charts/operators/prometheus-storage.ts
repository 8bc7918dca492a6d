/**
 * How big Prometheus's volume is, from how long it keeps samples (docs/monitoring.md#prometheus-storage).
 *
 * The Prometheus documentation (Storage, "Operational aspects") sizes the disk as
 * `retention_time_seconds × ingested_samples_per_second × bytes_per_sample`, with 1 to 2
 * bytes per sample after compression. Samples per second are the active series divided by
 * the scrape interval. On top come the write-ahead log, the head chunks and the room
 * compaction needs while it rewrites blocks (`headroomPercent`). Prometheus is told to delete
 * its oldest blocks (`retentionSize`, which counts the WAL too) before its volume is as full
 * as the PVC alert's threshold (5 points under it), and the volume is the smallest Azure
 * Premium SSD size whose share up to that point holds the result (a disk is billed by its
 * size tier, so a size between tiers would buy nothing).
 */
import type { MonitoringSettings } from '../../config';

/** Azure Premium SSD (v1) disk sizes in GiB, P1 to P80: the sizes a managed-csi-premium claim is billed at. */
export const PREMIUM_SSD_SIZES_GIB = [4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32767] as const;

const GIB = 2 ** 30;
const SECONDS_PER_DAY = 86_400;

/** The sizing of one Prometheus volume, with the figures it was derived from. */
export interface PrometheusStorage {
  /** Samples ingested per second: active series / scrape interval. */
  readonly samplesPerSecond: number;
  /** Bytes the blocks of the whole retention take. */
  readonly blockBytes: number;
  /** Blocks plus headroom, in bytes. */
  readonly neededBytes: number;
  /** The claim's size in GiB (a Premium SSD size). */
  readonly volumeGiB: number;
  /** Prometheus `retention`, e.g. `30d`. */
  readonly retention: string;
  /** Prometheus `retentionSize`, e.g. `51GiB`: below `alertPercent` of the volume. */
  readonly retentionSize: string;
}

/**
 * Sizes Prometheus's volume for `prometheus` settings; `alertPercent` is the PVC alert's
 * threshold, which the retention size stays 5 points under.
 * @throws when the estimate needs more than the largest disk
 */
export function prometheusStorage(prometheus: MonitoringSettings['prometheus'], alertPercent: number): PrometheusStorage {
  const samplesPerSecond = prometheus.activeSeries / prometheus.scrapeIntervalSeconds;
  const blockBytes = samplesPerSecond * prometheus.bytesPerSample * prometheus.retentionDays * SECONDS_PER_DAY;
  const neededBytes = blockBytes * (1 + prometheus.headroomPercent / 100);
  const keepPercent = Math.max(alertPercent - 5, 1);
  const volumeGiB = PREMIUM_SSD_SIZES_GIB.find((size) => ((size * keepPercent) / 100) * GIB >= neededBytes);
  if (volumeGiB === undefined) {
    throw new Error(
      `monitoring.prometheus: ${Math.ceil(neededBytes / GIB)} GiB are needed at ${keepPercent}% of a volume, more than the largest Premium SSD (${PREMIUM_SSD_SIZES_GIB.at(-1)} GiB) holds; shorten retentionDays or lower the estimate`,
    );
  }
  return {
    samplesPerSecond,
    blockBytes,
    neededBytes,
    volumeGiB,
    retention: `${prometheus.retentionDays}d`,
    retentionSize: `${Math.floor((volumeGiB * keepPercent) / 100)}GiB`,
  };
}
