import { buildEnvironment } from '../../charts/environment';
import { renderApp } from '../../lib/render/render';
import { ServiceWorkload } from '../../lib/workload/service-workload';
import { danglingReferences } from '../../tools/synth';
import { env } from '../helpers';

const buildPlatform = buildEnvironment;

describe('reference checks at synth time', () => {
  test('the platform as committed has no dangling reference', () => {
    expect(danglingReferences(renderApp(buildPlatform(env('dev')), 'dev'))).toEqual([]);
  });

  test('a service that mounts a Secret nothing renders is reported with the object, the rule and the Secret', () => {
    const app = buildPlatform(env('dev'));
    const iam = app.node.findAll().find((c): c is ServiceWorkload => c instanceof ServiceWorkload && c.name === 'iam-service')!;
    iam.addSecretMount({ secret: 'forgotten-credentials', mountPath: '/etc/forgotten' });
    const problems = danglingReferences(renderApp(app, 'dev'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^dev\/matih-dev\/control-plane\/deployment-iam-service\.yaml: Deployment\/matih-control-plane\/iam-service: ref\/secret: .*forgotten-credentials/,
    );
  });

  test('an env var that points at a port the Service does not expose is reported', () => {
    const app = buildPlatform(env('dev'));
    const bi = app.node.findAll().find((c): c is ServiceWorkload => c instanceof ServiceWorkload && c.name === 'bi-service')!;
    bi.addEnv('LEGACY_URL', { name: 'LEGACY_URL', value: 'http://query-engine.matih-data-plane.svc.cluster.local:9999' });
    const problems = danglingReferences(renderApp(app, 'dev'));
    expect(problems.join('\n')).toMatch(/deployment-bi-service\.yaml: .*ref\/serviceUrl: .*9999/);
  });
});
