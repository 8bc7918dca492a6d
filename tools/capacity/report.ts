/**
 * The capacity plan as a reviewer reads it: per cluster and pool, what a node offers, the
 * requests at minimum and maximum replicas against the pool at minimum and maximum nodes,
 * the nodes a packing needs, headroom, GPUs and the tenant quotas; then the findings.
 */
import { formatAmount, formatResources, subtract, times, type PodGroup, type Resources } from './model';
import { utilisation, type CapacityFinding, type ClusterCapacity, type PoolCapacity } from './plan';
import { RESERVATIONS_SINCE } from './reservations';
import { VM_SIZES_VERSION } from './vm-sizes';

const SOURCES = `AKS node reservations for Kubernetes ${RESERVATIONS_SINCE}+ (tools/capacity/reservations.ts), VM sizes as of ${VM_SIZES_VERSION} (tools/capacity/vm-sizes.ts)`;

/** `91% memory` of the capacity the requests take, by their scarcest resource. */
export function percent(requests: Resources, capacity: Resources): string {
  if (capacity.cpu === 0 && capacity.memory === 0) return requests.cpu || requests.memory ? 'scales up from 0 nodes' : '0%';
  const u = utilisation(requests, capacity);
  if (u.share === 0) return '0%';
  return Number.isFinite(u.share) ? `${Math.round(u.share * 100)}% ${u.resource}` : `∞ (no ${u.resource} at this size)`;
}

/** The headline of a pool: `91% memory of max at max replicas, 9 of 10 nodes`. */
export function headline(p: PoolCapacity): string {
  return `${percent(p.requestsMax, times(p.free, p.pool.maxNodes))} of max at max replicas, ${p.nodesAtMaxReplicas} of ${p.pool.maxNodes} nodes`;
}

/** Plain text, one block per pool. */
export function renderCapacityText(clusters: readonly ClusterCapacity[]): string {
  const lines: string[] = [`capacity (${SOURCES})`, ''];
  for (const c of clusters) {
    lines.push(`${c.env}/${c.cluster} (Kubernetes ${c.kubernetesVersion})`);
    for (const p of c.pools) lines.push(...poolText(p), '');
    if (c.pools.length === 0) lines.push('');
  }
  lines.push(...findingLines(clusters.flatMap((c) => c.findings)), summaryLine(clusters, false));
  return lines.join('\n') + '\n';
}

function poolText(p: PoolCapacity): string[] {
  const r = p.reservation;
  const { pool, size } = p;
  const atMax = times(p.free, pool.maxNodes);
  const out = [
    `  ${pool.name}: ${pool.minNodes}-${pool.maxNodes} × ${pool.vmSize} (${size.vcpus} vCPU, ${size.memoryGiB} GiB${size.gpus ? `, ${size.gpus} × ${size.gpuModel}` : ''}), max ${pool.maxPods} pods`,
    `    a node: allocatable ${formatResources(r.allocatable, true)} (kube-reserved ${r.kubeReservedCpu}m CPU, ${formatAmount('memory', r.kubeReservedMemory)}; eviction 100Mi); ` +
      `${p.daemonSets.length} DaemonSets take ${formatResources(p.perNode, true)} → ${formatResources(p.free, true)} free`,
    `    min replicas: ${formatResources(p.requestsMin, true)} = ${percent(p.requestsMin, times(p.free, pool.minNodes))} of ${nodes(pool.minNodes)}; packs on ${p.nodesAtMinReplicas}`,
    `    max replicas: ${formatResources(p.requestsMax, true)} = ${percent(p.requestsMax, atMax)} of ${nodes(pool.maxNodes)}; packs on ${p.nodesAtMaxReplicas}; headroom ${formatResources(subtract(atMax, p.requestsMax), true)}`,
  ];
  if (p.quotas.length)
    out.push(`    tenant quotas (${p.quotas.length}) in full: +${formatResources(p.quotaRequests)} → ${p.nodesWithQuotas} of ${pool.maxNodes} nodes`);
  if (size.gpus) out.push(`    GPU: ${p.requestsMin.gpu} at min, ${p.requestsMax.gpu} at max replicas of ${size.gpus * pool.maxNodes} at max nodes`);
  if (size.lifecycle) out.push(`    note: ${size.lifecycle}`);
  return out;
}

