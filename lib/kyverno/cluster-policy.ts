/**
 * The part of Kyverno's ClusterPolicy (`kyverno.io/v1`, CRD imports/crds/kyverno/) that the
 * platform writes, typed by hand: the CRD is 1.4 MB and `cdk8s import` would generate classes
 * for every rule type. Fields the API server would default are always written, so that the
 * rendered YAML shows the behaviour Kyverno applies.
 * @see https://release-1-14-0.kyverno.io/docs/writing-policies/
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

export type AdmissionOperation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

/** A label selector, as the API writes it. */
export interface LabelSelectorJson {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: ReadonlyArray<{
    readonly key: string;
    readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
    readonly values?: readonly string[];
  }>;
}

/** What a rule matches or excludes (`match.any[].resources`). */
export interface ResourceFilter {
  readonly kinds?: readonly string[];
  readonly operations?: readonly AdmissionOperation[];
  readonly namespaces?: readonly string[];
  readonly namespaceSelector?: LabelSelectorJson;
}

/** `any`: one filter matches; `all`: every filter matches. */
export interface MatchResources {
  readonly any?: ReadonlyArray<{ readonly resources: ResourceFilter }>;
  readonly all?: ReadonlyArray<{ readonly resources: ResourceFilter }>;
}

/** A condition over JMESPath expressions in `{{ }}`. */
export interface Condition {
  readonly key: string | number;
  readonly operator:
    'Equals' | 'NotEquals' | 'AnyIn' | 'AllIn' | 'AnyNotIn' | 'AllNotIn' | 'GreaterThan' | 'GreaterThanOrEquals' | 'LessThan' | 'LessThanOrEquals';
  readonly value: string | number | boolean | readonly string[];
  readonly message?: string;
}

export interface Conditions {
  readonly any?: readonly Condition[];
  readonly all?: readonly Condition[];
}

export interface MutateRule {
  /** A strategic-merge overlay of the resource. */
  readonly patchStrategicMerge?: object;
  /** A JSON patch (RFC 6902), as YAML text. */
  readonly patchesJson6902?: string;
}

export interface ValidateRule {
  /** Enforce rejects the request; Audit admits it and reports. */
  readonly failureAction: 'Enforce' | 'Audit';
  /** Updates to resources that already violate the rule are admitted. */
  readonly allowExistingViolations: boolean;
  readonly message: string;
  readonly deny: { readonly conditions: Conditions };
}

export interface PolicyRule {
  readonly name: string;
  readonly match: MatchResources;
  readonly exclude?: MatchResources;
  readonly preconditions?: Conditions;
  readonly mutate?: MutateRule;
  readonly validate?: ValidateRule;
  /** Background scans skip admission requests' user info. */
  readonly skipBackgroundRequests: boolean;
}

/** `spec` of a ClusterPolicy. */
export interface ClusterPolicySpec {
  /** Applied at admission. */
  readonly admission: boolean;
  /** Also applied to existing resources by the background controller (validate rules only report). */
  readonly background: boolean;
  readonly emitWarning: boolean;
  /** Whether the API server admits a request when Kyverno cannot be reached. */
  readonly webhookConfiguration: { readonly failurePolicy: 'Fail' | 'Ignore'; readonly timeoutSeconds: number };
  readonly rules: readonly PolicyRule[];
}

/** Props of {@link ClusterPolicy}. */
export interface ClusterPolicyProps {
  readonly name: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly spec: ClusterPolicySpec;
}

/** The annotation that controls Kyverno's rule auto-generation for Pod controllers. */
export const AUTOGEN_ANNOTATION = 'pod-policies.kyverno.io/autogen-controllers';

/** A Kyverno ClusterPolicy. */
export class ClusterPolicy extends Construct {
  public readonly name: string;
  public readonly spec: ClusterPolicySpec;

  constructor(scope: Construct, id: string, props: ClusterPolicyProps) {
    super(scope, id);
    const names = props.spec.rules.map((r) => r.name);
    const repeated = names.filter((n, i) => names.indexOf(n) !== i);
    if (repeated.length) throw new Error(`ClusterPolicy "${props.name}": rule names must be unique (repeated: ${repeated.join(', ')})`);
    for (const r of props.spec.rules) {
      if ((r.mutate === undefined) === (r.validate === undefined))
        throw new Error(`ClusterPolicy "${props.name}": rule "${r.name}" must either mutate or validate`);
    }
    this.name = props.name;
    this.spec = props.spec;
    new ApiObject(this, 'Resource', {
      apiVersion: 'kyverno.io/v1',
      kind: 'ClusterPolicy',
      metadata: { name: props.name, labels: props.labels && { ...props.labels }, annotations: props.annotations && { ...props.annotations } },
      // a plain copy: the toJson walk accepts only plain objects
      spec: JSON.parse(JSON.stringify(props.spec)) as Record<string, unknown>,
    });
  }
}
