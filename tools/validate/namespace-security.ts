import { POD_SECURITY_REASON_ANNOTATION } from '../../lib/network/isolated-namespace';
import type { Inventory } from './inventory';
import { asMap, asStringMap } from './json';
import { type LoadedObject, objectId } from './problem';
import type { ReferenceFinding } from './pod-references';

const ENFORCE = 'pod-security.kubernetes.io/enforce';

/**
 * `pss/namespace-level`: a Namespace that enforces less than `restricted` must say why (the
 * `matih.ai/pod-security-reason` annotation), and holds no workload of the run: the relaxed
 * level is for the one chart-installed agent its reason names (node-exporter, the NVIDIA device
 * plugin), nothing else.
 */
export function checkNamespaceLevels(inventory: Inventory): { loaded: LoadedObject; finding: ReferenceFinding }[] {
  const out: { loaded: LoadedObject; finding: ReferenceFinding }[] = [];
  for (const loaded of inventory.ofKind('', 'Namespace')) {
    const metadata = asMap(asMap(loaded.object)?.metadata);
    const level = asStringMap(metadata?.labels)[ENFORCE];
    if (level === undefined || level === 'restricted') continue;
    const name = objectId(loaded.object).name;
    if (!asStringMap(metadata?.annotations)[POD_SECURITY_REASON_ANNOTATION]?.trim()) {
      out.push({
        loaded,
        finding: {
          rule: 'pss/namespace-level',
          message: `enforces Pod Security "${level}" without saying why: set the ${POD_SECURITY_REASON_ANNOTATION} annotation`,
        },
      });
    }
    const workloads = inventory.templates.filter((t) => t.namespace === name).map((t) => `${objectId(t.owner.object).kind}/${objectId(t.owner.object).name}`);
    if (workloads.length) {
      out.push({
        loaded,
        finding: {
          rule: 'pss/namespace-level',
          message: `enforces Pod Security "${level}", yet holds ${workloads.join(', ')}: run them in a restricted namespace`,
        },
      });
    }
  }
  return out;
}
