import { Construct } from 'constructs';
import { IntOrString, KubeService, type ServicePort } from '../../imports/k8s';
import type { ServicePortSpec } from './spec';

/** Props of {@link WorkloadService}. */
export interface WorkloadServiceProps {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** The labels that select the workload's pods. */
  readonly selector: Readonly<Record<string, string>>;
  readonly ports: readonly ServicePortSpec[];
  /** @default none */
  readonly annotations?: Readonly<Record<string, string>>;
  /** Also a headless Service `<name>-headless` for a StatefulSet's stable pod names. @default false */
  readonly headless?: boolean;
}

/**
 * The ClusterIP Service of a workload (and its headless twin for a StatefulSet), each port
 * targeting the container port by name, so a changed container port needs no Service change.
 */
export class WorkloadService extends Construct {
  constructor(scope: Construct, id: string, props: WorkloadServiceProps) {
    super(scope, id);
    const ports: ServicePort[] = props.ports.map((p) => ({
      name: p.name,
      port: p.port,
      targetPort: IntOrString.fromString(p.name),
      protocol: p.protocol ?? 'TCP',
      appProtocol: p.appProtocol,
    }));
    const metadata = { name: props.name, namespace: props.namespace, labels: { ...props.labels } };
    if (props.headless) {
      new KubeService(this, 'Headless', {
        metadata: { ...metadata, name: `${props.name}-headless` },
        spec: { clusterIp: 'None', publishNotReadyAddresses: true, selector: { ...props.selector }, ports },
      });
    }
    new KubeService(this, 'Resource', {
      metadata: { ...metadata, annotations: props.annotations && { ...props.annotations } },
      spec: { type: 'ClusterIP', selector: { ...props.selector }, ports },
    });
  }
}
