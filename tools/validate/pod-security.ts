import { asArray, asMap, asString, type JsonMap } from './json';
import { containersOf, type ContainerRef, type PodTemplate, specPath } from './pod-templates';

/** A Pod Security Standards violation: the check's rule id and what is wrong where. */
export interface PodSecurityFinding {
  /** `pss/<check>`, for example `pss/runAsNonRoot`. */
  readonly rule: string;
  readonly message: string;
}

// The lists below are those of the `restricted` level, version 1.29, as the
// pod-security-admission library applies it:
// https://kubernetes.io/docs/concepts/security/pod-security-standards/

const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t']);
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);
const RESTRICTED_VOLUMES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);
const SECCOMP_ALLOWED = new Set(['RuntimeDefault', 'Localhost']);
const APPARMOR_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

/**
 * Checks a pod template against the Pod Security Standard `restricted` (which includes
 * `baseline`), check by check as the admission controller applies it, over containers,
 * init containers and ephemeral containers. Pods with `spec.os.name: windows` are exempt
 * from the Linux-only restricted checks (seccomp, capabilities, allowPrivilegeEscalation),
 * as in the standard.
 */
export function checkPodSecurity(template: PodTemplate): PodSecurityFinding[] {
  const out: PodSecurityFinding[] = [];
  const add = (rule: string, message: string): void => {
    out.push({ rule: `pss/${rule}`, message });
  };
  const spec = template.spec;
  const base = specPath(template);
  const podSc = asMap(spec.securityContext) ?? {};
  const containers = containersOf(template);
  const windows = asString(asMap(spec.os)?.name) === 'windows';

  // baseline: host namespaces, HostProcess, hostPath, sysctls, AppArmor
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (spec[field] === true) add('hostNamespaces', `${base}.${field} must not be true`);
  }
  if (asMap(podSc.windowsOptions)?.hostProcess === true) add('hostProcess', `${base}.securityContext.windowsOptions.hostProcess must not be true`);
  asArray(spec.volumes).forEach((raw, i) => {
    const volume = asMap(raw) ?? {};
    const type = Object.keys(volume).find((k) => k !== 'name');
    const where = `${base}.volumes[${i}] ("${asString(volume.name) ?? ''}")`;
    if (volume.hostPath !== undefined) add('hostPath', `${where} must not be a hostPath volume`);
    else if (type && !RESTRICTED_VOLUMES.has(type)) add('volumeTypes', `${where} is a ${type} volume; allowed: ${[...RESTRICTED_VOLUMES].join(', ')}`);
  });
  asArray(podSc.sysctls).forEach((raw, i) => {
    const name = asString(asMap(raw)?.name) ?? '';
    if (!SAFE_SYSCTLS.has(name)) add('sysctls', `${base}.securityContext.sysctls[${i}] "${name}" is not a safe sysctl`);
  });
  for (const [key, value] of Object.entries(template.annotations)) {
    if (key.startsWith(APPARMOR_PREFIX) && value !== 'runtime/default' && !value.startsWith('localhost/')) {
      add('appArmor', `annotation ${key} is "${value}"; allowed: runtime/default, localhost/*`);
    }
  }

  // pod-level settings that containers inherit
  seLinux(podSc, `${base}.securityContext`, add);
  if (asMap(podSc.seccompProfile)?.type === 'Unconfined') add('seccomp', `${base}.securityContext.seccompProfile.type must not be Unconfined`);
  if (podSc.runAsNonRoot === false) add('runAsNonRoot', `${base}.securityContext.runAsNonRoot must not be false`);
  if (podSc.runAsUser === 0) add('runAsUser', `${base}.securityContext.runAsUser must not be 0`);
  const podSeccompOk = SECCOMP_ALLOWED.has(asString(asMap(podSc.seccompProfile)?.type) ?? '');
  const podNonRoot = podSc.runAsNonRoot === true;

  for (const ref of containers) {
    checkContainer(ref, { podSeccompOk, podNonRoot, windows }, add);
  }
  return out;
}

interface PodLevel {
  readonly podSeccompOk: boolean;
  readonly podNonRoot: boolean;
  readonly windows: boolean;
}

function checkContainer(ref: ContainerRef, pod: PodLevel, add: (rule: string, message: string) => void): void {
  const sc = asMap(ref.container.securityContext) ?? {};
  const at = `${ref.path}.securityContext`;
  const who = `(container "${ref.name}")`;
  if (sc.privileged === true) add('privileged', `${at}.privileged must not be true ${who}`);
  if (asMap(sc.windowsOptions)?.hostProcess === true) add('hostProcess', `${at}.windowsOptions.hostProcess must not be true ${who}`);
  if (sc.procMount !== undefined && sc.procMount !== 'Default') add('procMount', `${at}.procMount must be Default or unset ${who}`);
  seLinux(sc, at, add, who);
  asArray(ref.container.ports).forEach((raw, i) => {
    const hostPort = asMap(raw)?.hostPort;
    if (hostPort !== undefined && hostPort !== 0) add('hostPorts', `${ref.path}.ports[${i}].hostPort must be unset or 0 ${who}`);
  });

  const caps = asMap(sc.capabilities) ?? {};
  const added = asArray(caps.add).map((c) => String(c));
  for (const cap of added) {
    if (!BASELINE_CAPABILITIES.has(cap)) add('capabilities', `${at}.capabilities.add must not include ${cap} ${who}`);
    else if (cap !== 'NET_BIND_SERVICE' && !pod.windows) add('capabilities', `${at}.capabilities.add may only include NET_BIND_SERVICE, not ${cap} ${who}`);
  }
  if (!pod.windows && !asArray(caps.drop).includes('ALL')) add('capabilities', `${at}.capabilities.drop must include ALL ${who}`);

  if (!pod.windows && sc.allowPrivilegeEscalation !== false) add('allowPrivilegeEscalation', `${at}.allowPrivilegeEscalation must be false ${who}`);

  const seccomp = asString(asMap(sc.seccompProfile)?.type);
  if (seccomp === 'Unconfined') add('seccomp', `${at}.seccompProfile.type must not be Unconfined ${who}`);
  else if (!pod.windows && seccomp !== undefined && !SECCOMP_ALLOWED.has(seccomp))
    add('seccomp', `${at}.seccompProfile.type must be RuntimeDefault or Localhost ${who}`);
  else if (!pod.windows && seccomp === undefined && !pod.podSeccompOk) {
    add('seccomp', `${at}.seccompProfile.type must be RuntimeDefault or Localhost, here or in the pod's securityContext ${who}`);
  }

  if (sc.runAsNonRoot === false) add('runAsNonRoot', `${at}.runAsNonRoot must not be false ${who}`);
  else if (sc.runAsNonRoot !== true && !pod.podNonRoot) add('runAsNonRoot', `${at}.runAsNonRoot must be true, here or in the pod's securityContext ${who}`);
  if (sc.runAsUser === 0) add('runAsUser', `${at}.runAsUser must not be 0 ${who}`);
}

function seLinux(sc: JsonMap, at: string, add: (rule: string, message: string) => void, who = ''): void {
  const options = asMap(sc.seLinuxOptions);
  if (!options) return;
  const suffix = who ? ` ${who}` : '';
  const type = asString(options.type) ?? '';
  if (!SELINUX_TYPES.has(type))
    add('seLinux', `${at}.seLinuxOptions.type "${type}" is not allowed; allowed: container_t, container_init_t, container_kvm_t${suffix}`);
  for (const field of ['user', 'role']) {
    if (asString(options[field])) add('seLinux', `${at}.seLinuxOptions.${field} must not be set${suffix}`);
  }
}
