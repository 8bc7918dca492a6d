/**
 * The Helm side of `npm run bench`: a Helm chart that renders the same objects as a synth,
 * written the way platform teams write charts, so that `helm template` of it is a fair bar.
 *
 * Shape: one umbrella chart (`platform`) with one subchart per output folder
 * (`<env>/<cluster>/<app>/`, one Argo CD application, as a team keeps one chart per application:
 * the 55+ hand-kept charts this repository replaced), and one template per rendered object
 * (the usual `deployment.yaml`, `service.yaml`, ... of a chart). Each template is the
 * object's YAML with the parts that charts take from values taken from `.Values`:
 *
 * - `metadata.name` and `metadata.namespace`: `{{ $v.name | quote }}`;
 * - images: `"{{ $v.image.repository }}:{{ $v.image.tag }}"`;
 * - `replicas`: `{{ $v.replicas }}`;
 * - labels, annotations and selectors: a named template of the subchart's `_helpers.tpl`,
 *   `{{- include "<chart>.labels" $v.labels | trim | nindent 4 }}`;
 * - the blocks charts expose whole (resources, securityContext, env, volumes, tolerations,
 *   affinity, network policy rules, ...): `{{- toYaml $v.resources | nindent 12 }}`;
 * - any string that holds `{{` or `}}` (it would be read as a template): from values too.
 *
 * So Helm parses every template, looks values up, runs `include`, `toYaml`, `quote` and
 * `nindent`, as for a real chart, and its output parses to exactly the synth's objects (the
 * bench checks that). One template per object gives Helm the same objects, the same files
 * under `--output-dir` and about the same bytes as the synth. Ranging one template over a
 * list of objects would write one file per template instead, measuring a different output.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { toYaml } from '../../lib/render/yaml';
import { HANDOFF_FOLDER } from '../../lib/render/render';
import { placeTreeFiles } from '../manifests/layout';

/** A rendered file: its path under the output folder (`<env>/<cluster>/<app>/.../<kind>-<name>.yaml`) and text. */
export interface RenderedText {
  readonly path: string;
  readonly content: string;
}

/** A chart as files, and what each template reproduces. */
export interface HelmChart {
  /** Path inside the chart folder → text. */
  readonly files: ReadonlyMap<string, string>;
  /** Helm's `# Source:` path of each template (`<chart>/charts/<sub>/templates/...`) → the rendered path it reproduces. */
  readonly sources: ReadonlyMap<string, string>;
}

/** Keys whose string value under `metadata` a template takes from values. */
const METADATA_SCALARS = new Set(['name', 'namespace']);
/** Maps of strings a template writes through the labels helper. */
const LABEL_MAPS = new Set(['labels', 'annotations', 'matchLabels']);
/** Blocks a template writes with `toYaml` (when not empty). */
const BLOCKS = new Set([
  'resources',
  'securityContext',
  'nodeSelector',
  'tolerations',
  'affinity',
  'topologySpreadConstraints',
  'env',
  'envFrom',
  'volumes',
  'volumeMounts',
  'ports',
  'ingress',
  'egress',
  'rules',
  'data',
  'stringData',
]);
const TOKEN = 'HELMREF';
const TOKEN_LINE = new RegExp(`^((?:- | )*)(.*): ${TOKEN}(\\d+)X$`, 'gm');
/** Label keys and annotation keys the helper writes plain (anything else goes through toYaml). */
const PLAIN_KEY = /^[A-Za-z0-9][-A-Za-z0-9_./]*$/;

type RefKind = 'quote' | 'raw' | 'image' | 'labels' | 'block';

