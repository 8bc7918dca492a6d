import { groupOf, type Inventory } from './inventory';
import { asArray, asMap, asString, type JsonMap } from './json';
import { ENVOY_GATEWAY, GATEWAY_API, hostnamesIntersect, type Listener, listenerRefusal, listenersOf, reference, referenceGranted } from './gateway-model';
import { type ExternalObjects, type ReferenceFinding } from './pod-references';
import { type LoadedObject, objectId } from './problem';

/** Envoy Gateway's policy kinds that attach to Gateways and routes through `targetRef(s)`. */
const ENVOY_GATEWAY_POLICIES = new Set(['ClientTrafficPolicy', 'BackendTrafficPolicy', 'SecurityPolicy', 'EnvoyExtensionPolicy']);

/**
 * Checks Gateway API objects the way the controller resolves them, so that a route that would
 * be refused or serve nothing is found before Argo CD applies it:
 *
 * - `ref/gatewayClass`: a Gateway's `gatewayClassName` names a GatewayClass;
 *   `ref/gatewayParameters`: a GatewayClass's or Gateway's `parametersRef` names an existing object
 *   (a Gateway's, in its own namespace);
 * - `ref/secret`: a listener's `tls.certificateRefs` Secret exists or is created (a cert-manager
 *   Certificate, an ExternalSecret), and in another namespace a ReferenceGrant there allows it;
 * - `ref/parentRef`: an HTTPRoute's (or GRPCRoute's) `parentRefs` name an existing Gateway and
 *   listener whose `allowedRoutes` admit the route's namespace and kind;
 * - `ref/routeHostname`: the route's hostnames have a host in common with the listeners it
 *   attaches to (otherwise it serves nothing there);
 * - `ref/routeBackend`: every `backendRef` names an existing Service and one of its ports; in
 *   another namespace a ReferenceGrant there must allow it;
 * - `ref/policyTarget`: an Envoy Gateway policy's `targetRef(s)` name a Gateway (and listener)
 *   or route of the policy's own namespace.
 */
export function checkGatewayReferences(loaded: LoadedObject, inventory: Inventory, external: ExternalObjects): ReferenceFinding[] {
  const id = objectId(loaded.object);
  const object = asMap(loaded.object) ?? {};
  const spec = asMap(object.spec) ?? {};
  const group = groupOf(id.apiVersion);
  if (group === ENVOY_GATEWAY && ENVOY_GATEWAY_POLICIES.has(id.kind)) return checkPolicyTargets(spec, id.namespace, inventory);
  if (group !== GATEWAY_API) return [];
  switch (id.kind) {
    case 'GatewayClass': {
      const ref = asMap(spec.parametersRef);
      return ref ? checkParameters(reference(ref, { group: '', kind: '', namespace: '' }), 'spec.parametersRef', inventory) : [];
    }
    case 'Gateway':
      return checkGateway(spec, id.namespace, inventory, external);
    case 'HTTPRoute':
    case 'GRPCRoute':
      return checkRoute(id.kind, spec, id.namespace, inventory, external);
    default:
      return [];
  }
}

function checkParameters(ref: ReturnType<typeof reference>, path: string, inventory: Inventory): ReferenceFinding[] {
  if (inventory.has(ref.group, ref.kind, ref.namespace, ref.name)) return [];
  return [
    {
      rule: 'ref/gatewayParameters',
      message: `${path}: no ${ref.kind} "${ref.name}"${ref.namespace ? ` in namespace "${ref.namespace}"` : ''} (${ref.group})`,
    },
  ];
}

function checkGateway(spec: JsonMap, ns: string, inventory: Inventory, external: ExternalObjects): ReferenceFinding[] {
  const out: ReferenceFinding[] = [];
  const className = asString(spec.gatewayClassName) ?? '';
  if (!inventory.has(GATEWAY_API, 'GatewayClass', '', className))
    out.push({ rule: 'ref/gatewayClass', message: `spec.gatewayClassName: no GatewayClass "${className}"` });
  const params = asMap(asMap(spec.infrastructure)?.parametersRef);
  if (params) out.push(...checkParameters(reference(params, { group: '', kind: '', namespace: ns }), 'spec.infrastructure.parametersRef', inventory));
  listenersOf({ spec }).forEach((listener, i) => {
    asArray(asMap(listener.spec.tls)?.certificateRefs).forEach((raw, j) => {
      const ref = reference(raw, { group: '', kind: 'Secret', namespace: ns });
      const at = `spec.listeners[${i}].tls.certificateRefs[${j}]`;
      if (ref.group !== '' || ref.kind !== 'Secret') return;
      if (!inventory.secretSource(ref.namespace, ref.name) && !external.secret(ref.namespace, ref.name)) {
        out.push({
          rule: 'ref/secret',
          message: `${at}: no Secret "${ref.name}" in namespace "${ref.namespace}", nor a Certificate or ExternalSecret that creates it`,
        });
      } else if (
        ref.namespace !== ns &&
        !referenceGranted(
          inventory,
          { group: GATEWAY_API, kind: 'Gateway', namespace: ns },
          { group: '', kind: 'Secret', namespace: ref.namespace, name: ref.name },
        )
      ) {
        out.push({
          rule: 'ref/secret',
          message: `${at}: Secret "${ref.name}" is in namespace "${ref.namespace}" and no ReferenceGrant there lets Gateways of "${ns}" use it`,
        });
      }
    });
  });
  return out;
}

