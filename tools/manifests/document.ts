/** What the manifest reader returns for each YAML document. */

/** One document of a manifest file. */
export interface ManifestDocument {
  /** The file, as the caller named it. */
  readonly file: string;
  /** The document's position in the file, from 0. */
  readonly index: number;
  /** The parsed value (a Kubernetes object when the file is well formed). */
  readonly object: unknown;
  /** YAML errors (syntax, duplicate keys, too many aliases); absent when it parsed cleanly. */
  readonly parseErrors?: readonly string[];
}
