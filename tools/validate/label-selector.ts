import { asArray, asMap, asString, asStringMap } from './json';

/** A label selector expression (`matchExpressions` item). */
export interface SelectorRequirement {
  readonly key: string;
  readonly operator: string;
  readonly values: readonly string[];
}

/** A parsed label selector: Service selectors have only `matchLabels`. */
export interface LabelSelector {
  readonly matchLabels: Readonly<Record<string, string>>;
  readonly matchExpressions: readonly SelectorRequirement[];
}

/** Reads a `metav1.LabelSelector` (`matchLabels` and `matchExpressions`). */
export function parseLabelSelector(raw: unknown): LabelSelector {
  const map = asMap(raw);
  return {
    matchLabels: asStringMap(map?.matchLabels),
    matchExpressions: asArray(map?.matchExpressions).map((e) => {
      const expr = asMap(e);
      return {
        key: asString(expr?.key) ?? '',
        operator: asString(expr?.operator) ?? '',
        values: asArray(expr?.values).map((v) => String(v)),
      };
    }),
  };
}

/** A Service's `spec.selector`: a plain label map. */
export function selectorFromMap(raw: unknown): LabelSelector {
  return { matchLabels: asStringMap(raw), matchExpressions: [] };
}

/** True for a selector with no requirement (it selects everything). */
export function isEmptySelector(selector: LabelSelector): boolean {
  return Object.keys(selector.matchLabels).length === 0 && selector.matchExpressions.length === 0;
}

/** Whether a set of labels satisfies a selector, with the `In`/`NotIn`/`Exists`/`DoesNotExist` operators. */
export function selectorMatches(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  for (const key of Object.keys(selector.matchLabels)) {
    if (labels[key] !== selector.matchLabels[key]) return false;
  }
  for (const { key, operator, values } of selector.matchExpressions) {
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    switch (operator) {
      case 'In':
        if (!has || !values.includes(labels[key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** Renders a selector for a message: `app.kubernetes.io/name=api,tier in (web)`. */
export function formatSelector(selector: LabelSelector): string {
  const parts = Object.keys(selector.matchLabels).map((k) => `${k}=${selector.matchLabels[k]}`);
  for (const e of selector.matchExpressions) {
    parts.push(e.values.length ? `${e.key} ${e.operator} (${e.values.join(',')})` : `${e.key} ${e.operator}`);
  }
  return parts.join(',');
}
