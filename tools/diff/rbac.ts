import { deepEqual } from './compare';
import { type Danger } from './danger';
import { scalarText } from './format';
import { compareStrings, type KubeObject, type ResourceKey } from './resource-key';
import { asArray, mapOrEmpty } from '../validate/json';

/**
 * How RBAC changes are judged: a Role's rules are flattened into grants (one per API
 * group, resource, verb and resource name, or non-resource URL and verb); a new grant that
 * no old grant covers (`*` covers everything, a rule without `resourceNames` covers every
 * name) is a new privilege. See https://kubernetes.io/docs/reference/access-authn-authz/rbac/
 */

const RBAC_GROUP = 'rbac.authorization.k8s.io';
/** Verbs that let a subject grant itself more than it has. */
const ESCALATING_VERBS = new Set(['escalate', 'bind', 'impersonate']);

interface Grant {
  readonly group: string;
  readonly resource: string;
  readonly verb: string;
  /** `*` when the rule does not restrict names. */
  readonly name: string;
}

function strings(value: unknown): string[] {
  return asArray(value).map(String);
}

function grants(rule: Record<string, unknown>): Grant[] {
  const out: Grant[] = [];
  const verbs = strings(rule.verbs);
  for (const url of strings(rule.nonResourceURLs)) {
    for (const verb of verbs) out.push({ group: '(non-resource)', resource: url, verb, name: '*' });
  }
  const names = strings(rule.resourceNames);
  for (const group of strings(rule.apiGroups)) {
    for (const resource of strings(rule.resources)) {
      for (const verb of verbs) {
        for (const name of names.length === 0 ? ['*'] : names) out.push({ group, resource, verb, name });
      }
    }
  }
  return out;
}

function covers(old: Grant, grant: Grant): boolean {
  const matches = (a: string, b: string) => a === '*' || a === b;
  const urlMatches = old.group === '(non-resource)' && old.resource.endsWith('*') && grant.resource.startsWith(old.resource.slice(0, -1));
  return (
    (old.group === '(non-resource)') === (grant.group === '(non-resource)') &&
    matches(old.group, grant.group) &&
    (matches(old.resource, grant.resource) || urlMatches) &&
    matches(old.verb, grant.verb) &&
    matches(old.name, grant.name)
  );
}

function grantText(grants: readonly Grant[]): string {
  const byTarget = new Map<string, Set<string>>();
  for (const g of grants) {
    const target = g.group === '(non-resource)' ? g.resource : `${g.group === '' ? '' : `${g.group}/`}${g.resource}${g.name === '*' ? '' : ` "${g.name}"`}`;
    byTarget.set(target, (byTarget.get(target) ?? new Set()).add(g.verb));
  }
  return [...byTarget.keys()]
    .sort(compareStrings)
    .map((target) => `${[...byTarget.get(target)!].sort(compareStrings).join(', ')} on ${target}`)
    .join('; ');
}

function isRole(key: ResourceKey): boolean {
  return key.group === RBAC_GROUP && (key.kind === 'Role' || key.kind === 'ClusterRole');
}

function isBinding(key: ResourceKey): boolean {
  return key.group === RBAC_GROUP && (key.kind === 'RoleBinding' || key.kind === 'ClusterRoleBinding');
}

function subjectText(subject: unknown): string {
  const s = mapOrEmpty(subject);
  return `${scalarText(s.kind)} ${s.namespace === undefined ? '' : `${scalarText(s.namespace)}/`}${scalarText(s.name)}`;
}

/** Privileges a Role, ClusterRole or binding gains between two versions. */
export function rbacChangeDangers(key: ResourceKey, oldObject: KubeObject, newObject: KubeObject): Danger[] {
  const dangers: Danger[] = [];
  if (isRole(key)) {
    const old = asArray(oldObject.rules).map(mapOrEmpty).flatMap(grants);
    asArray(newObject.rules)
      .map(mapOrEmpty)
      .forEach((rule, index) => {
        const gained = grants(rule).filter((g) => !old.some((o) => covers(o, g)));
        if (gained.length > 0) dangers.push({ rule: 'privilege', message: `rules[${index}] now grants ${grantText(gained)}` });
      });
    if (newObject.aggregationRule !== undefined && !deepEqual(oldObject.aggregationRule, newObject.aggregationRule)) {
      dangers.push({ rule: 'privilege', message: 'aggregationRule changed: the role gains the rules of every ClusterRole it now selects' });
    }
  }
  if (isBinding(key)) {
    const old = asArray(oldObject.subjects);
    const gained = asArray(newObject.subjects).filter((s) => !old.some((o) => deepEqual(o, s)));
    if (gained.length > 0) {
      const roleRef = mapOrEmpty(newObject.roleRef);
      dangers.push({
        rule: 'privilege',
        message: `subjects gain ${gained.map(subjectText).join(', ')}: bound to ${String(roleRef.kind)} ${String(roleRef.name)}`,
      });
    }
  }
  return dangers;
}

/**
 * Privileges a new RBAC resource brings that a reviewer must see even on a new service:
 * a ClusterRoleBinding (cluster-wide), and roles with `*` or the escalating verbs.
 */
export function rbacAdditionDangers(key: ResourceKey, newObject: KubeObject): Danger[] {
  if (key.group === RBAC_GROUP && key.kind === 'ClusterRoleBinding') {
    const roleRef = mapOrEmpty(newObject.roleRef);
    const subjects = asArray(newObject.subjects).map(subjectText);
    return [
      {
        rule: 'privilege',
        message: `new ClusterRoleBinding: ${String(roleRef.kind)} ${String(roleRef.name)} cluster-wide for ${subjects.length === 0 ? 'no subject yet' : subjects.join(', ')}`,
      },
    ];
  }
  if (!isRole(key)) return [];
  const dangers: Danger[] = [];
  asArray(newObject.rules)
    .map(mapOrEmpty)
    .forEach((rule, index) => {
      const wide = grants(rule).filter((g) => g.group === '*' || g.resource === '*' || g.verb === '*' || ESCALATING_VERBS.has(g.verb));
      if (wide.length > 0) dangers.push({ rule: 'privilege', message: `rules[${index}] grants ${grantText(wide)}` });
    });
  return dangers;
}
