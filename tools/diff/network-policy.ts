import { cidrContains, parseCidr } from './cidr';
import { deepEqual } from './compare';
import { type Danger } from './danger';
import { scalarText } from './format';
import { compareStrings, type KubeObject } from './resource-key';
import { asArray, isMap, mapOrEmpty } from '../validate/json';

/**
 * How NetworkPolicy changes are judged.
 *
 * A policy's rules for one direction are flattened into grants, one per (peer, port) pair
 * (a rule without peers grants every peer, a rule without ports every port). A new rule
 * widens the policy when one of its grants is not covered by an old grant: an old grant
 * covers a new one when its peer is equal (or an ipBlock that contains the new CIDR) and
 * its port is equal or a range or protocol-wide port that contains it. Selectors are
 * compared by equality only, so a rewritten but equivalent selector is reported too:
 * that errs on the side of showing the reviewer more.
 *
 * See https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */

type Direction = 'ingress' | 'egress';

type Peer = Record<string, unknown> | 'all';
type Port = Record<string, unknown> | 'all';

interface Grant {
  readonly peer: Peer;
  readonly port: Port;
}

const PEERS_FIELD: Readonly<Record<Direction, string>> = { ingress: 'from', egress: 'to' };
const POLICY_TYPE: Readonly<Record<Direction, string>> = { ingress: 'Ingress', egress: 'Egress' };

/** The policy types in force: `spec.policyTypes`, or what Kubernetes defaults it to. */
export function policyTypes(spec: Record<string, unknown>): string[] {
  if (Array.isArray(spec.policyTypes)) return spec.policyTypes.filter((t): t is string => typeof t === 'string');
  return spec.egress !== undefined ? ['Ingress', 'Egress'] : ['Ingress'];
}

function rules(spec: Record<string, unknown>, direction: Direction): Record<string, unknown>[] {
  return asArray(spec[direction]).map(mapOrEmpty);
}

function rulePeers(rule: Record<string, unknown>, direction: Direction): Peer[] {
  const peers = asArray(rule[PEERS_FIELD[direction]]).map(mapOrEmpty);
  return peers.length === 0 ? ['all'] : peers;
}

function rulePorts(rule: Record<string, unknown>): Port[] {
  const ports = asArray(rule.ports).map(mapOrEmpty);
  return ports.length === 0 ? ['all'] : ports;
}

function grants(rule: Record<string, unknown>, direction: Direction): Grant[] {
  const out: Grant[] = [];
  for (const peer of rulePeers(rule, direction)) for (const port of rulePorts(rule)) out.push({ peer, port });
  return out;
}

function ipBlockCovers(outer: unknown, inner: unknown): boolean {
  const o = mapOrEmpty(outer);
  const i = mapOrEmpty(inner);
  const oc = parseCidr(o.cidr);
  const ic = parseCidr(i.cidr);
  if (oc === undefined || ic === undefined) return deepEqual(outer, inner);
  if (!cidrContains(oc, ic)) return false;
  // Every range the old block carved out of the new range must still be carved out.
  const newExcepts = asArray(i.except).map(parseCidr);
  return asArray(o.except)
    .map(parseCidr)
    .every(
      (except) =>
        except === undefined || !(cidrContains(except, ic) || cidrContains(ic, except)) || newExcepts.some((n) => n !== undefined && cidrContains(n, except)),
    );
}

function peerCovers(outer: Peer, inner: Peer): boolean {
  if (outer === 'all') return true;
  if (inner === 'all') return false;
  if (deepEqual(outer, inner)) return true;
  const onlyIpBlock = (p: Record<string, unknown>) => Object.keys(p).length === 1 && isMap(p.ipBlock);
  return onlyIpBlock(outer) && onlyIpBlock(inner) && ipBlockCovers(outer.ipBlock, inner.ipBlock);
}

function portRange(port: Record<string, unknown>): [number, number] | undefined {
  if (typeof port.port !== 'number') return undefined;
  return [port.port, typeof port.endPort === 'number' ? port.endPort : port.port];
}

function portCovers(outer: Port, inner: Port): boolean {
  if (outer === 'all') return true;
  if (inner === 'all') return false;
  if ((outer.protocol ?? 'TCP') !== (inner.protocol ?? 'TCP')) return false;
  if (outer.port === undefined) return true;
  if (inner.port === undefined) return false;
  const o = portRange(outer);
  const i = portRange(inner);
  if (o !== undefined && i !== undefined) return o[0] <= i[0] && i[1] <= o[1];
  return deepEqual(outer.port, inner.port) && outer.endPort === undefined && inner.endPort === undefined;
}