/** The template of one object and the values it reads (`.Values.objects.<id>`). */
export function templateOf(object: Record<string, unknown>, id: string, chart: string): { template: string; values: Record<string, unknown> } {
  const values: Record<string, unknown> = {};
  const refs: Array<{ kind: RefKind; key: string }> = [];
  const counts = new Map<string, number>();
  const ref = (kind: RefKind, base: string, value: unknown): string => {
    // a field name Go templates can follow with a dot
    const field = /^[A-Za-z_]/.test(base) ? base.replace(/[^A-Za-z0-9_]/g, '_') : `v_${base.replace(/[^A-Za-z0-9_]/g, '_')}`;
    const n = (counts.get(field) ?? 0) + 1;
    counts.set(field, n);
    const key = n === 1 ? field : `${field}${n}`;
    values[key] = value;
    refs.push({ kind, key });
    return `${TOKEN}${refs.length - 1}X`;
  };
  const walk = (map: Record<string, unknown>, parent: string): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(map)) {
      if (typeof v === 'string' && (hasBraces(v) || (parent === 'metadata' && METADATA_SCALARS.has(k)))) out[k] = ref('quote', k, v);
      else if (typeof v === 'string' && k === 'image') out[k] = ref('image', k, splitImage(v));
      else if (typeof v === 'number' && k === 'replicas') out[k] = ref('raw', k, v);
      else if (LABEL_MAPS.has(k) && isStringMap(v)) out[k] = ref('labels', k, v);
      else if (BLOCKS.has(k) && isNonEmpty(v)) out[k] = ref('block', k, v);
      // a list item cannot hold a reference of its own: the whole list comes from values
      else if (Array.isArray(v) && hasBraces(v)) out[k] = ref('block', k, v);
      else if (Array.isArray(v)) out[k] = v.map((item: unknown) => (isMap(item) ? walk(item, k) : item));
      else if (isMap(v)) out[k] = walk(v, k);
      else out[k] = v;
    }
    return out;
  };
  if (JSON.stringify(object).includes(TOKEN)) throw new Error(`${id}: the object holds the placeholder ${TOKEN}`);
  const text = toYaml(walk(object, ''), { sortKeys: true });
  if (hasBraces(text)) throw new Error(`${id}: a key holds "{{" or "}}", which Helm would read as a template`);
  const body = text.replace(TOKEN_LINE, (_, prefix: string, key: string, i: string) => {
    const { kind, key: name } = refs[Number(i)];
    const head = `${prefix}${key}:`;
    // a block starts two columns right of its key, as the synth writes it
    const indent = prefix.length + 2;
    switch (kind) {
      case 'quote':
        return `${head} {{ $v.${name} | quote }}`;
      case 'raw':
        return `${head} {{ $v.${name} }}`;
      case 'image': {
        const image = values[name] as { tag?: string; digest?: string };
        const suffix = image.tag !== undefined ? `:{{ $v.${name}.tag }}` : image.digest !== undefined ? `@{{ $v.${name}.digest }}` : '';
        return `${head} "{{ $v.${name}.repository }}${suffix}"`;
      }
      case 'labels':
        return `${head}{{- include "${chart}.labels" $v.${name} | trim | nindent ${indent} }}`;
      case 'block':
        return `${head}{{- toYaml $v.${name} | nindent ${indent} }}`;
    }
  });
  if (body.includes(TOKEN)) throw new Error(`${id}: a value reference was not placed in the template`);
  return { template: `{{- $v := index .Values.objects ${JSON.stringify(id)} -}}\n${body}`, values };
}

/** The labels helper of a subchart: one `key: "value"` line per entry, keys in order. */
function helpers(chart: string): string {
  return `{{/* Labels, annotations and selectors: one "key: value" line per entry. */}}
{{- define "${chart}.labels" -}}
{{- range $key, $value := . }}
{{ $key }}: {{ $value | quote }}
{{- end }}
{{- end }}
`;
}

/**
 * The umbrella chart `name` rendering every manifest of `rendered`, one subchart per app
 * folder (`<env>/<cluster>/<app>/`, see `placeTreeFiles`); hand-off files are not objects and
 * are left out.
 */
export function helmChart(rendered: readonly RenderedText[], name = 'platform'): HelmChart {
  const files = new Map<string, string>();
  const sources = new Map<string, string>();
  const subcharts = new Map<string, Record<string, unknown>>();
  files.set('Chart.yaml', chartYaml(name, 'every application of the platform, one subchart each'));
  files.set('values.yaml', '{}\n');
  const places = placeTreeFiles(rendered.map((f) => f.path));
  for (const file of rendered) {
    const place = places.get(file.path);
    // a hand-off file (`<env>/bootstrap/...`) is not an object: every other file must be one
    if (!place && file.path.split('/')[1] === HANDOFF_FOLDER) continue;
    if (!place || place.app === '' || !file.path.endsWith('.yaml')) throw new Error(`${file.path}: not <env>/<cluster>/<app>/<file>.yaml`);
    const sub = `${place.env}-${place.app.replace('/', '-')}`;
    const rel = file.path.slice(place.env.length + place.app.length + 2);
    const id = rel.replace(/\.yaml$/, '');
    let objects = subcharts.get(sub);
    if (!objects) {
      objects = {};
      subcharts.set(sub, objects);
      files.set(`charts/${sub}/Chart.yaml`, chartYaml(sub, `${place.env}: ${place.app}`));
      files.set(`charts/${sub}/templates/_helpers.tpl`, helpers(sub));
    }
    const object = parse(file.content, { version: '1.1' }) as Record<string, unknown>;
    const { template, values } = templateOf(object, id, sub);
    objects[id] = values;
    files.set(`charts/${sub}/templates/${rel}`, template);
    sources.set(`${name}/charts/${sub}/templates/${rel}`, file.path);
  }
  for (const [sub, objects] of subcharts) files.set(`charts/${sub}/values.yaml`, toYaml({ objects }));
  return { files, sources };
}

