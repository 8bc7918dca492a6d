/**
 * Valid config of any content comes out intact: a tenant's display name, any text the
 * schema accepts, reaches its ConfigMap in dist/ and reads back the same with the YAML
 * reader Argo CD and kubectl agree with (tools/manifests/load.ts).
 */
import * as fc from 'fast-check';
import { stringify } from 'yaml';
import { parseTenants } from '../../config';
import { renderApp } from '../../lib/render/render';
import { parseManifests } from '../../tools/manifests/load';
import { trickyString } from '../lib/render/arbitraries';
import { appWithTenants } from '../helpers';

/** What the schema accepts as a display name: 1-100 characters, not only blanks, no lone surrogate. */
const displayName = fc
  .oneof(trickyString, fc.string({ unit: 'binary', maxLength: 100 }), fc.string({ unit: 'grapheme', maxLength: 30 }))
  .filter((s) => s.trim().length > 0 && s.length <= 100);

const slug = (i: number) => `tenant${String(i).padStart(2, '0')}`; // sorted by slug as the loader sorts them
const tenantsFile = (names: readonly string[]) =>
  `# tenants\n${stringify({ tenants: names.map((displayName, i) => ({ slug: slug(i), displayName, tier: 'standard', environments: ['dev'] })) })}`;

test('any display name the schema accepts comes out of the synth byte for byte', () => {
  // one render holds many tenants: a render of the environment is the expensive part
  fc.assert(
    fc.property(fc.array(displayName, { minLength: 15, maxLength: 15 }), (names) => {
      const yaml = tenantsFile(names);
      expect(parseTenants(yaml, new Set()).map((t) => t.displayName)).toEqual(names);
      const files = renderApp(appWithTenants('dev', yaml), 'dev');
      names.forEach((name, i) => {
        const profile = files.find((f) => f.path.includes(`/tenant-${slug(i)}/`) && f.path.endsWith('configmap-tenant-profile.yaml'));
        expect(profile).toBeDefined();
        const [doc] = parseManifests(profile!.content, profile!.path);
        expect(doc.parseErrors).toBeUndefined();
        expect((doc.object as { data: { displayName: string } }).data.displayName).toBe(name);
      });
    }),
    { numRuns: 4 },
  );
});
