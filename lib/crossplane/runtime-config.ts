/**
 * Crossplane's DeploymentRuntimeConfig (`pkg.crossplane.io/v1beta1`, CRD imports/crds/crossplane/),
 * typed by hand for what the platform sets: `cdk8s import` of the 645 KB CRD writes 900 KB of
 * TypeScript (a copy of every Kubernetes pod type). The pod template reuses imports/k8s.
 * @see https://docs.crossplane.io/v1.19/concepts/providers/#runtime-configuration
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { type PodTemplateSpec, toJson_PodTemplateSpec } from '../../imports/k8s';

/** The name Crossplane gives a package's runtime container; a differently named one becomes a sidecar. */
export const PACKAGE_RUNTIME_CONTAINER = 'package-runtime';

/** Props of {@link DeploymentRuntimeConfig}. */
export interface DeploymentRuntimeConfigProps {
  readonly name: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  /**
   * The base of every package Deployment that names this config. Crossplane overwrites the
   * selector, and applies its own security contexts only where the template sets none.
   */
  readonly template: PodTemplateSpec;
}

/** A runtime config for package (provider, function) Deployments. */
export class DeploymentRuntimeConfig extends Construct {
  public readonly name: string;

  constructor(scope: Construct, id: string, props: DeploymentRuntimeConfigProps) {
    super(scope, id);
    if (props.template.spec?.containers[0]?.name !== PACKAGE_RUNTIME_CONTAINER) {
      throw new Error(
        `DeploymentRuntimeConfig "${props.name}": the first container must be named ${PACKAGE_RUNTIME_CONTAINER}, or Crossplane adds it as a sidecar`,
      );
    }
    this.name = props.name;
    new ApiObject(this, 'Resource', {
      apiVersion: 'pkg.crossplane.io/v1beta1',
      kind: 'DeploymentRuntimeConfig',
      metadata: { name: props.name, labels: props.labels && { ...props.labels }, annotations: props.annotations && { ...props.annotations } },
      // the schema requires a selector; Crossplane replaces it with the package's own
      spec: { deploymentTemplate: { spec: { selector: {}, template: toJson_PodTemplateSpec(props.template) } } },
    });
  }
}