function selectorText(selector: unknown): string {
  const s = mapOrEmpty(selector);
  const parts = Object.keys(mapOrEmpty(s.matchLabels))
    .sort(compareStrings)
    .map((k) => `${k}=${String(mapOrEmpty(s.matchLabels)[k])}`);
  for (const e of asArray(s.matchExpressions).map(mapOrEmpty)) {
    const values = asArray(e.values).map(String).join(',');
    parts.push(`${String(e.key)} ${String(e.operator)}${values === '' ? '' : ` (${values})`}`);
  }
  return parts.length === 0 ? '*' : parts.join(', ');
}

function isEmptySelector(selector: unknown): boolean {
  return isMap(selector) && selectorText(selector) === '*';
}

function peerText(peer: Peer, direction: Direction): string {
  if (peer === 'all') return direction === 'ingress' ? 'every source (the rule has no "from")' : 'every destination (the rule has no "to")';
  const parts: string[] = [];
  if (isMap(peer.namespaceSelector)) {
    parts.push(`namespaces(${selectorText(peer.namespaceSelector)})${isEmptySelector(peer.namespaceSelector) ? ' [empty selector: every namespace]' : ''}`);
  }
  if (isMap(peer.podSelector)) {
    parts.push(
      `pods(${selectorText(peer.podSelector)})${isEmptySelector(peer.podSelector) ? ` [empty selector: every pod${isMap(peer.namespaceSelector) ? '' : ' of the namespace'}]` : ''}`,
    );
  }
  if (isMap(peer.ipBlock)) {
    const except = asArray(peer.ipBlock.except).map(String);
    parts.push(`ipBlock ${String(peer.ipBlock.cidr)}${except.length > 0 ? ` except ${except.join(', ')}` : ''}`);
  }
  return parts.length === 0 ? JSON.stringify(peer) : parts.join(' ');
}

function portText(port: Port): string {
  if (port === 'all') return 'every port (the rule has no "ports")';
  const protocol = typeof port.protocol === 'string' ? port.protocol : 'TCP';
  if (port.port === undefined) return `every ${protocol} port`;
  return `${protocol}/${scalarText(port.port)}${port.endPort !== undefined ? `-${scalarText(port.endPort)}` : ''}`;
}

function widerIpBlocks(peer: Peer, old: readonly Grant[]): string {
  if (peer === 'all' || !isMap(peer.ipBlock)) return '';
  const cidr = parseCidr(peer.ipBlock.cidr);
  if (cidr === undefined) return '';
  const narrower = new Set<string>();
  for (const g of old) {
    if (g.peer === 'all' || !isMap(g.peer.ipBlock)) continue;
    const oldCidr = parseCidr(g.peer.ipBlock.cidr);
    if (oldCidr !== undefined && cidrContains(cidr, oldCidr)) narrower.add(String(g.peer.ipBlock.cidr));
  }
  return narrower.size > 0 ? ` [wider than ${[...narrower].sort(compareStrings).join(', ')}]` : '';
}

function unique(texts: string[]): string[] {
  return texts.filter((t, i) => texts.indexOf(t) === i);
}

function widenedRules(oldSpec: Record<string, unknown>, newSpec: Record<string, unknown>, direction: Direction): Danger[] {
  const old = rules(oldSpec, direction).flatMap((rule) => grants(rule, direction));
  const dangers: Danger[] = [];
  rules(newSpec, direction).forEach((rule, index) => {
    const uncovered = grants(rule, direction).filter((g) => !old.some((o) => peerCovers(o.peer, g.peer) && portCovers(o.port, g.port)));
    if (uncovered.length === 0) return;
    const peers = unique(uncovered.map((g) => peerText(g.peer, direction) + widerIpBlocks(g.peer, old)));
    const ports = unique(uncovered.map((g) => portText(g.port)));
    dangers.push({
      rule: 'network-widened',
      message: `spec.${direction}[${index}] now allows ${direction === 'ingress' ? 'from' : 'to'} ${peers.join('; ')} on ${ports.join(', ')}`,
    });
  });
  return dangers;
}

