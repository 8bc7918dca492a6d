import { ApiObject, App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { prepare } from '../phases';
import { toYaml } from './yaml';

const FOLDER = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\/[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Props of {@link FolderChart}. */
export interface FolderChartProps {
  /** The folder under the render prefix, `/`-separated DNS labels: `prod-cluster/data-plane`. */
  readonly folder: string;
  /** The namespace most of the chart's objects live in: their files sit at the folder's top. @default none */
  readonly homeNamespace?: string;
}

/** A chart that renders into one folder of the output (one Argo CD application). */
export class FolderChart extends Chart {
  public readonly folder: string;
  public readonly homeNamespace?: string;

  constructor(scope: Construct, id: string, props: FolderChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    if (!FOLDER.test(props.folder)) throw new Error(`chart folder "${props.folder}" must be /-separated DNS labels`);
    this.folder = props.folder;
    this.homeNamespace = props.homeNamespace;
  }
}

/** One rendered file. */
export interface RenderedFile {
  /** Path relative to the output root, with `/` separators. */
  readonly path: string;
  readonly content: string;
  /** The object, as rendered (for checks that run before anything is written). */
  readonly object: Record<string, unknown>;
}

/**
 * Prepares an app (lib/phases.ts) and renders every ApiObject of its folder charts into one
 * file each: `<prefix>/<folder>/<kind>-<name>.yaml`, or `<prefix>/<folder>/<namespace>/<kind>-<name>.yaml`
 * for a namespaced object outside the folder's home namespace. Folders come out sorted, so
 * the order the charts were built in does not matter; two objects that would share a file
 * are an error that names both.
 */
export function renderApp(app: App, prefix: string): RenderedFile[] {
  prepare(app);
  const files: RenderedFile[] = [];
  const owners = new Map<string, string>();
  const charts = app.node.children.filter((c): c is FolderChart => c instanceof FolderChart).sort((a, b) => (a.folder < b.folder ? -1 : a.folder > b.folder ? 1 : 0));
  const folders = new Set<string>();
  for (const chart of charts) {
    if (folders.has(chart.folder)) throw new Error(`two charts render into the folder "${prefix}/${chart.folder}"`);
    folders.add(chart.folder);
    for (const child of chart.node.findAll()) {
      if (!ApiObject.isApiObject(child)) continue;
      const object = child.toJson() as Record<string, unknown> & { kind: string; metadata?: { name?: string; namespace?: string } };
      const ns = object.metadata?.namespace;
      const name = object.metadata?.name ?? '';
      const file = `${object.kind.toLowerCase()}-${name}.yaml`;
      const path = ns && ns !== chart.homeNamespace ? `${prefix}/${chart.folder}/${ns}/${file}` : `${prefix}/${chart.folder}/${file}`;
      const other = owners.get(path);
      if (other) {
        throw new Error(`${other} and ${child.node.path} both render ${path} (${object.kind} "${name}"${ns ? ` in namespace "${ns}"` : ''}): give one of them another name`);
      }
      owners.set(path, child.node.path);
      files.push({ path, content: toYaml(object, { sortKeys: true }), object });
    }
  }
  return files;
}
