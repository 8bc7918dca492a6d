import { ApiObject } from 'cdk8s';
import { buildPlatform } from '../../charts/platform';
import { withFastToJson } from '../../lib/render/fast-json';
import { env } from '../helpers';
import { parseTenants } from '../../config/tenants';
import { reservedNames } from '../../tools/synth';
import { readRepoFile } from '../helpers';

/** Deep copy with keys sorted, so that only content is compared. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]));
  }
  return v;
}

describe('the fast serializer', () => {
  test.each(['dev', 'staging', 'prod'] as const)('renders every object of %s exactly as cdk8s does', (name) => {
    const e = env(name);
    const app = buildPlatform(e, parseTenants(readRepoFile('config/tenants.yaml'), reservedNames(e.config)));
    const objs = app.node.findAll().filter(ApiObject.isApiObject);
    expect(objs.length).toBeGreaterThan(200);
    const slow = objs.map((o) => canonical(o.toJson()));
    const fast = withFastToJson(() => objs.map((o) => canonical(o.toJson())));
    expect(fast).toEqual(slow);
    // and the original is back in place afterwards
    expect(ApiObject.prototype.toJson.name).toBe('toJson');
  });
});
