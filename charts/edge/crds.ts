/**
 * The CRDs of the edge, and how they reach a cluster: an Argo CD Application per cluster with
 * an edge that applies the vendored files themselves (imports/crds/gateway-api and
 * imports/crds/envoy-gateway, byte-identical to upstream: imports/SOURCES.md), in the first
 * sync wave, before Envoy Gateway and long before any Gateway or route. So the cluster serves
 * exactly the schemas the validator checks dist/ against, and dist/ does not carry 1.9 MB of
 * CRDs per cluster.
 *
 * Why not the chart's (`skipCrds` on its Application): gateway-helm v1.3.3 bundles Gateway
 * API v1.2.1's experimental channel (TCPRoute, UDPRoute, TLSRoute, BackendTLSPolicy,
 * BackendLBPolicy and experimental fields such as HTTPRoute retries) and every Envoy Gateway
 * CRD, EnvoyPatchPolicy (raw xDS patches) and Backend (arbitrary endpoints) included. Here the
 * cluster gets the standard channel and the three Envoy Gateway kinds the platform uses;
 * Envoy Gateway v1.3.3 watches every other kind only when its CRD exists (`crdExists`,
 * `internal/provider/kubernetes/controller.go`).
 *
 * The Application applies server-side (EnvoyProxy's CRD is over a megabyte, beyond the 256 KiB
 * of client-side apply's annotation), never prunes, and has no resources finalizer: deleting a
 * CRD deletes every resource of it, so neither a file removed from git nor a deleted
 * Application takes one away.
 */
import type { ClusterContext } from '../context';

/** The Application's name on the cluster: `<cluster>-gateway-api`. */
const GATEWAY_API_CRDS = 'gateway-api';

/** The repository folders it applies, as they are: everything vendored there is installed. */
export const EDGE_CRD_FOLDERS = ['imports/crds/gateway-api', 'imports/crds/envoy-gateway'] as const;

/** What Argo CD applies for a cluster's edge CRDs: folders of this repository, into the edge namespace's operators project. */
export interface VendoredManifests {
  readonly name: string;
  readonly paths: readonly string[];
  /** The Application's destination namespace (CRDs are cluster-scoped; it must be one the project permits). */
  readonly namespace: string;
}

/** The edge's CRDs for a cluster. */
export function edgeCrdManifests(ctx: ClusterContext): VendoredManifests {
  return { name: GATEWAY_API_CRDS, paths: EDGE_CRD_FOLDERS, namespace: ctx.platform.namespaces.ingress };
}
