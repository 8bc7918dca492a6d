/**
 * Values that are known only once every construct is declared (ports added as flows are
 * declared, mounts added by later charts): cdk8s resolves them when the tree is rendered.
 */
import { Lazy } from 'cdk8s';

/** A value cdk8s computes when the tree is rendered, typed as what `produce` returns. */
export function lazy<T>(produce: () => T): T {
  return Lazy.any({ produce }) as T;
}