/** Markdown for a pull-request comment: a table per cluster, the findings, the pods per pool folded. */
export function renderCapacityMarkdown(clusters: readonly ClusterCapacity[], heading = '## Capacity'): string {
  const out: string[] = [heading, '', summaryLine(clusters, true), '', `_${SOURCES}; first-fit-decreasing packing of requests._`, ''];
  for (const c of clusters) {
    out.push(`### ${c.env}/${c.cluster} (Kubernetes ${c.kubernetesVersion})`, '');
    out.push(
      '| pool | VM size | nodes | free per node | min replicas on min nodes | max replicas on max nodes | nodes needed at max | headroom at max | GPU |',
    );
    out.push('|---|---|---:|---|---|---|---:|---|---|');
    for (const p of c.pools) {
      const atMax = times(p.free, p.pool.maxNodes);
      const quotas = p.quotas.length ? ` (${p.nodesWithQuotas} with quotas)` : '';
      out.push(
        `| ${p.pool.name} | ${p.pool.vmSize} | ${p.pool.minNodes}-${p.pool.maxNodes} | ${formatResources(p.free, true)} | ${percent(p.requestsMin, times(p.free, p.pool.minNodes))} | ` +
          `${percent(p.requestsMax, atMax)} | ${p.nodesAtMaxReplicas}${quotas} | ${formatResources(subtract(atMax, p.requestsMax))} | ${p.size.gpus ? `${p.requestsMax.gpu}/${p.size.gpus * p.pool.maxNodes}` : ''} |`,
      );
    }
    out.push('');
    for (const p of c.pools) out.push(podDetails(p));
  }
  const findings = clusters.flatMap((c) => c.findings);
  if (findings.length) out.push('#### Findings', '', ...findings.map((f) => `- ${f.severity === 'error' ? '❌' : '⚠️'} ${escapeCell(formatFinding(f))}`), '');
  return out.join('\n') + '\n';
}

function podDetails(p: PoolCapacity): string {
  const row = (g: PodGroup) =>
    `| ${escapeCell(g.name)} | ${g.mode === 'per-node' ? 'per node' : g.mode === 'quota' ? 'quota' : g.minReplicas === g.maxReplicas ? g.maxReplicas : `${g.minReplicas}-${g.maxReplicas}`} ` +
    `| ${formatResources(g.requests)} | ${g.origin}${g.note?.startsWith('estimate') ? ' (estimate)' : ''} |`;
  const groups = [...p.daemonSets, ...p.workloads, ...p.quotas];
  return `<details><summary>${p.pool.name}: ${groups.length} pod groups</summary>\n\n| pods | replicas | requests each | from |\n|---|---|---|---|\n${groups.map(row).join('\n')}\n\n</details>\n`;
}

/** One line per finding: `error capacity/pool-full prod/matih-prod/dataplane: ...`. */
export function formatFinding(f: CapacityFinding): string {
  return `${f.severity} ${f.rule} ${f.where}${f.subject ? ` ${f.subject}` : ''}: ${f.message}`;
}

function findingLines(findings: readonly CapacityFinding[]): string[] {
  return findings.length ? [...findings.map(formatFinding), ''] : [];
}

/** `capacity: 9 pools in 2 clusters, everything fits, 1 warning` (errors in bold in Markdown). */
function summaryLine(clusters: readonly ClusterCapacity[], markdown: boolean): string {
  const findings = clusters.flatMap((c) => c.findings);
  const errors = findings.filter((f) => f.severity === 'error').length;
  const pools = clusters.reduce((n, c) => n + c.pools.length, 0);
  const count = `${errors} error${errors === 1 ? '' : 's'}`;
  const verdict = errors ? (markdown ? `**${count}**` : count) : 'everything fits';
  return `capacity: ${pools} pools in ${clusters.length} clusters, ${verdict}, ${findings.length - errors} warning${findings.length - errors === 1 ? '' : 's'}`;
}

function nodes(n: number): string {
  return `${n} node${n === 1 ? '' : 's'}`;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
