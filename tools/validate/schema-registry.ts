import * as fs from 'fs';
import * as path from 'path';
import { asArray, asMap, asString, type JsonMap } from './json';
import { listManifestFiles, parseManifests, type ManifestDocument } from '../manifests/load';
import { compileSchema, type CompileOptions, fillNode, type MutableSchemaNode, type SchemaNode } from './schema-node';

/** The schema of one kind at one version, ready to check objects with. */
export interface KindSchema {
  readonly node: SchemaNode;
  /** Whether objects of this kind live in a namespace. */
  readonly namespaced: boolean;
  /** The CRD's deprecation warning when the version is marked `deprecated`. */
  readonly deprecation?: string;
}

/** What `lookup` found: a schema, or why there is none. */
export type KindLookup = { readonly found: true; readonly schema: KindSchema } | { readonly found: false; readonly reason: string };

/** Where to read schemas from. */
export interface SchemaSources {
  /** The Kubernetes `_definitions.json` (OpenAPI v2 definitions, as `cdk8s import` uses them). */
  readonly definitionsFile: string;
  /** Folders holding CustomResourceDefinitions (manifest files, read recursively). */
  readonly crdDirs?: readonly string[];
  /** How the CRD files are parsed. @default parseManifests */
  readonly parse?: (text: string, file: string) => ManifestDocument[];
}

interface CrdVersion {
  readonly served: boolean;
  readonly deprecation?: string;
  readonly schema: unknown;
}

interface CrdEntry {
  readonly source: string;
  readonly namespaced: boolean;
  readonly versions: ReadonlyMap<string, CrdVersion>;
}

