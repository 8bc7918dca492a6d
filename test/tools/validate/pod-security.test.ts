import { cleanPlus, cleanWith, found, podSpec, validate } from './fixture';

type Json = Record<string, any>;

/** The problems of the fixture after changing the Deployment's pod spec. */
function withPod(change: (spec: Json) => void): string[] {
  return found(validate(cleanWith('Deployment', 'api', (d) => change(podSpec(d)))));
}

function container(spec: Json): Json {
  return spec.containers[0];
}

describe('Pod Security Standard restricted: baseline checks', () => {
  test.each([['hostNetwork'], ['hostPID'], ['hostIPC']])('%s true is forbidden', (field) => {
    expect(
      withPod((s) => {
        s[field] = true;
      }),
    ).toEqual(['Deployment/api: pss/hostNamespaces']);
  });

  test('a privileged container is forbidden', () => {
    expect(
      withPod((s) => {
        container(s).securityContext.privileged = true;
      }),
    ).toEqual(['Deployment/api: pss/privileged']);
  });

  test('a capability outside the baseline list is forbidden', () => {
    expect(
      withPod((s) => {
        container(s).securityContext.capabilities.add = ['SYS_ADMIN'];
      }),
    ).toEqual(['Deployment/api: pss/capabilities']);
  });

  test('a hostPath volume is forbidden', () => {
    expect(
      withPod((s) => {
        s.volumes.push({ name: 'host', hostPath: { path: '/var/run' } });
      }),
    ).toEqual(['Deployment/api: pss/hostPath']);
  });

  test('a hostPort is forbidden', () => {
    expect(
      withPod((s) => {
        container(s).ports[0].hostPort = 8080;
      }),
    ).toEqual(['Deployment/api: pss/hostPorts']);
  });

  test('an AppArmor annotation other than runtime/default or localhost/* is forbidden', () => {
    const problems = found(
      validate(
        cleanWith('Deployment', 'api', (d) => {
          d.spec.template.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/api': 'unconfined' };
        }),
      ),
    );
    expect(problems).toEqual(['Deployment/api: pss/appArmor']);
  });

  test('a custom SELinux type or user is forbidden', () => {
    expect(
      withPod((s) => {
        s.securityContext.seLinuxOptions = { type: 'spc_t', user: 'root' };
      }),
    ).toEqual(['Deployment/api: pss/seLinux', 'Deployment/api: pss/seLinux']);
  });

  test('an unmasked /proc mount is forbidden', () => {
    expect(
      withPod((s) => {
        container(s).securityContext.procMount = 'Unmasked';
      }),
    ).toEqual(['Deployment/api: pss/procMount']);
  });

  test('an Unconfined seccomp profile is forbidden', () => {
    expect(
      withPod((s) => {
        container(s).securityContext.seccompProfile = { type: 'Unconfined' };
      }),
    ).toEqual(['Deployment/api: pss/seccomp']);
  });

  test('an unsafe sysctl is forbidden and a safe one allowed', () => {
    expect(
      withPod((s) => {
        s.securityContext.sysctls = [{ name: 'net.ipv4.tcp_syncookies', value: '1' }];
      }),
    ).toEqual([]);
    expect(
      withPod((s) => {
        s.securityContext.sysctls = [{ name: 'kernel.msgmax', value: '1' }];
      }),
    ).toEqual(['Deployment/api: pss/sysctls']);
  });

  test('a Windows HostProcess container is forbidden', () => {
    expect(
      withPod((s) => {
        container(s).securityContext.windowsOptions = { hostProcess: true };
      }),
    ).toEqual(['Deployment/api: pss/hostProcess']);
  });
});

