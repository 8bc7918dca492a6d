/**
 * Recommended Kubernetes labels and the selector labels derived from them.
 *
 * Selectors use only `app.kubernetes.io/name` and `app.kubernetes.io/instance`: both are
 * chosen from the model, never from a construct path, so moving code never changes a
 * selector (a live Deployment's selector is immutable).
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/
 */
export interface AppLabelProps {
  /** `app.kubernetes.io/name`: the application's name. */
  readonly name: string;
  /** `app.kubernetes.io/instance`. @default the name */
  readonly instance?: string;
  /** `app.kubernetes.io/component`, e.g. `api`, `database`. */
  readonly component?: string;
  /** `app.kubernetes.io/part-of`: the larger system. */
  readonly partOf?: string;
  /** `app.kubernetes.io/version`, usually the image tag. */
  readonly version?: string;
  /** `app.kubernetes.io/managed-by`. @default none */
  readonly managedBy?: string;
}

/** The two labels every selector of the application uses. */
export function selectorLabels(props: AppLabelProps): Record<string, string> {
  return {
    'app.kubernetes.io/instance': props.instance ?? props.name,
    'app.kubernetes.io/name': props.name,
  };
}

/** All recommended labels, for metadata. */
export function appLabels(props: AppLabelProps): Record<string, string> {
  const labels: Record<string, string> = { ...selectorLabels(props) };
  if (props.component) labels['app.kubernetes.io/component'] = props.component;
  if (props.managedBy) labels['app.kubernetes.io/managed-by'] = props.managedBy;
  if (props.partOf) labels['app.kubernetes.io/part-of'] = props.partOf;
  if (props.version) labels['app.kubernetes.io/version'] = labelValue(props.version);
  return labels;
}

/** Truncates a label value to the 63 characters Kubernetes allows, keeping it valid. */
export function labelValue(v: string): string {
  return v.length <= 63 ? v : v.slice(0, 63).replace(/[^A-Za-z0-9]+$/, '');
}