function checkRoute(kind: string, spec: JsonMap, ns: string, inventory: Inventory, external: ExternalObjects): ReferenceFinding[] {
  const out: ReferenceFinding[] = [];
  const hostnames = asArray(spec.hostnames).map((h) => String(h));
  asArray(spec.parentRefs).forEach((raw, i) => {
    const ref = reference(raw, { group: GATEWAY_API, kind: 'Gateway', namespace: ns });
    const at = `spec.parentRefs[${i}]`;
    if (ref.group !== GATEWAY_API || ref.kind !== 'Gateway') return;
    const gateway = asMap(inventory.get(GATEWAY_API, 'Gateway', ref.namespace, ref.name)[0]?.object);
    if (!gateway) {
      out.push({ rule: 'ref/parentRef', message: `${at}: no Gateway "${ref.name}" in namespace "${ref.namespace}"` });
      return;
    }
    const listeners = listenersOf(gateway).filter((l) => ref.sectionName === undefined || l.name === ref.sectionName);
    if (!listeners.length) {
      out.push({ rule: 'ref/parentRef', message: `${at}.sectionName: Gateway "${ref.namespace}/${ref.name}" has no listener "${ref.sectionName}"` });
      return;
    }
    const refusals = listeners.map((l) => listenerRefusal(l, ref.namespace, kind, ns, inventory));
    const attached = listeners.filter((_, j) => refusals[j] === undefined);
    if (!attached.length) {
      out.push({ rule: 'ref/parentRef', message: `${at}: Gateway "${ref.namespace}/${ref.name}" does not admit this ${kind}: ${refusals.join('; ')}` });
      return;
    }
    out.push(...checkHostnames(hostnames, attached, `${at} (Gateway "${ref.namespace}/${ref.name}")`));
  });
  asArray(spec.rules).forEach((rule, i) => {
    asArray(asMap(rule)?.backendRefs).forEach((raw, j) => out.push(...checkBackend(kind, raw, `spec.rules[${i}].backendRefs[${j}]`, ns, inventory, external)));
  });
  return out;
}

function checkHostnames(hostnames: readonly string[], listeners: readonly Listener[], where: string): ReferenceFinding[] {
  if (!hostnames.length) return [];
  const unserved = hostnames.filter((h) => !listeners.some((l) => hostnamesIntersect(l.hostname, h)));
  if (!unserved.length) return [];
  const accepted = listeners.map((l) => `${l.name}: ${l.hostname ?? 'any host'}`).join(', ');
  return [
    {
      rule: 'ref/routeHostname',
      message: `spec.hostnames ${unserved.map((h) => `"${h}"`).join(', ')}: no listener it attaches to at ${where} accepts ${unserved.length > 1 ? 'them' : 'it'} (${accepted})`,
    },
  ];
}

function checkBackend(kind: string, raw: unknown, at: string, ns: string, inventory: Inventory, external: ExternalObjects): ReferenceFinding[] {
  const ref = reference(raw, { group: '', kind: 'Service', namespace: ns });
  if (ref.group !== '' || ref.kind !== 'Service') return [];
  const port = asMap(raw)?.port;
  if (external.service(ref.namespace, ref.name)) return [];
  const service = inventory.service(ref.namespace, ref.name);
  if (!service) return [{ rule: 'ref/routeBackend', message: `${at}: no Service "${ref.name}" in namespace "${ref.namespace}"` }];
  if (typeof port !== 'number') return [{ rule: 'ref/routeBackend', message: `${at}.port: a Service backend needs a port` }];
  if (!service.ports.some((p) => p.port === port)) return [{ rule: 'ref/routeBackend', message: `${at}.port: Service "${ref.name}" has no port ${port}` }];
  if (
    ref.namespace !== ns &&
    !referenceGranted(inventory, { group: GATEWAY_API, kind, namespace: ns }, { group: '', kind: 'Service', namespace: ref.namespace, name: ref.name })
  ) {
    return [
      {
        rule: 'ref/routeBackend',
        message: `${at}: Service "${ref.name}" is in namespace "${ref.namespace}" and no ReferenceGrant there lets ${kind}s of "${ns}" use it`,
      },
    ];
  }
  return [];
}

function checkPolicyTargets(spec: JsonMap, ns: string, inventory: Inventory): ReferenceFinding[] {
  const targets =
    spec.targetRefs !== undefined
      ? asArray(spec.targetRefs).map((t, i) => ({ t, at: `spec.targetRefs[${i}]` }))
      : spec.targetRef !== undefined
        ? [{ t: spec.targetRef, at: 'spec.targetRef' }]
        : [];
  const out: ReferenceFinding[] = [];
  for (const { t, at } of targets) {
    const ref = reference(t, { group: GATEWAY_API, kind: '', namespace: ns });
    const target = asMap(inventory.get(ref.group, ref.kind, ns, ref.name)[0]?.object);
    if (!target) {
      out.push({
        rule: 'ref/policyTarget',
        message: `${at}: no ${ref.kind} "${ref.name}" in namespace "${ns}" (a policy attaches to objects of its own namespace)`,
      });
    } else if (ref.sectionName !== undefined && ref.kind === 'Gateway' && !listenersOf(target).some((l) => l.name === ref.sectionName)) {
      out.push({ rule: 'ref/policyTarget', message: `${at}.sectionName: Gateway "${ref.name}" has no listener "${ref.sectionName}"` });
    }
  }
  return out;
}
