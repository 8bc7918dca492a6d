/**
 * What `npm run diff` adds to the resource-by-resource comparison: the NetworkPolicy flows a
 * change adds and removes (tools/graph/flow-diff.ts), and its effect on capacity, each pool's
 * share at maximum replicas and maximum nodes before and after (tools/capacity/change.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { ENVIRONMENTS, loadConfig, type Environment } from '../../config';
import { newErrors, renderCapacityChangeMarkdown, renderCapacityChangeText } from '../capacity/change';
import { configAtCommit } from '../capacity/config-at-commit';
import { planClusters } from '../capacity/environment';
import type { ClusterCapacity } from '../capacity/plan';
import { diffFlows, renderFlowDiffMarkdown, type FlowDiff } from '../graph/flow-diff';
import { clusterFlows } from '../graph/flows';
import type { ManifestDocument } from '../manifests/load';
import type { TreeResource } from './load';
import type { MarkdownBlock } from './markdown-parts';
import { REPO_ROOT } from '../repo';

/** Where the configuration of each side comes from: the head's is this checkout's. */
export interface ReviewSides {
  /** The git working directory the base commit is read in. */
  readonly cwd: string;
  /** The commit dist/ was read from; its configuration sizes the base's pools. */
  readonly baseCommit?: string;
}

/** The resources of one cluster of a rendered tree. */
export interface TreeCluster {
  readonly env: string;
  /** The cluster folder, or undefined when the environment folder is the one cluster (older commits). */
  readonly cluster?: string;
  /** `prod/matih-prod`, or `dev`. */
  readonly label: string;
  readonly resources: readonly TreeResource[];
}

/** A tree's resources by cluster: the first part of their app (`<cluster>/<app>`, see placeTreeFiles), else the environment. */
export function treeClusters(resources: readonly TreeResource[]): TreeCluster[] {
  const byLabel = new Map<string, { env: string; cluster?: string; resources: TreeResource[] }>();
  for (const r of resources) {
    if (r.key.env === '' || r.key.app === '') continue;
    const slash = r.key.app.indexOf('/');
    const cluster = slash < 0 ? undefined : r.key.app.slice(0, slash);
    const label = cluster === undefined ? r.key.env : `${r.key.env}/${cluster}`;
    const entry = byLabel.get(label) ?? { env: r.key.env, ...(cluster === undefined ? {} : { cluster }), resources: [] };
    entry.resources.push(r);
    byLabel.set(label, entry);
  }
  return [...byLabel].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([label, c]) => ({ ...c, label }));
}

/** The flows each cluster's NetworkPolicies allow, prefixed `<cluster label>:`, compared. */
export function treeFlowDiff(base: readonly TreeResource[], head: readonly TreeResource[]): FlowDiff {
  const flows = (tree: readonly TreeResource[]) =>
    treeClusters(tree).flatMap((c) =>
      clusterFlows(c.resources.map((r) => r.object)).map((f) => ({ ...f, from: `${c.label}:${f.from}`, to: `${c.label}:${f.to}` })),
    );
  return diffFlows(flows(base), flows(head));
}

/** Capacity of every configured cluster in a tree, on the pools of `envs`. */
function treeCapacity(tree: readonly TreeResource[], envs: readonly Environment[]): ClusterCapacity[] {
  const clusters = treeClusters(tree);
  return envs.flatMap((env) => {
    const mine = clusters.filter((c) => c.env === env.name && c.cluster !== undefined);
    if (mine.length === 0) return [];
    const docs = new Map(mine.map((c) => [c.cluster as string, c.resources.map((r, index): ManifestDocument => ({ file: r.file, index, object: r.object }))]));
    return planClusters(env, docs);
  });
}

/**
 * Both sides' capacity: the head on this checkout's configuration, the base on the base
 * commit's (or this checkout's, said in `note`, when there is no commit or it does not load).
 */
function capacityBeforeAfter(
  base: readonly TreeResource[],
  head: readonly TreeResource[],
  sides: ReviewSides,
): { before: ClusterCapacity[]; after: ClusterCapacity[]; note?: string } {
  let headEnvs: Environment[];
  try {
    headEnvs = loadConfig(ENVIRONMENTS, (rel) => fs.readFileSync(path.join(REPO_ROOT, rel), 'utf8'));
  } catch (e) {
    return { before: [], after: [], note: `not computed: the configuration does not load (${(e as Error).message.split('\n')[0]})` };
  }
  let baseEnvs = headEnvs;
  let note: string | undefined;
  if (sides.baseCommit === undefined) {
    note = "both sides sized with the working tree's node pools (no base commit)";
  } else {
    try {
      baseEnvs = configAtCommit(sides.baseCommit, sides.cwd);
    } catch (e) {
      note = `both sides sized with the working tree's node pools: the configuration at ${sides.baseCommit.slice(0, 12)} does not load (${(e as Error).message.split('\n')[0]})`;
    }
  }
  return { before: treeCapacity(base, baseEnvs), after: treeCapacity(head, headEnvs), ...(note ? { note } : {}) };
}

/** Flows beyond this many are listed without the Mermaid snippet, which GitHub would not draw legibly anyway. */
export const MAX_DRAWN_FLOWS = 80;

/** The flow diff as blocks: one when small, else the table row by row (so parts split between rows) and no drawing. */
function flowBlocks(flows: FlowDiff): MarkdownBlock[] {
  const section = 'Network flows';
  const markdown = renderFlowDiffMarkdown(flows);
  if (markdown === '') return [];
  if (flows.added.length + flows.removed.length <= MAX_DRAWN_FLOWS) return [{ section, text: `${markdown}\n` }];
  const lines = markdown.slice(0, markdown.indexOf('```mermaid')).trimEnd().split('\n');
  const header = lines.indexOf('|---|---|---|---|') + 1;
  return [
    { section, text: `${lines.slice(0, header).join('\n')}\n` },
    ...lines.slice(header).map((row) => ({ section, text: `${row}\n` })),
    { section, text: `\n_More than ${MAX_DRAWN_FLOWS} flows changed: no diagram._\n\n` },
  ];
}

/** The extra sections, as Markdown blocks (for the split into parts) and as text. */
export function reviewSections(
  base: readonly TreeResource[],
  head: readonly TreeResource[],
  sides: ReviewSides,
): {
  readonly blocks: MarkdownBlock[];
  readonly text: string;
  /** Capacity errors the change brings (a pool that no longer holds its pods): dangerous. */
  readonly newCapacityErrors: number;
} {
  const flows = treeFlowDiff(base, head);
  const { before, after, note } = capacityBeforeAfter(base, head, sides);
  const blocks: MarkdownBlock[] = [{ section: 'Capacity', text: renderCapacityChangeMarkdown(before, after, note) }, ...flowBlocks(flows)];
  const flowText =
    flows.added.length + flows.removed.length === 0
      ? 'network flows: no change\n'
      : [
          'network flows:',
          ...flows.added.map((f) => `  + ${f.from} → ${f.to} ${f.port}`),
          ...flows.removed.map((f) => `  - ${f.from} → ${f.to} ${f.port}`),
        ].join('\n') + '\n';
  return { blocks, text: renderCapacityChangeText(before, after, note) + flowText, newCapacityErrors: newErrors(before, after).length };
}
