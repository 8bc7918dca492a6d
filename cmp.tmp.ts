import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
function walk(d: string, out: string[] = []): string[] { for (const e of fs.readdirSync(d, { withFileTypes: true })) { const p = path.join(d, e.name); if (e.isDirectory()) walk(p, out); else out.push(p); } return out; }
function index(root: string, depth: number) {
  const m = new Map<string, { file: string; text: string; obj: any }>();
  for (const f of walk(root)) {
    const rel = path.relative(root, f); const env = rel.split('/')[0];
    const obj = parse(fs.readFileSync(f, 'utf8'));
    const key = `${env} ${obj.kind} ${obj.metadata?.namespace ?? ''}/${obj.metadata?.name}`;
    m.set(key, { file: rel, text: fs.readFileSync(f, 'utf8'), obj });
  }
  return m;
}
const a = index('dist', 2), b = index('/tmp/newdist', 3);
const only = (x: Map<string, any>, y: Map<string, any>) => [...x.keys()].filter((k) => !y.has(k));
const removed = only(a, b), added = only(b, a);
const changed = [...a.keys()].filter((k) => b.has(k) && a.get(k)!.text !== b.get(k)!.text);
console.log('removed', removed.length, 'added', added.length, 'changed', changed.length);
const kinds = (l: string[]) => { const c = new Map<string, number>(); for (const k of l) { const kk = k.split(' ').slice(0, 2).join(' '); c.set(kk, (c.get(kk) ?? 0) + 1); } return [...c].map(([k, n]) => `${k}:${n}`).join(', '); };
console.log('REMOVED', kinds(removed)); console.log('ADDED', kinds(added)); console.log('CHANGED', kinds(changed));
for (const k of process.argv.slice(2)) { console.log('---', k); console.log(a.get(k)?.text); console.log('+++'); console.log(b.get(k)?.text); }
fs.writeFileSync('/tmp/changed.txt', changed.join('\n') + '\n'); fs.writeFileSync('/tmp/removed.txt', removed.join('\n') + '\n'); fs.writeFileSync('/tmp/added.txt', added.join('\n') + '\n');
