/**
 * The repository's YAML emitter (lib/render/yaml.ts) against the `yaml` package's
 * `stringify` in YAML 1.1 mode, on every object of a synth's output. The repository keeps
 * its own emitter only while it stays clearly faster; this is where that is measured.
 */
import { parse, stringify } from 'yaml';
import { toYaml } from '../../lib/render/yaml';
import type { RenderedText } from './helm-chart';
import { summarize, type Summary } from './stats';

/** Both emitters' times over all objects, per round. */
export interface EmitterComparison {
  readonly objects: number;
  /** Whether toYaml reproduced every file byte for byte (it must: it wrote them). */
  readonly identical: number;
  readonly toYaml: Summary;
  readonly yamlStringify: Summary;
}

/**
 * Parses every file back into its object, then times `rounds` passes of each emitter over all
 * objects, alternating, after one untimed pass of each (JIT warm-up). `toYaml` runs as the
 * synth runs it (`sortKeys`); `stringify` gets the objects already in that key order, which
 * only helps it.
 */
export function compareEmitters(files: readonly RenderedText[], rounds: number): EmitterComparison {
  const objects = files.map((f) => parse(f.content, { version: '1.1' }) as Record<string, unknown>);
  const identical = objects.filter((o, i) => toYaml(o, { sortKeys: true }) === files[i].content).length;
  const ours: number[] = [];
  const theirs: number[] = [];
  let sink = 0;
  for (let round = -1; round < rounds; round++) {
    let t = performance.now();
    for (const o of objects) sink += toYaml(o, { sortKeys: true }).length;
    const a = performance.now() - t;
    t = performance.now();
    for (const o of objects) sink += stringify(o, { version: '1.1' }).length;
    const b = performance.now() - t;
    if (round >= 0) {
      ours.push(a);
      theirs.push(b);
    }
  }
  // the lengths are used, so no pass can be optimized away
  if (sink <= 0) throw new Error('the emitters wrote nothing');
  return { objects: objects.length, identical, toYaml: summarize(ours), yamlStringify: summarize(theirs) };
}
