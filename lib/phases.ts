/**
 * One explicit preparation phase before rendering, for what must see every construct:
 * Kafka users from every client, flows from every dependency, secrets from every reference,
 * Argo CD applications from every folder. Constructs register actions for a phase; `prepare`
 * runs them phase by phase, each phase in the order of the constructs' paths, so the result
 * does not depend on the order the constructs were built in.
 */
import { type IConstruct, Node } from 'constructs';

/** The phases, in the order they run. */
export enum Phase {
  /** Declarations that follow from others: a Kafka client's user and mounts, a scrape target's policy. */
  DECLARE = 10,
  /** Objects collected from every declaration: the ExternalSecrets of every Secret a pod names, flows derived from admitted ports. */
  COLLECT = 20,
  /** Objects that describe the rendered tree: Argo CD applications and projects. */
  DESCRIBE = 30,
}

interface Action {
  readonly phase: Phase;
  readonly path: string;
  readonly seq: number;
  readonly run: () => void;
}

const actions = new WeakMap<IConstruct, Action[]>();
const running = new WeakMap<IConstruct, Phase>();

/** Registers `run` for `phase`, on behalf of `scope`. */
export function onPhase(scope: IConstruct, phase: Phase, run: () => void): void {
  const root = Node.of(scope).root;
  const current = running.get(root);
  if (current !== undefined && phase <= current) {
    throw new Error(`${Node.of(scope).path}: an action for phase ${Phase[phase]} was registered during phase ${Phase[current]}, after that phase ran`);
  }
  const list = actions.get(root) ?? [];
  list.push({ phase, path: Node.of(scope).path, seq: list.length, run });
  actions.set(root, list);
}

/** Runs every registered action of the tree of `root`, once; later calls do nothing more. */
export function prepare(root: IConstruct): void {
  const list = actions.get(root) ?? [];
  for (const phase of [Phase.DECLARE, Phase.COLLECT, Phase.DESCRIBE]) {
    running.set(root, phase);
    // actions added for later phases while this one runs are picked up when their phase comes
    const due = list.filter((a) => a.phase === phase).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.seq - b.seq));
    for (const a of due) a.run();
  }
  actions.set(root, []);
}
