/**
 * A small evaluator of the Kyverno ClusterPolicy features the platform's policies use, to
 * test their match and patch logic over rendered namespaces and pods (not only their
 * schema): `match`/`exclude` (`any`/`all` of kinds, operations, namespaces, namespaceSelector),
 * `preconditions` and `deny` conditions with `{{ }}` JMESPath variables (the `jmespath`
 * package; Kyverno's own functions are not needed), `patchStrategicMerge` on maps and
 * `patchesJson6902` `add` (a trailing `-` appends, creating the list, as Kyverno's patcher does).
 * Semantics from the Kyverno 1.14 docs (match-exclude, preconditions, mutate, validate).
 */
import { search } from 'jmespath';
import { parse } from 'yaml';
import { selects } from '../../tools/flows/network-flows';

export type Operation = 'CREATE' | 'UPDATE';
export interface Request {
  readonly operation: Operation;
  readonly namespace: string;
  readonly namespaceLabels: Readonly<Record<string, string>>;
  readonly object: any;
}
/** What admission does with a pod: the mutated object, and the rule that denied it if one did. */
export interface Admission {
  readonly object: any;
  readonly deniedBy?: string;
}

function filterMatches(resources: any, req: Request): boolean {
  if (resources.kinds && !resources.kinds.includes(req.object.kind)) return false;
  if (resources.operations && !resources.operations.includes(req.operation)) return false;
  if (
    resources.namespaces &&
    !resources.namespaces.some((n: string) =>
      new RegExp(
        `^${n
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '.*')
          .replace(/\?/g, '.')}$`,
      ).test(req.namespace),
    )
  )
    return false;
  if (resources.namespaceSelector && !selects(resources.namespaceSelector, { ...req.namespaceLabels, 'kubernetes.io/metadata.name': req.namespace }))
    return false;
  return true;
}

function blockMatches(block: any, req: Request): boolean {
  if (!block) return false;
  if (block.any) return block.any.some((f: any) => filterMatches(f.resources, req));
  if (block.all) return block.all.every((f: any) => filterMatches(f.resources, req));
  return false;
}

/** Substitutes `{{ expr }}`: a value that is one variable becomes the JMESPath result itself. */
export function substitute(value: unknown, context: object): unknown {
  if (typeof value !== 'string') return value;
  const whole = /^\{\{\s*(.+?)\s*\}\}$/s.exec(value);
  if (whole) return search(context, whole[1]);
  return value.replace(/\{\{\s*(.+?)\s*\}\}/g, (_, expr) => String(search(context, expr)));
}

function condition(c: any, context: object): boolean {
  const key = substitute(c.key, context);
  const value = substitute(c.value, context);
  const keys = Array.isArray(key) ? key : [key];
  const values = Array.isArray(value) ? value : [value];
  switch (c.operator) {
    case 'AnyNotIn':
      return keys.some((k) => !values.includes(k));
    case 'AnyIn':
      return keys.some((k) => values.includes(k));
    case 'AllNotIn':
      return keys.every((k) => !values.includes(k));
    case 'Equals':
      return JSON.stringify(key) === JSON.stringify(value);
    case 'GreaterThan':
      return Number(key) > Number(value);
    default:
      throw new Error(`the evaluator does not know the operator ${c.operator}`);
  }
}

function conditions(block: any, context: object): boolean {
  if (!block) return true;
  const all = (block.all ?? []).every((c: any) => condition(c, context));
  const any = block.any ? block.any.some((c: any) => condition(c, context)) : true;
  return all && any;
}

function strategicMerge(target: any, patch: any): any {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const out = { ...(target ?? {}) };
  for (const [k, v] of Object.entries(patch)) out[k] = strategicMerge(out[k], v);
  return out;
}

/** Applies a JSON patch `add`; `/a/b/-` appends to the list at /a/b, creating it when absent. */
function addPatch(target: any, patchText: string): any {
  const out = structuredClone(target);
  for (const op of parse(patchText)) {
    if (op.op !== 'add') throw new Error(`the evaluator does not know the JSON patch op ${op.op}`);
    const parts: string[] = op.path.split('/').slice(1);
    const append = parts[parts.length - 1] === '-';
    const keys = append ? parts.slice(0, -1) : parts;
    let node = out;
    for (const k of keys.slice(0, -1)) node = node[k] ??= {};
    const last = keys[keys.length - 1];
    if (append) (node[last] ??= []).push(op.value);
    else node[last] = op.value;
  }
  return out;
}

/** Runs the policies' mutate rules, then their validate rules, as the admission webhooks do, in rule order. */
export function admit(policies: readonly any[], req: Request): Admission {
  let object = structuredClone(req.object);
  const ctx = () => ({ request: { operation: req.operation, object } });
  for (const policy of policies) {
    for (const rule of policy.spec.rules) {
      if (!rule.mutate || !blockMatches(rule.match, { ...req, object }) || blockMatches(rule.exclude, { ...req, object })) continue;
      if (!conditions(rule.preconditions, ctx())) continue;
      if (rule.mutate.patchStrategicMerge) object = strategicMerge(object, rule.mutate.patchStrategicMerge);
      if (rule.mutate.patchesJson6902) object = addPatch(object, rule.mutate.patchesJson6902);
    }
  }
  for (const policy of policies) {
    for (const rule of policy.spec.rules) {
      if (!rule.validate || !blockMatches(rule.match, { ...req, object }) || blockMatches(rule.exclude, { ...req, object })) continue;
      if (!conditions(rule.preconditions, ctx())) continue;
      const denied = conditions(rule.validate.deny.conditions, ctx());
      if (denied && rule.validate.failureAction === 'Enforce') return { object, deniedBy: `${policy.metadata.name}/${rule.name}` };
    }
  }
  return { object };
}
