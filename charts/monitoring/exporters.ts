/**
 * The standard Prometheus exporters that run beside the stores that serve no metrics
 * themselves (docs/monitoring.md#stores): postgres_exporter and redis_exporter, each reading
 * its store over localhost with the store's own credential and serving `/metrics` on a port
 * named `metrics`, which the store's Service and ServiceMonitor expose. Images are mirrored
 * into the platform ACR at pinned tags (`monitoring.exporters`).
 */
import type { MetricsSpec, SecretKeyRef, SidecarSpec } from '../../lib/workload/spec';
import type { PlatformChart } from '../context';
import { platformImage } from '../declare';

/** postgres_exporter's port (its default `:9187`). */
const POSTGRES_EXPORTER_PORT = 9187;
/** redis_exporter's port (its default `:9121`). */
const REDIS_EXPORTER_PORT = 9121;
/** What the stores' ServiceMonitors scrape. */
export const EXPORTER_METRICS: MetricsSpec = { port: 'metrics', path: '/metrics' };

function image(chart: PlatformChart, which: 'postgres' | 'redis') {
  const e = chart.platform.monitoring.exporters[which];
  return platformImage(chart, e.repository, e.tag);
}

/**
 * postgres_exporter v0.20 (tested with PostgreSQL 13 to 18) as user `postgres` with the
 * store's password; its image's user is the name `nobody`, which the kubelet cannot check
 * against runAsNonRoot, so the UID is given.
 */
export function postgresExporter(chart: PlatformChart, password: SecretKeyRef): SidecarSpec {
  return {
    name: 'postgres-exporter',
    image: image(chart, 'postgres'),
    ports: [{ name: 'metrics', port: POSTGRES_EXPORTER_PORT }],
    resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } },
    runAsUser: 65534,
    env: { DATA_SOURCE_URI: '127.0.0.1:5432/postgres?sslmode=disable', DATA_SOURCE_USER: 'postgres' },
    secretEnv: { DATA_SOURCE_PASS: password },
    readiness: { tcp: { port: 'metrics' }, initialDelaySeconds: 5 },
    liveness: { tcp: { port: 'metrics' }, initialDelaySeconds: 15 },
  };
}

/** redis_exporter v1.88 with the store's password (its image runs as UID 59000). */
export function redisExporter(chart: PlatformChart, password: SecretKeyRef): SidecarSpec {
  return {
    name: 'redis-exporter',
    image: image(chart, 'redis'),
    ports: [{ name: 'metrics', port: REDIS_EXPORTER_PORT }],
    resources: { requests: { cpu: '25m', memory: '32Mi' }, limits: { memory: '64Mi' } },
    runAsUser: 59000,
    env: { REDIS_ADDR: 'redis://127.0.0.1:6379' },
    secretEnv: { REDIS_PASSWORD: password },
    readiness: { tcp: { port: 'metrics' }, initialDelaySeconds: 5 },
    liveness: { tcp: { port: 'metrics' }, initialDelaySeconds: 15 },
  };
}
