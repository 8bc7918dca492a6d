/**
 * What Go's YAML decoder makes of documents: the decoder of kubectl and Argo CD
 * (sigs.k8s.io/yaml, YAML 1.1 rules), as run by helm's `fromYaml`. Used by tests to check
 * that dist/ means to the cluster what it means to us.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { helm } from './go-tools';

/** One document as Go decoded it: the JSON value, or the decoder's error. */
export type GoDecoded = { readonly value: unknown } | { readonly error: string };

const TEMPLATE = `{{- range $i, $path := .Values.files }}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: decoded-{{ $i }}
data:
  json: {{ $.Files.Get $path | fromYaml | toJson | b64enc | quote }}
{{- end }}
`;

/** Decodes each text (one YAML document each) with Go's decoder, in one helm run. */
export function decodeWithGo(texts: readonly string[]): GoDecoded[] {
  const chart = fs.mkdtempSync(path.join(os.tmpdir(), 'go-yaml-'));
  try {
    fs.mkdirSync(path.join(chart, 'templates'));
    fs.mkdirSync(path.join(chart, 'files'));
    fs.writeFileSync(path.join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: go-yaml\nversion: 0.1.0\n');
    fs.writeFileSync(path.join(chart, 'templates', 'decode.yaml'), TEMPLATE);
    const files = texts.map((text, i) => {
      const file = `files/${String(i).padStart(6, '0')}.yaml`;
      fs.writeFileSync(path.join(chart, file), text);
      return file;
    });
    fs.writeFileSync(path.join(chart, 'values.yaml'), JSON.stringify({ files }));
    const out = helm(['template', 'decode', chart]);
    const decoded = new Map<number, GoDecoded>();
    for (const doc of out.split(/^---$/m)) {
      const cm = parse(doc) as { metadata?: { name?: string }; data?: { json?: string } } | null;
      const m = /^decoded-(\d+)$/.exec(cm?.metadata?.name ?? '');
      if (!m || cm?.data?.json === undefined) continue;
      const value: unknown = JSON.parse(Buffer.from(cm.data.json, 'base64').toString('utf8'));
      const error = (value as { Error?: unknown } | null)?.Error;
      decoded.set(Number(m[1]), typeof error === 'string' && Object.keys(value as object).length === 1 ? { error } : { value });
    }
    return texts.map((_, i) => decoded.get(i) ?? { error: 'helm printed nothing for this document' });
  } finally {
    fs.rmSync(chart, { recursive: true, force: true });
  }
}
