import * as fs from 'fs';
import * as path from 'path';
import { main as capacity } from '../../../tools/cli/capacity';
import { main as validate } from '../../../tools/cli/validate';
import { ROOT, runCli } from '../../files';
import { manifest, writeTree } from '../graph/fixture';

// a folder laid out like dist/: prod/matih-prod is a cluster of the configuration
const huge = manifest(
  'apps/v1',
  'Deployment',
  'huge',
  'matih-data-plane',
  `spec:
  replicas: 1
  selector: { matchLabels: { app: huge } }
  template:
    metadata: { labels: { app: huge } }
    spec:
      nodeSelector: { kubernetes.azure.com/agentpool: dataplane }
      tolerations: [{ key: matih.ai/data-plane, operator: Equal, value: "true", effect: NoSchedule }]
      containers: [{ name: main, image: x, resources: { requests: { cpu: "64", memory: 1Gi } } }]
`,
);
const oldPdb = manifest('policy/v1beta1', 'PodDisruptionBudget', 'old', 'matih-data-plane', 'spec: { maxUnavailable: 1 }\n');

describe('capacity and removed API versions in npm run validate', () => {
  let root: string;
  beforeAll(() => {
    root = writeTree({ 'prod/matih-prod/data-plane/deployment-huge.yaml': huge, 'prod/matih-prod/data-plane/pdb-old.yaml': oldPdb });
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  test('a pod no node of its pool holds and an API version 1.29 no longer serves are problems', () => {
    const run = runCli(validate, [root], { cwd: ROOT });
    expect(run.status).toEqual(1);
    const file = (name: string) => path.join(root, 'prod', 'matih-prod', 'data-plane', name);
    expect(run.stdout).toContain(
      `${file('deployment-huge.yaml')}: Deployment/matih-data-plane/huge: capacity/pod-too-big: a pod requests 64 CPU, 1 GiB, more cpu than a Standard_D8s_v3 node of pool dataplane offers`,
    );
    expect(run.stdout).toContain(
      `${file('pdb-old.yaml')}: PodDisruptionBudget/matih-data-plane/old: deprecations/removed: policy/v1beta1 is not served by Kubernetes 1.29 (removed in 1.25): use policy/v1`,
    );
  });

  test('npm run capacity on the same folder exits 1 and names the pod', () => {
    const run = runCli(capacity, [root, '--env', 'prod'], { cwd: ROOT });
    expect(run.status).toEqual(1);
    expect(run.stdout).toContain('error capacity/pod-too-big prod/matih-prod/dataplane Deployment matih-data-plane/huge: a pod requests 64 CPU, 1 GiB');
    expect(run.stdout).toContain('warning capacity/not-counted prod/ai-platform-prod: the rendered prod has no folder ai-platform-prod/');
  });

  test('a folder that is no configured cluster gets the 1.29 API check and no capacity check', () => {
    const other = writeTree({ 'apps/deployment-huge.yaml': huge, 'apps/pdb-old.yaml': oldPdb });
    try {
      const run = runCli(validate, [other], { cwd: ROOT });
      expect(run.stdout).toContain('deprecations/removed');
      expect(run.stdout).not.toContain('capacity/');
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });
});
