/**
 * NetworkPolicies that open the internet: an `ipBlock` on a default route (`0.0.0.0/0` or
 * `::/0`, whatever its `except`), or a rule with no peers at all (`to`/`from` missing or
 * empty: Kubernetes then admits every address, the internet included), egress or ingress,
 * with the workloads they apply to. Each
 * must say why, in `matih.ai/internet-egress-reason` (resp. `matih.ai/internet-ingress-reason`):
 *
 * - `netpol/internet-egress`, `netpol/internet-ingress`: such a policy without its reason.
 *
 * `npm run validate -- --internet` lists them all, with their reasons, for review.
 */
import { INTERNET_EGRESS_REASON, INTERNET_INGRESS_REASON, isDefaultRoute } from '../../lib/network/network-policy';
import { groupOf, Inventory } from './inventory';
import { asArray, asMap, asString, asStringMap } from './json';
import { formatSelector, parseLabelSelector } from './label-selector';
import { objectId, type LoadedObject } from './problem';

/** One direction of one policy that admits the internet. */
export interface InternetExposure {
  readonly policy: LoadedObject;
  readonly direction: 'egress' | 'ingress';
  /** `0.0.0.0/0 except 10.0.0.0/16, 10.1.0.0/16`, one entry per default-route block; `every address` for a rule without peers. */
  readonly blocks: readonly string[];
  /** `443/TCP`, or `any port`. */
  readonly ports: string;
  readonly reason?: string;
  /** `Deployment/ns/name` of every pod template the policy selects in its namespace, sorted. */
  readonly workloads: readonly string[];
  /** The policy's pod selector, as kubectl writes one. */
  readonly selector: string;
}

/** What a rule without peers admits. */
const EVERY_ADDRESS = 'every address (a rule without peers)';

const REASON = { egress: INTERNET_EGRESS_REASON, ingress: INTERNET_INGRESS_REASON } as const;

/** The internet exposures of one object (none unless it is a NetworkPolicy opening a default route). */
export function internetExposures(loaded: LoadedObject, inventory: Inventory): InternetExposure[] {
  const id = objectId(loaded.object);
  if (groupOf(id.apiVersion) !== 'networking.k8s.io' || id.kind !== 'NetworkPolicy') return [];
  const object = asMap(loaded.object) ?? {};
  const spec = asMap(object.spec) ?? {};
  const annotations = asStringMap(asMap(object.metadata)?.annotations);
  const out: InternetExposure[] = [];
  for (const direction of ['egress', 'ingress'] as const) {
    const blocks: string[] = [];
    const ports = new Set<string>();
    for (const rule of asArray(spec[direction]).map((r) => asMap(r) ?? {})) {
      const peers = asArray(rule[direction === 'egress' ? 'to' : 'from']);
      const open = peers.map((p) => asMap(asMap(p)?.ipBlock)).filter((b) => b && isDefaultRoute(asString(b.cidr) ?? ''));
      if (peers.length === 0) blocks.push(EVERY_ADDRESS);
      else if (!open.length) continue;
      for (const b of open) {
        const except = asArray(b!.except).map((e) => asString(e) ?? '');
        blocks.push(`${asString(b!.cidr)}${except.length ? ` except ${except.join(', ')}` : ''}`);
      }
      const rulePorts = asArray(rule.ports).map((p) => asMap(p) ?? {});
      if (!rulePorts.length) ports.add('any port');
      for (const p of rulePorts) ports.add(`${typeof p.port === 'number' || typeof p.port === 'string' ? p.port : 'any'}/${asString(p.protocol) ?? 'TCP'}`);
    }
    if (!blocks.length) continue;
    const podSelector = parseLabelSelector(spec.podSelector);
    const selected = inventory.podsMatching(id.namespace, podSelector);
    const workloads = [
      ...new Set(
        selected.map((t) => {
          const o = objectId(t.owner.object);
          return `${o.kind}/${o.namespace}/${o.name}`;
        }),
      ),
    ].sort();
    const reason = annotations[REASON[direction]]?.trim();
    out.push({
      policy: loaded,
      direction,
      blocks: [...new Set(blocks)],
      ports: [...ports].sort().join(', '),
      ...(reason ? { reason } : {}),
      workloads,
      selector: formatSelector(podSelector) || 'every pod',
    });
  }
  return out;
}

/** The problems of an exposure: a missing reason. */
export function checkInternetExposure(e: InternetExposure): Array<{ rule: string; message: string }> {
  if (e.reason) return [];
  const who = e.workloads.length ? e.workloads.join(', ') : `the pods of ${e.selector} (none rendered here: a Helm release's?)`;
  const verb = e.direction === 'egress' ? `lets ${who} reach ${e.blocks.join('; ')}` : `admits ${e.blocks.join('; ')} to ${who}`;
  return [
    {
      rule: `netpol/internet-${e.direction}`,
      message: `${verb} on ${e.ports}, without saying why: annotate it ${REASON[e.direction]} with the reason, or narrow it`,
    },
  ];
}

/** Every exposure of a run, for the report of `npm run validate -- --internet`. */
export function internetReport(objects: readonly LoadedObject[]): InternetExposure[] {
  const inventory = new Inventory(objects);
  return objects.flatMap((o) => internetExposures(o, inventory));
}

/** One report line: `<file>: NetworkPolicy/<ns>/<name>: egress 0.0.0.0/0 except … on 443/TCP → workloads: reason`. */
export function formatExposure(e: InternetExposure): string {
  const id = objectId(e.policy.object);
  const who = e.workloads.length ? e.workloads.join(', ') : `pods of ${e.selector} (none rendered here)`;
  return `${e.policy.file}: NetworkPolicy/${id.namespace}/${id.name}: ${e.direction} ${e.blocks.join('; ')} on ${e.ports} → ${who}: ${e.reason ?? 'NO REASON'}`;
}
