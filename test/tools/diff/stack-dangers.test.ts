/** The differ on the stack's kinds, from the rendered prod objects: each loosening or storage change flagged, the rest quiet. */
import { diffTrees, type KubeObject } from '../../../tools/diff';
import { clusterObjects, find } from '../../helpers';
import { edited, inApp } from './fixtures';

const objs = clusterObjects('prod');
const placement = find(objs, 'ClusterPolicy', 'tenant-pool-placement') as KubeObject;
const reserved = find(objs, 'ClusterPolicy', 'reserved-pool-tolerations') as KubeObject;
const ray = find(objs, 'RayCluster', 'ai-ray') as KubeObject;
const temporal = find(objs, 'Application', 'matih-prod-temporal', 'argocd') as KubeObject;

function messages(before: KubeObject | undefined, after: KubeObject | undefined): string[] {
  return diffTrees(inApp(before ? [before] : []), inApp(after ? [after] : []))
    .resources.flatMap((r) => r.dangers)
    .map((d) => `${d.rule}: ${d.message}`);
}

describe('a Kyverno policy loosened', () => {
  test('Enforce to Audit, at the rule or through the deprecated spec-level action', () => {
    expect(
      messages(
        reserved,
        edited(reserved, (p) => {
          p.spec.rules[0].validate.failureAction = 'Audit';
        }),
      ),
    ).toEqual(['policy-loosened: rule "playground-toleration" moves from Enforce to Audit: violations are admitted and only reported']);
    const specLevel = edited(reserved, (p) => {
      delete p.spec.rules[0].validate.failureAction;
      p.spec.validationFailureAction = 'Enforce';
    });
    expect(
      messages(
        specLevel,
        edited(specLevel, (p) => {
          p.spec.validationFailureAction = 'audit';
        }),
      ),
    ).toEqual(['policy-loosened: rule "playground-toleration" moves from Enforce to Audit: violations are admitted and only reported']);
    // the other way round tightens: nothing to flag
    expect(
      messages(
        edited(reserved, (p) => {
          p.spec.rules[0].validate.failureAction = 'Audit';
        }),
        reserved,
      ),
    ).toEqual([]);
  });

  test('a rule removed, an exclusion added, the webhook failing open, admission off, the policy removed', () => {
    expect(
      messages(
        placement,
        edited(placement, (p) => {
          p.spec.rules.splice(3, 1);
        }),
      ),
    ).toEqual(['policy-loosened: rule "free-toleration" is removed: what it changed is left as it comes']);
    expect(
      messages(
        reserved,
        edited(reserved, (p) => {
          p.spec.rules[0].exclude.any.push({ resources: { namespaces: ['matih-data-plane'] } });
        }),
      ),
    ).toEqual(['policy-loosened: rule "playground-toleration" excludes more: {"namespaces":["matih-data-plane"]}']);
    expect(
      messages(
        reserved,
        edited(reserved, (p) => {
          p.spec.webhookConfiguration.failurePolicy = 'Ignore';
          p.spec.admission = false;
        }),
      ),
    ).toEqual([
      'policy-loosened: spec.webhookConfiguration.failurePolicy changes from Fail to Ignore: requests are admitted unchecked whenever Kyverno cannot answer',
      'policy-loosened: spec.admission is now false: the policy no longer applies when resources are created or changed',
    ]);
    expect(messages(reserved, undefined)).toEqual(['policy-loosened: removed: nothing enforces its 1 rule(s) any more']);
    expect(
      messages(
        placement,
        edited(placement, (p) => {
          p.metadata.labels.team = 'x';
        }),
      ),
    ).toEqual([]);
  });
});

describe("a RayCluster's storage changed", () => {
  test('volumes, mounts and GCS fault tolerance are flagged; sizes and bounds are not', () => {
    expect(
      messages(
        ray,
        edited(ray, (r) => {
          r.spec.workerGroupSpecs[0].template.spec.volumes.push({ name: 'ckpt', persistentVolumeClaim: { claimName: 'ckpt' } });
        }),
      ),
    ).toEqual([
      'storage-changed: spec.workerGroupSpecs["gpu"].template.spec.volumes changes: KubeRay recreates the cluster\'s pods, and what the old storage held (GCS state, spilled objects, checkpoints) is not carried over',
    ]);
    expect(
      messages(
        ray,
        edited(ray, (r) => {
          r.spec.gcsFaultToleranceOptions = { redisAddress: 'redis:6379' };
        }),
      ),
    ).toHaveLength(1);
    expect(
      messages(
        ray,
        edited(ray, (r) => {
          r.spec.headGroupSpec.template.spec.containers[0].volumeMounts[0].mountPath = '/var/ray';
        }),
      ),
    ).toHaveLength(1);
    expect(
      messages(
        ray,
        edited(ray, (r) => {
          r.spec.workerGroupSpecs[0].maxReplicas = 9;
        }),
      ),
    ).toEqual([]);
  });

  test('removing it is flagged like any stateful resource', () => {
    expect(messages(ray, undefined)).toEqual([
      "protected-removal: removed: deleting a RayCluster deletes its pods with the cluster's state and every running job",
    ]);
  });
});

describe('a Temporal database changed', () => {
  const persistence = (a: any) => a.spec.source.helm.valuesObject.server.config.persistence;
  test("a store's database, address or role, and the history shard count, are flagged", () => {
    expect(
      messages(
        temporal,
        edited(temporal, (a) => {
          persistence(a).datastores.visibility.sql.databaseName = 'visibility2';
        }),
      ),
    ).toEqual([
      'storage-changed: spec.source.helm.valuesObject.server.config.persistence.datastores.visibility.sql.databaseName changes from temporal_visibility to visibility2: Temporal starts on another database, and the workflows and history in the old one are left behind',
    ]);
    expect(
      messages(
        temporal,
        edited(temporal, (a) => {
          persistence(a).datastores.default.sql.connectAddr = 'pg.example.com:5432';
          persistence(a).datastores.default.sql.user = 'other';
        }),
      ),
    ).toHaveLength(2);
    expect(
      messages(
        temporal,
        edited(temporal, (a) => {
          persistence(a).numHistoryShards = 2048;
        }),
      ),
    ).toEqual([
      'storage-changed: spec.source.helm.valuesObject.server.config.persistence.numHistoryShards changes from 1024 to 2048: it is fixed when the database is set up, and the server refuses to start on a database with another count',
    ]);
  });

  test("sizes and replicas are not, nor is another chart's Application", () => {
    expect(
      messages(
        temporal,
        edited(temporal, (a) => {
          a.spec.source.helm.valuesObject.server.frontend.replicaCount = 5;
        }),
      ),
    ).toEqual([]);
    const other = find(objs, 'Application', 'matih-prod-kyverno', 'argocd') as KubeObject;
    expect(
      messages(
        other,
        edited(other, (a) => {
          a.spec.source.helm.valuesObject.admissionController.replicas = 1;
        }),
      ),
    ).toEqual([]);
  });
});
