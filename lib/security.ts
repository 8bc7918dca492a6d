import type { PodSecurityContext, SecurityContext } from '../imports/k8s';

/**
 * Security contexts that satisfy the Pod Security Standard `restricted` profile.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
export interface RestrictedSecurityProps {
  /** The non-zero UID the containers run as. */
  readonly runAsUser: number;
  /** @default runAsUser */
  readonly runAsGroup?: number;
  /** Group that owns mounted volumes. @default runAsGroup */
  readonly fsGroup?: number;
}

/** Pod-level context: non-root, RuntimeDefault seccomp, fsGroup for volumes. */
export function restrictedPodSecurityContext(props: RestrictedSecurityProps): PodSecurityContext {
  if (!Number.isInteger(props.runAsUser) || props.runAsUser <= 0) {
    throw new Error(`'runAsUser' (${props.runAsUser}) must be a positive integer: the restricted profile forbids UID 0`);
  }
  const group = props.runAsGroup ?? props.runAsUser;
  return {
    fsGroup: props.fsGroup ?? group,
    runAsGroup: group,
    runAsNonRoot: true,
    runAsUser: props.runAsUser,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Container-level context: no privilege escalation, all capabilities dropped, read-only root filesystem. */
export function restrictedContainerSecurityContext(props: RestrictedSecurityProps): SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    privileged: false,
    readOnlyRootFilesystem: true,
    runAsGroup: props.runAsGroup ?? props.runAsUser,
    runAsNonRoot: true,
    runAsUser: props.runAsUser,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}
