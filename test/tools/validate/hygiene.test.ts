import { imageTag } from '../../../tools/validate';
import { cleanPlus, cleanWith, found, podSpec, validate } from './fixture';

describe('hygiene', () => {
  test('a Secret with data or stringData is reported', () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'api-db', namespace: 'shop' }, stringData: { password: 'hunter2' } };
    expect(found(validate(cleanPlus(secret)))).toEqual(['Secret/api-db: hygiene/secret-data']);
  });

  test('a Secret without values (a service account token shell) is fine', () => {
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'token', namespace: 'shop', annotations: { 'kubernetes.io/service-account.name': 'api' } },
      type: 'kubernetes.io/service-account-token',
    };
    expect(validate(cleanPlus(secret))).toEqual([]);
  });

  test.each([['${DB_HOST}'], ['{{ .Values.host }}'], ['prefix }} suffix']])('a string holding a template marker (%s) is reported', (value) => {
    const problems = validate(
      cleanWith('ConfigMap', 'api-config', (c) => {
        c.data.host = value;
      }),
    );
    expect(found(problems)).toEqual(['ConfigMap/api-config: hygiene/template']);
    expect(problems[0].message).toMatch(/^data\.host: /);
  });

  test('Prometheus templates in a PrometheusRule annotation are allowed', () => {
    const rule = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'api', namespace: 'shop' },
      spec: { groups: [{ name: 'api', rules: [{ alert: 'ApiDown', expr: 'up == 0', annotations: { summary: '{{ $labels.instance }} is down' } }] }] },
    };
    expect(validate(cleanPlus(rule))).toEqual([]);
  });

  test('a secret-looking env var with a literal value is reported', () => {
    const problems = validate(
      cleanWith('Deployment', 'api', (d) => {
        podSpec(d).containers[0].env.push({ name: 'openai_api_key', value: 'sk-123' });
      }),
    );
    expect(found(problems)).toEqual(['Deployment/api: hygiene/secret-env']);
  });

  test.each([['DB_PASSWORD'], ['CLIENT_SECRET'], ['GITHUB_TOKEN'], ['API_KEY'], ['AZURE_CONNECTION_STRING']])('%s must come from valueFrom', (name) => {
    expect(
      found(
        validate(
          cleanWith('Deployment', 'api', (d) => {
            podSpec(d).containers[0].env.push({ name, value: 'x' });
          }),
        ),
      ),
    ).toEqual(['Deployment/api: hygiene/secret-env']);
  });

  test('a variable that says where a secret is (a _FILE or _URL) may be literal', () => {
    expect(
      validate(
        cleanWith('Deployment', 'api', (d) => {
          podSpec(d).containers[0].env.push({ name: 'TOKEN_URL', value: 'https://login.example.com/token' });
        }),
      ),
    ).toEqual([]);
  });

  test.each([
    ['registry.example.com/shop/api', 'hygiene/image-tag'],
    ['registry.example.com/shop/api:latest', 'hygiene/image-tag'],
    ['registry.example.com:5000/shop/api', 'hygiene/image-tag'],
  ])('an unpinned image (%s) is reported', (image, rule) => {
    expect(
      found(
        validate(
          cleanWith('Deployment', 'api', (d) => {
            podSpec(d).containers[0].image = image;
          }),
        ),
      ),
    ).toEqual([`Deployment/api: ${rule}`]);
  });

  test('an image pinned by digest needs no tag', () => {
    const image = `registry.example.com/shop/api@sha256:${'a'.repeat(64)}`;
    expect(
      validate(
        cleanWith('Deployment', 'api', (d) => {
          podSpec(d).containers[0].image = image;
        }),
      ),
    ).toEqual([]);
  });

  test('images must come from an allowed registry when a list is given', () => {
    const objects = cleanWith('Deployment', 'api', (d) => {
      podSpec(d).containers[0].image = 'docker.io/library/nginx:1.27';
    });
    expect(validate(objects)).toEqual([]);
    expect(validate(objects, { allowedRegistries: ['registry.example.com/shop', 'docker.io/library/nginx'] })).toEqual([]);
    const problems = validate(objects, { allowedRegistries: ['registry.example.com/shop'] });
    expect(problems.map((p) => p.message)).toEqual([
      'spec.template.spec.containers[0].image "docker.io/library/nginx:1.27" is not from an allowed registry (registry.example.com/shop) (container "api")',
    ]);
    // a prefix matches whole path segments only
    expect(found(validate(objects, { allowedRegistries: ['registry.example.com/shop', 'docker.io/lib'] }))).toEqual(['Deployment/api: hygiene/image-registry']);
  });

  test('a container without CPU and memory requests and a memory limit is reported', () => {
    const problems = validate(
      cleanWith('Deployment', 'api', (d) => {
        delete podSpec(d).containers[0].resources.limits;
      }),
    );
    expect(found(problems)).toEqual(['Deployment/api: hygiene/resources']);
    expect(problems[0].message).toEqual('spec.template.spec.containers[0].resources: missing limits.memory (container "api")');
  });

  test('init containers need resources too', () => {
    expect(
      found(
        validate(
          cleanWith('Deployment', 'api', (d) => {
            delete podSpec(d).initContainers[0].resources;
          }),
        ),
      ),
    ).toEqual(['Deployment/api: hygiene/resources']);
  });
});

describe('imageTag', () => {
  test('finds the tag after the last path segment, not a registry port', () => {
    expect(imageTag('registry:5000/a/b:1.2')).toEqual('1.2');
    expect(imageTag('registry:5000/a/b')).toEqual(undefined);
    expect(imageTag('a/b:1.2@sha256:abc')).toEqual('1.2');
  });
});