/** Dangers of a NetworkPolicy that changed: anything that lets more traffic through. */
export function networkPolicyChangeDangers(oldObject: KubeObject, newObject: KubeObject): Danger[] {
  const oldSpec = mapOrEmpty(oldObject.spec);
  const newSpec = mapOrEmpty(newObject.spec);
  const dangers: Danger[] = [];
  if (!deepEqual(oldSpec.podSelector ?? {}, newSpec.podSelector ?? {}) && !isEmptySelector(newSpec.podSelector ?? {})) {
    dangers.push({
      rule: 'network-widened',
      message: `spec.podSelector changed from pods(${selectorText(oldSpec.podSelector)}) to pods(${selectorText(newSpec.podSelector)}): pods it no longer selects lose this policy's isolation`,
    });
  }
  const oldTypes = policyTypes(oldSpec);
  const newTypes = policyTypes(newSpec);
  for (const direction of ['ingress', 'egress'] as const) {
    const type = POLICY_TYPE[direction];
    if (!oldTypes.includes(type)) continue; // the old policy did not restrict this direction
    if (!newTypes.includes(type)) {
      dangers.push({ rule: 'network-widened', message: `spec.policyTypes no longer includes ${type}: this policy stops restricting ${direction} traffic` });
      continue;
    }
    dangers.push(...widenedRules(oldSpec, newSpec, direction));
  }
  return dangers;
}

/**
 * Dangers of a NetworkPolicy that appears: only rules that open a direction wide (no
 * peers and no ports, an ingress from everywhere, or a `/0` ipBlock). Ordinary allow rules
 * of a new service are not flagged: every new service brings some, and flagging them all
 * would teach reviewers to ignore the flag. What is flagged: a rule open to every source or
 * destination on every port (or any ingress open to everyone), and on any port a /0 block
 * or a peer that is every pod of whole namespaces.
 */
export function networkPolicyAdditionDangers(newObject: KubeObject): Danger[] {
  const spec = mapOrEmpty(newObject.spec);
  const types = policyTypes(spec);
  const dangers: Danger[] = [];
  for (const direction of ['ingress', 'egress'] as const) {
    if (!types.includes(POLICY_TYPE[direction])) continue;
    rules(spec, direction).forEach((rule, index) => {
      const peers = rulePeers(rule, direction);
      // a rule without peers on all ports (or any ingress without peers), a /0 block on any
      // port, or every pod of whole namespaces
      const allPorts = rulePorts(rule)[0] === 'all';
      const broad = peers.filter(
        (p) =>
          (p === 'all' && (allPorts || direction === 'ingress')) ||
          (p !== 'all' && isMap(p.ipBlock) && parseCidr(p.ipBlock.cidr)?.prefix === 0) ||
          (p !== 'all' && isMap(p.namespaceSelector) && (p.podSelector === undefined || isEmptySelector(p.podSelector))),
      );
      if (broad.length > 0) {
        dangers.push({
          rule: 'network-widened',
          message: `spec.${direction}[${index}] allows ${direction === 'ingress' ? 'from' : 'to'} ${unique(broad.map((p) => peerText(p, direction))).join('; ')} on ${unique(rulePorts(rule).map(portText)).join(', ')}`,
        });
      }
    });
  }
  return dangers;
}

/** True when the policy denies a whole direction for every pod it selects (a default deny). */
export function isDefaultDeny(object: KubeObject): boolean {
  const spec = mapOrEmpty(object.spec);
  if (!isEmptySelector(spec.podSelector ?? {})) return false;
  return defaultDenyDirections(spec).length > 0;
}

function defaultDenyDirections(spec: Record<string, unknown>): string[] {
  const types = policyTypes(spec);
  return (['ingress', 'egress'] as const).filter((d) => types.includes(POLICY_TYPE[d]) && rules(spec, d).length === 0).map((d) => POLICY_TYPE[d]);
}

/** Dangers of a NetworkPolicy that disappears: the removal of a default deny. */
export function networkPolicyRemovalDangers(oldObject: KubeObject): Danger[] {
  if (!isDefaultDeny(oldObject)) return [];
  const directions = defaultDenyDirections(mapOrEmpty(oldObject.spec));
  return [
    {
      rule: 'network-widened',
      message: `a default-deny NetworkPolicy (${directions.join(' and ')}) is removed: the pods it selected lose their default isolation`,
    },
  ];
}