interface CrdFile {
  readonly file: string;
  readonly text: string;
  /** Every word that follows `kind:` in the text: a superset of the kinds the file defines. */
  readonly kindWords: ReadonlySet<string>;
  parsed: boolean;
}

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const KIND_WORD = /\bkind["']?\s*:\s*["']?([A-Za-z0-9]+)/g;

/**
 * Cluster-scoped kinds of Kubernetes 1.29. The OpenAPI definitions do not say which
 * kinds are namespaced, so the list is kept here.
 */
const CLUSTER_SCOPED = new Set([
  'APIService',
  'CertificateSigningRequest',
  'ClusterRole',
  'ClusterRoleBinding',
  'ClusterTrustBundle',
  'ComponentStatus',
  'CSIDriver',
  'CSINode',
  'CustomResourceDefinition',
  'FlowSchema',
  'IngressClass',
  'IPAddress',
  'MutatingWebhookConfiguration',
  'Namespace',
  'Node',
  'PersistentVolume',
  'PriorityClass',
  'PriorityLevelConfiguration',
  'ResourceClass',
  'RuntimeClass',
  'SelfSubjectAccessReview',
  'SelfSubjectReview',
  'SelfSubjectRulesReview',
  'ServiceCIDR',
  'StorageClass',
  'SubjectAccessReview',
  'TokenReview',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration',
  'VolumeAttachment',
]);

/**
 * The schemas of every kind the validator knows: the core Kubernetes definitions,
 * indexed by their `x-kubernetes-group-version-kind`, and the served versions of the
 * CustomResourceDefinitions in the CRD folders.
 *
 * Each schema is compiled once, on first use, and cached per group/version/kind. CRD
 * files are read up front but parsed only when one of the kinds their text names is
 * looked up, so validating a folder that uses three CRDs does not pay for fifteen.
 */
export class SchemaRegistry {
  /** Reads the definitions file and lists the CRD files (parsed lazily). */
  public static fromFiles(sources: SchemaSources): SchemaRegistry {
    let definitions: unknown;
    try {
      definitions = JSON.parse(fs.readFileSync(sources.definitionsFile, 'utf8'));
    } catch (e) {
      throw new Error(`${sources.definitionsFile}: cannot read the Kubernetes definitions: ${(e as Error).message}`, { cause: e });
    }
    const crdFiles: { file: string; text: string }[] = [];
    for (const dir of sources.crdDirs ?? []) {
      if (!fs.existsSync(dir)) throw new Error(`${dir}: the CRD folder does not exist`);
      for (const rel of listManifestFiles(dir)) {
        const file = path.join(dir, rel);
        crdFiles.push({ file, text: fs.readFileSync(file, 'utf8') });
      }
    }
    return new SchemaRegistry(asMap(asMap(definitions)?.definitions) ?? {}, crdFiles, sources.parse);
  }

  private readonly definitions: JsonMap;
  private readonly coreByGvk = new Map<string, string>();
  private readonly refNodes = new Map<string, SchemaNode>();
  private readonly crds = new Map<string, CrdEntry>();
  private readonly crdFiles: CrdFile[];
  private readonly cache = new Map<string, KindLookup>();
  private readonly coreOptions: CompileOptions = { bareObject: 'open', resolveRef: (ref) => this.resolveRef(ref) };
  private readonly crdOptions: CompileOptions = { bareObject: 'closed' };

  /**
   * @param definitions the `definitions` map of a Kubernetes OpenAPI v2 document
   * @param crdFiles YAML texts that may hold CustomResourceDefinitions
   */
  public constructor(
    definitions: JsonMap,
    crdFiles: readonly { file: string; text: string }[] = [],
    private readonly parse: (text: string, file: string) => ManifestDocument[] = parseManifests,
  ) {
    this.definitions = definitions;
    for (const name of Object.keys(definitions).sort()) {
      for (const gvk of asArray(asMap(definitions[name])?.['x-kubernetes-group-version-kind'])) {
        const g = asMap(gvk);
        const key = gvkKey(asString(g?.group) ?? '', asString(g?.version) ?? '', asString(g?.kind) ?? '');
        // a GVK claimed by several definitions (DeleteOptions, WatchEvent) keeps the first
        if (!this.coreByGvk.has(key)) this.coreByGvk.set(key, name);
      }
    }
    this.crdFiles = crdFiles.map(({ file, text }) => ({ file, text, kindWords: kindWords(text), parsed: false }));
  }

  /** Registers a CustomResourceDefinition object; the first definition of a group and kind wins. */
  public addCustomResourceDefinition(crd: unknown, source: string): void {
    const spec = asMap(asMap(crd)?.spec);
    const group = asString(spec?.group);
    const kind = asString(asMap(spec?.names)?.kind);
    if (!group || !kind || this.crds.has(`${group}/${kind}`)) return;
    const versions = new Map<string, CrdVersion>();
    for (const raw of asArray(spec?.versions)) {
      const v = asMap(raw);
      const name = asString(v?.name);
      if (!v || !name) continue;
      const deprecation = v.deprecated === true ? (asString(v.deprecationWarning) ?? `${group}/${name} ${kind} is deprecated`) : undefined;
      versions.set(name, { served: v.served === true, deprecation, schema: asMap(v.schema)?.openAPIV3Schema });
    }
    this.crds.set(`${group}/${kind}`, { source, namespaced: spec?.scope !== 'Cluster', versions });
  }

  /** Finds the schema of `kind` at `apiVersion` (`v1`, `apps/v1`, `kafka.strimzi.io/v1`). */
  public lookup(apiVersion: string, kind: string): KindLookup {
    const slash = apiVersion.indexOf('/');
    const group = slash < 0 ? '' : apiVersion.slice(0, slash);
    const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
    const key = gvkKey(group, version, kind);
    let result = this.cache.get(key);
    if (!result) {
      result = this.find(group, version, kind);
      this.cache.set(key, result);
    }
    return result;
  }

  private find(group: string, version: string, kind: string): KindLookup {
    const core = this.coreByGvk.get(gvkKey(group, version, kind));
    if (core) {
      return { found: true, schema: { node: this.resolveRef(`#/definitions/${core}`), namespaced: !CLUSTER_SCOPED.has(kind) } };
    }
    const crd = this.findCrd(group, kind);
    if (!crd) {
      const versions = [...this.coreByGvk.keys()].filter((k) => k.endsWith(`/${kind}`) && k.startsWith(`${group}/`));
      return {
        found: false,
        reason: versions.length
          ? `Kubernetes 1.29 has no ${kind} in ${group || 'core'}/${version}`
          : `no Kubernetes 1.29 definition and no CustomResourceDefinition for ${group ? group + '/' : ''}${kind}`,
      };
    }
    const served = crd.versions.get(version);
    if (!served || !served.served) {
      const names = [...crd.versions].filter(([, v]) => v.served).map(([n]) => n);
      return { found: false, reason: `the CRD for ${group}/${kind} (${crd.source}) does not serve ${version}; it serves ${names.join(', ')}` };
    }
    const root = compileSchema(served.schema, this.crdOptions);
    // every object's metadata is validated by the API server as ObjectMeta, whatever the CRD says
    const properties = new Map(root.properties ?? []);
    properties.set('metadata', this.resolveRef(`#/definitions/${OBJECT_META}`));
    return { found: true, schema: { node: { ...root, properties }, namespaced: crd.namespaced, deprecation: served.deprecation } };
  }

  private findCrd(group: string, kind: string): CrdEntry | undefined {
    const key = `${group}/${kind}`;
    if (!this.crds.has(key)) {
      for (const file of this.crdFiles) {
        if (file.parsed || !file.kindWords.has(kind)) continue;
        file.parsed = true;
        for (const loaded of this.parse(file.text, file.file)) {
          if (loaded.parseErrors?.length) throw new Error(`${file.file}: ${loaded.parseErrors[0]}`);
          const object = asMap(loaded.object);
          if (object?.kind === 'CustomResourceDefinition') this.addCustomResourceDefinition(object, file.file);
        }
      }
    }
    return this.crds.get(key);
  }

  /** Compiles a core definition once; registering the node first makes recursive definitions terminate. */
  private resolveRef(ref: string): SchemaNode {
    const name = ref.startsWith('#/definitions/') ? ref.slice('#/definitions/'.length) : ref;
    let node = this.refNodes.get(name);
    if (!node) {
      const raw = asMap(this.definitions[name]);
      if (!raw) throw new Error(`unknown $ref ${ref} in the Kubernetes definitions`);
      const fresh: MutableSchemaNode = { intOrString: false, nullable: false, required: [], additional: 'any' };
      this.refNodes.set(name, fresh);
      fillNode(fresh, raw, this.coreOptions, false);
      node = fresh;
    }
    return node;
  }
}

function gvkKey(group: string, version: string, kind: string): string {
  return `${group}/${version}/${kind}`;
}

function kindWords(text: string): Set<string> {
  const words = new Set<string>();
  for (const match of text.matchAll(KIND_WORD)) words.add(match[1]);
  return words;
}