/** Writes a chart's files under `dir`. */
export function writeChart(chart: HelmChart, dir: string): void {
  for (const [rel, text] of chart.files) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
}

/** One document of `helm template` output and the template it came from. */
export interface HelmDocument {
  readonly source: string;
  readonly text: string;
}

/**
 * The documents of `helm template` output (stdout, or the files of `--output-dir`
 * concatenated): each is `---`, `# Source: <template>`, then the YAML. Documents with no
 * content (a template that rendered nothing) are left out.
 */
export function helmDocuments(output: string): HelmDocument[] {
  const docs: HelmDocument[] = [];
  for (const chunk of output.split(/^---$/m)) {
    const m = /^\s*# Source: (.+)\n/.exec(chunk);
    const text = m ? chunk.slice(m[0].length) : chunk;
    if (text.split('\n').some((line) => line.trim() !== '' && !line.trimStart().startsWith('#'))) docs.push({ source: m ? m[1].trim() : '', text });
  }
  return docs;
}

/**
 * Compares what Helm rendered with the synth's objects, object by object (both parsed with
 * YAML 1.1 rules, as Argo CD reads them): every file the chart has a template for (the
 * hand-off files, which are not objects, have none). Returns one line per difference; empty
 * when Helm rendered exactly the same objects.
 */
export function compareRendered(docs: readonly HelmDocument[], chart: HelmChart, rendered: readonly RenderedText[]): string[] {
  const objects = new Set(chart.sources.values());
  const want = new Map(rendered.filter((f) => objects.has(f.path)).map((f) => [f.path, f.content]));
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const doc of docs) {
    const file = chart.sources.get(doc.source);
    if (file === undefined || !want.has(file)) {
      problems.push(`helm rendered ${doc.source || 'a document without a source'}, which no synth file matches`);
      continue;
    }
    if (seen.has(file)) problems.push(`helm rendered ${file} twice`);
    seen.add(file);
    const got: unknown = parse(doc.text, { version: '1.1' });
    const expected: unknown = parse(want.get(file)!, { version: '1.1' });
    if (!deepEqual(got, expected)) problems.push(`${file}: helm rendered a different object`);
  }
  for (const file of want.keys()) if (!seen.has(file)) problems.push(`${file}: helm did not render it`);
  return problems;
}

function chartYaml(name: string, description: string): string {
  return `apiVersion: v2\nname: ${name}\ndescription: ${JSON.stringify(description)}\ntype: application\nversion: 0.1.0\n`;
}

/** `registry/repo:tag` → repository and tag; `repo@sha256:...` → repository and digest. */
export function splitImage(image: string): { repository: string; tag?: string; digest?: string } {
  const at = image.indexOf('@');
  if (at >= 0) return { repository: image.slice(0, at), digest: image.slice(at + 1) };
  const colon = image.lastIndexOf(':');
  return colon > image.lastIndexOf('/') ? { repository: image.slice(0, colon), tag: image.slice(colon + 1) } : { repository: image };
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isStringMap(v: unknown): v is Record<string, string> {
  return isMap(v) && Object.keys(v).length > 0 && Object.entries(v).every(([k, s]) => PLAIN_KEY.test(k) && typeof s === 'string');
}

function isNonEmpty(v: unknown): boolean {
  return Array.isArray(v) ? v.length > 0 : isMap(v) && Object.keys(v).length > 0;
}

function hasBraces(v: unknown): boolean {
  if (typeof v === 'string') return v.includes('{{') || v.includes('}}');
  if (Array.isArray(v)) return v.some(hasBraces);
  return isMap(v) && Object.values(v).some(hasBraces);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (!isMap(a) || !isMap(b)) return false;
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
}
