import { Construct } from 'constructs';
import { IntOrString, KubeDeployment, KubeStatefulSet, type PodTemplateSpec, Quantity } from '../../imports/k8s';
import type { RollingUpdateSpec, StorageSpec } from './spec';

/** Props of {@link WorkloadController}. */
export interface WorkloadControllerProps {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly selector: Readonly<Record<string, string>>;
  readonly template: PodTemplateSpec;
  /** A fixed count; undefined when an HPA owns it. */
  readonly replicas?: number;
  /** A persistent volume per replica: a StatefulSet; otherwise a Deployment. @default none */
  readonly storage?: StorageSpec;
  /** Rolling-update bounds of a Deployment. */
  readonly rollingUpdate: Required<RollingUpdateSpec>;
  /** @default none */
  readonly annotations?: Readonly<Record<string, string>>;
}

/**
 * The pods' controller: a Deployment, or, with storage, a StatefulSet whose claims are kept
 * when it is deleted or scaled down (a volume outlives a mistake).
 */
export class WorkloadController extends Construct {
  /** `Deployment` or `StatefulSet`. */
  public readonly kind: 'Deployment' | 'StatefulSet';

  constructor(scope: Construct, id: string, props: WorkloadControllerProps) {
    super(scope, id);
    const metadata = { name: props.name, namespace: props.namespace, labels: { ...props.labels }, annotations: props.annotations && { ...props.annotations } };
    const selector = { matchLabels: { ...props.selector } };
    if (props.storage) {
      this.kind = 'StatefulSet';
      new KubeStatefulSet(this, 'Resource', {
        metadata,
        spec: {
          replicas: props.replicas,
          serviceName: `${props.name}-headless`,
          selector,
          podManagementPolicy: 'OrderedReady',
          persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
          updateStrategy: { type: 'RollingUpdate' },
          template: props.template,
          volumeClaimTemplates: [
            {
              metadata: { name: 'data', labels: { ...props.selector } },
              spec: {
                accessModes: ['ReadWriteOnce'],
                storageClassName: props.storage.storageClassName,
                resources: { requests: { storage: Quantity.fromString(props.storage.size) } },
              },
            },
          ],
        },
      });
    } else {
      this.kind = 'Deployment';
      const bound = (v: number | string) => (typeof v === 'number' ? IntOrString.fromNumber(v) : IntOrString.fromString(v));
      new KubeDeployment(this, 'Resource', {
        metadata,
        spec: {
          replicas: props.replicas,
          revisionHistoryLimit: 5,
          selector,
          strategy: {
            type: 'RollingUpdate',
            rollingUpdate: { maxSurge: bound(props.rollingUpdate.maxSurge), maxUnavailable: bound(props.rollingUpdate.maxUnavailable) },
          },
          template: props.template,
        },
      });
    }
  }
}
