/** Release numbers: Kubernetes minors (`1.29`) and operator releases (`0.50.1`). */

/** Compares two dotted release numbers part by part, numerically; a missing part counts as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/**
 * The Kubernetes minor `version` names (`1.29`, `v1.29`, `1.29.4`), as `1.29`.
 * @throws for anything else.
 */
export function kubernetesMinor(version: string): string {
  const m = /^v?(1)\.(\d{1,3})(?:\.\d+)?$/.exec(version.trim());
  if (!m) throw new Error(`"${version}" is not a Kubernetes version (expected 1.<minor>, e.g. 1.29)`);
  return `${m[1]}.${Number(m[2])}`;
}

/**
 * The Kubernetes minors a cluster on `version` runs through in its next `ahead` upgrades,
 * one minor at a time as AKS upgrades them: `1.29` → `['1.29', '1.30', '1.31', '1.32']`.
 */
export function kubernetesWindow(version: string, ahead = 3): string[] {
  const [major, minor] = kubernetesMinor(version).split('.').map(Number);
  return Array.from({ length: ahead + 1 }, (_, i) => `${major}.${minor + i}`);
}