describe('Pod Security Standard restricted: restricted checks', () => {
  test('a volume type outside the restricted list is forbidden', () => {
    expect(
      withPod((s) => {
        s.volumes.push({ name: 'nfs', nfs: { server: 'x', path: '/' } });
      }),
    ).toEqual(['Deployment/api: pss/volumeTypes']);
  });

  test('allowPrivilegeEscalation must be false on every container', () => {
    expect(
      withPod((s) => {
        delete container(s).securityContext.allowPrivilegeEscalation;
      }),
    ).toEqual(['Deployment/api: pss/allowPrivilegeEscalation']);
  });

  test('init containers are checked too', () => {
    expect(
      withPod((s) => {
        s.initContainers[0].securityContext.allowPrivilegeEscalation = true;
      }),
    ).toEqual(['Deployment/api: pss/allowPrivilegeEscalation']);
  });

  test('ephemeral containers are checked too', () => {
    const problems = withPod((s) => {
      s.ephemeralContainers = [{ name: 'debug', image: 'registry.example.com/shop/debug:1.0.0' }];
    });
    expect(problems).toEqual(['Deployment/api: pss/allowPrivilegeEscalation', 'Deployment/api: pss/capabilities']);
  });

  test('runAsNonRoot must be true at pod level or on every container', () => {
    expect(
      withPod((s) => {
        delete s.securityContext.runAsNonRoot;
      }),
    ).toEqual(['Deployment/api: pss/runAsNonRoot', 'Deployment/api: pss/runAsNonRoot']);
    expect(
      withPod((s) => {
        delete s.securityContext.runAsNonRoot;
        for (const c of [...s.containers, ...s.initContainers]) c.securityContext.runAsNonRoot = true;
      }),
    ).toEqual([]);
  });

  test('a container may not set runAsNonRoot false under a pod that sets it true', () => {
    expect(
      withPod((s) => {
        container(s).securityContext.runAsNonRoot = false;
      }),
    ).toEqual(['Deployment/api: pss/runAsNonRoot']);
  });

  test('runAsUser 0 is forbidden', () => {
    expect(
      withPod((s) => {
        container(s).securityContext.runAsUser = 0;
      }),
    ).toEqual(['Deployment/api: pss/runAsUser']);
  });

  test('seccomp must be RuntimeDefault or Localhost at pod level or on every container', () => {
    expect(
      withPod((s) => {
        delete s.securityContext.seccompProfile;
      }),
    ).toEqual(['Deployment/api: pss/seccomp', 'Deployment/api: pss/seccomp']);
    expect(
      withPod((s) => {
        delete s.securityContext.seccompProfile;
        for (const c of [...s.containers, ...s.initContainers]) c.securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'p.json' };
      }),
    ).toEqual([]);
  });

  test('capabilities must drop ALL and add only NET_BIND_SERVICE', () => {
    expect(
      withPod((s) => {
        container(s).securityContext.capabilities.drop = ['NET_RAW'];
      }),
    ).toEqual(['Deployment/api: pss/capabilities']);
    expect(
      withPod((s) => {
        container(s).securityContext.capabilities.add = ['CHOWN'];
      }),
    ).toEqual(['Deployment/api: pss/capabilities']);
  });

  test('a Windows pod is exempt from the Linux-only restricted checks', () => {
    expect(
      withPod((s) => {
        s.os = { name: 'windows' };
        delete s.securityContext.seccompProfile;
        delete container(s).securityContext.allowPrivilegeEscalation;
        delete container(s).securityContext.capabilities;
      }),
    ).toEqual([]);
  });

  test('a CronJob pod template is checked through its job template', () => {
    const cronJob = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'nightly', namespace: 'shop' },
      spec: {
        schedule: '0 3 * * *',
        jobTemplate: {
          spec: {
            template: {
              spec: {
                restartPolicy: 'Never',
                securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
                containers: [
                  {
                    name: 'job',
                    image: 'registry.example.com/shop/job:1.0.0',
                    securityContext: { capabilities: { drop: ['ALL'] } },
                    resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '16Mi' } },
                  },
                ],
              },
            },
          },
        },
      },
    };
    expect(found(validate(cleanPlus(cronJob)))).toEqual(['CronJob/nightly: pss/allowPrivilegeEscalation']);
  });

  test('a bare Pod is checked', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'shop' },
      spec: {
        containers: [{ name: 'c', image: 'registry.example.com/x:1', resources: { requests: { cpu: '1m', memory: '1Mi' }, limits: { memory: '1Mi' } } }],
      },
    };
    expect(found(validate(cleanPlus(pod)))).toEqual([
      'Pod/p: pss/allowPrivilegeEscalation',
      'Pod/p: pss/capabilities',
      'Pod/p: pss/runAsNonRoot',
      'Pod/p: pss/seccomp',
    ]);
  });
});
