import { Construct } from 'constructs';
import { ServiceMonitor, type ServiceMonitorSpecEndpoints } from '../../imports/prometheus-servicemonitors-monitoring.coreos.com';
import type { MetricsSpec } from './spec';

/** Props of {@link WorkloadMonitor}. */
export interface WorkloadMonitorProps {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** The labels of the workload's Service. */
  readonly selector: Readonly<Record<string, string>>;
  readonly metrics: MetricsSpec;
}

/** A ServiceMonitor that has Prometheus scrape the workload's Service on its metrics port. */
export class WorkloadMonitor extends Construct {
  constructor(scope: Construct, id: string, props: WorkloadMonitorProps) {
    super(scope, id);
    const m = props.metrics;
    const endpoint = (path: string): ServiceMonitorSpecEndpoints => ({
      port: m.port,
      path,
      interval: m.interval ?? '30s',
      authorization: m.bearerToken && { type: 'Bearer', credentials: { name: m.bearerToken.secret, key: m.bearerToken.key } },
      basicAuth: m.basicAuthUser && { username: { name: m.basicAuthUser.secret, key: m.basicAuthUser.key } },
    });
    new ServiceMonitor(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels: { ...props.labels } },
      spec: {
        selector: { matchLabels: { ...props.selector } },
        namespaceSelector: { matchNames: [props.namespace] },
        endpoints: [m.path ?? '/metrics', ...(m.extraPaths ?? [])].map(endpoint),
      },
    });
  }
}
