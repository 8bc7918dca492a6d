/**
 * Which kinds Argo CD v3.0.23 knows the health of, as the sync loop asks it
 * (gitops-engine `health.GetResourceHealth` with argo-cd's Lua overrides): an argocd-cm
 * customization first, then a built-in Lua script, then a built-in Go check. A kind with
 * none of them has no health: a sync wave "waits" for it only until it is applied.
 */

/** How Argo CD judges a kind's health, if at all. */
export type HealthCheckSource = 'customization' | 'lua' | 'go' | 'none';

/**
 * The built-in Go checks: gitops-engine `pkg/health/health.go` `GetHealthCheckFunc` at
 * 0882c168 (the version argo-cd v3.0.23's go.mod pins). Group `""` is the core group.
 */
export const GO_HEALTH_CHECKS: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>([
  ['apps', ['Deployment', 'StatefulSet', 'ReplicaSet', 'DaemonSet']],
  ['extensions', ['Ingress']],
  ['networking.k8s.io', ['Ingress']],
  ['argoproj.io', ['Workflow']],
  ['apiregistration.k8s.io', ['APIService']],
  ['', ['Service', 'PersistentVolumeClaim', 'Pod']],
  ['batch', ['Job']],
  ['autoscaling', ['HorizontalPodAutoscaler']],
]);

/**
 * The built-in Lua checks: every `resource_customizations/<group>/<Kind>/health.lua` at
 * argo-cd v3.0.23 (`git ls-tree -r v3.0.23 resource_customizations`, 183 files).
 * Note what is absent: `argoproj.io/Application` (removed in 1.8), `kafka.strimzi.io/KafkaNodePool`,
 * `monitoring.coreos.com/ServiceMonitor`, Gateway API kinds.
 */
export const LUA_HEALTH_CHECKS: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>([
  ['acid.zalan.do', ['postgresql']],
  ['addons.cluster.x-k8s.io', ['ClusterResourceSet']],
  ['apiextensions.k8s.io', ['CustomResourceDefinition']],
  ['apps.kruise.io', ['AdvancedCronJob', 'BroadcastJob', 'CloneSet', 'DaemonSet', 'StatefulSet']],
  ['apps.openshift.io', ['DeploymentConfig']],
  ['argoproj.io', ['AnalysisRun', 'ApplicationSet', 'CronWorkflow', 'EventBus', 'Experiment', 'Rollout']],
  ['astra.netapp.io', ['AppVault', 'Application', 'Backup', 'ExecHook', 'ExecHooksRun', 'ResourceBackup', 'ResticVolumeBackup', 'Schedule', 'Snapshot']],
  ['beat.k8s.elastic.co', ['Beat']],
  ['bitnami.com', ['SealedSecret']],
  ['camel.apache.org', ['Integration']],
  ['cassandra.rook.io', ['Cluster']],
  ['cdi.kubevirt.io', ['DataVolume']],
  ['cert-manager.io', ['Certificate', 'ClusterIssuer', 'Issuer']],
  ['certmanager.k8s.io', ['Certificate', 'Issuer']],
  ['cloudfront.aws.crossplane.io', ['Distribution']],
  ['cloudfunctions.cnrm.cloud.google.com', ['CloudFunctionsFunction']],
  ['cloudscheduler.cnrm.cloud.google.com', ['CloudSchedulerJob']],
  ['cluster.x-k8s.io', ['Cluster', 'Machine', 'MachineDeployment', 'MachineHealthCheck', 'MachinePool']],
  ['compute.cnrm.cloud.google.com', ['ComputeDisk']],
  ['controlplane.cluster.x-k8s.io', ['AWSManagedControlPlane']],
  ['core.humio.com', ['HumioAction', 'HumioAlert', 'HumioCluster', 'HumioIngestToken', 'HumioParser', 'HumioRepository', 'HumioView']],
  ['db.atlasgo.io', ['AtlasMigration', 'AtlasSchema']],
  ['elasticsearch.k8s.elastic.co', ['Elasticsearch']],
  ['external-secrets.io', ['ClusterExternalSecret', 'ClusterSecretStore', 'ExternalSecret', 'PushSecret', 'SecretStore']],
  ['flagger.app', ['Canary']],
  ['flink.apache.org', ['FlinkDeployment']],
  ['gateway.solo.io', ['Gateway', 'MatchableHttpGateway', 'RouteOption', 'RouteTable', 'VirtualHostOption', 'VirtualService']],
  ['gloo.solo.io', ['Proxy', 'Settings', 'Upstream', 'UpstreamGroup']],
  ['grafana.integreatly.org', ['Grafana', 'GrafanaDatasource']],
  ['helm.toolkit.fluxcd.io', ['HelmRelease']],
  ['iam.aws.crossplane.io', ['Policy', 'Role', 'RolePolicyAttachment']],
  ['iam.cnrm.cloud.google.com', ['IAMPartialPolicy', 'IAMPolicy', 'IAMPolicyMember', 'IAMServiceAccount']],
  ['iammanager.keikoproj.io', ['Iamrole']],
  ['image.toolkit.fluxcd.io', ['ImagePolicy', 'ImageRepository', 'ImageUpdateAutomation']],
  ['install.istio.io', ['IstioOperator']],
  ['jaegertracing.io', ['Jaeger']],
  ['k8s.keycloak.org', ['Keycloak']],
  ['k8s.mariadb.com', ['Backup', 'Database', 'Grant', 'MariaDB', 'SqlJob', 'User']],
  ['kafka.banzaicloud.io', ['KafkaCluster']],
  ['kafka.strimzi.io', ['Kafka', 'KafkaBridge', 'KafkaConnect', 'KafkaConnector', 'KafkaTopic', 'KafkaUser']],
  ['keda.sh', ['ScaledObject']],
  ['kiali.io', ['Kiali']],
  ['kubernetes-client.io', ['ExternalSecret']],
  ['kubevirt.io', ['VirtualMachine', 'VirtualMachineInstance']],
  ['kustomize.toolkit.fluxcd.io', ['Kustomization']],
  ['lifecycle.keptn.sh', ['KeptnAppVersion', 'KeptnEvaluation', 'KeptnTask', 'KeptnWorkloadInstance', 'KeptnWorkloadVersion']],
  ['mariadb.mmontes.io', ['MariaDB']],
  ['metrics.keptn.sh', ['Analysis', 'KeptnMetric']],
  ['minio.min.io', ['Tenant']],
  ['monitoring.coreos.com', ['Prometheus']],
  ['networking.gke.io', ['ManagedCertificate']],
  ['notification.toolkit.fluxcd.io', ['Receiver']],
  ['numaflow.numaproj.io', ['InterStepBufferService', 'MonoVertex', 'Pipeline', 'Vertex']],
  ['numaplane.numaproj.io', ['ISBServiceRollout', 'MonoVertexRollout', 'NumaflowControllerRollout', 'PipelineRollout']],
  ['onepassword.com', ['OnePasswordItem']],
  ['openfaas.com', ['Function']],
  ['operator.knative.dev', ['KnativeEventing', 'KnativeServing']],
  ['operator.openshift.io', ['IngressController']],
  ['operators.coreos.com', ['Subscription']],
  ['pkg.crossplane.io', ['Provider']],
  ['platform.confluent.io', ['Connect', 'Connector', 'ControlCenter', 'Kafka', 'KsqlDB', 'SchemaRegistry', 'Zookeeper']],
  ['policy.open-cluster-management.io', ['CertificatePolicy', 'ConfigurationPolicy', 'OperatorPolicy', 'Policy']],
  ['policy', ['PodDisruptionBudget']],
  ['proclaim.dogmatiq.io', ['DNSSDServiceInstance']],
  ['psmdb.percona.com', ['PerconaServerMongoDB']],
  ['pubsub.cnrm.cloud.google.com', ['PubSubSubscription', 'PubSubTopic']],
  ['pxc.percona.com', ['PerconaXtraDBCluster']],
  ['rabbitmq.com', ['RabbitmqCluster']],
  ['rds.aws.crossplane.io', ['DBCluster', 'DBInstance']],
  ['resourcemanager.cnrm.cloud.google.com', ['Project']],
  ['rollouts.kruise.io', ['Rollout']],
  ['route.openshift.io', ['Route']],
  ['route53.aws.crossplane.io', ['ResourceRecordSet']],
  ['s3.aws.crossplane.io', ['Bucket']],
  ['serving.knative.dev', ['Service']],
  ['serving.kserve.io', ['InferenceService']],
  ['snapshot.storage.k8s.io', ['VolumeSnapshot', 'VolumeSnapshotContent']],
  ['solr.apache.org', ['SolrCloud']],
  ['source.toolkit.fluxcd.io', ['Bucket', 'GitRepository', 'HelmChart', 'HelmRepository', 'OCIRepository']],
  ['sparkoperator.k8s.io', ['SparkApplication']],
  ['spot.io', ['SpotDeployment']],
  ['sql.cnrm.cloud.google.com', ['SQLDatabase', 'SQLInstance']],
  ['stacks.crossplane.io', ['ClusterStackInstall']],
  ['storage.cnrm.cloud.google.com', ['StorageBucket', 'StorageBucketAccessControl', 'StorageDefaultObjectAccessControl']],
  ['tower.ansible.com', ['AnsibleJob']],
  ['trident.netapp.io', ['TridentBackendConfig', 'TridentOrchestrator']],
  ['work.karmada.io', ['ClusterResourceBinding', 'ResourceBinding']],
  ['zookeeper.pravega.io', ['ZookeeperCluster']],
]);

const GO = keys(GO_HEALTH_CHECKS);
const LUA = keys(LUA_HEALTH_CHECKS);

function keys(table: ReadonlyMap<string, readonly string[]>): Set<string> {
  const out = new Set<string>();
  for (const [group, kinds] of table) for (const kind of kinds) out.add(configMapKey(group, kind));
  return out;
}

/** Argo CD's key for a kind in argocd-cm and in its built-in scripts: `<group>/<Kind>`, or `<Kind>` for the core group. */
export function configMapKey(group: string, kind: string): string {
  return group === '' ? kind : `${group}/${kind}`;
}

/**
 * Where the health of a kind comes from during a sync, in Argo CD's order: a customization
 * (keys as {@link configMapKey}, e.g. `argoproj.io/Application` when the Application health
 * check is installed), a built-in Lua script, a built-in Go check, or none.
 */
export function healthCheckOf(group: string, kind: string, customizations: ReadonlySet<string> = new Set()): HealthCheckSource {
  const key = configMapKey(group, kind);
  if (customizations.has(key)) return 'customization';
  if (LUA.has(key)) return 'lua';
  if (GO.has(key)) return 'go';
  return 'none';
}

/**
 * The API groups of Kubernetes itself. An object of these groups is complete when the API
 * server accepts it (a Namespace, a ConfigMap, RBAC): having no health check costs a later
 * wave nothing. A custom resource without a check is different: an operator acts on it
 * afterwards, and nothing waits for that.
 */
const KUBERNETES_GROUPS = new Set([
  '', 'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'apiregistration.k8s.io', 'apps', 'autoscaling', 'batch',
  'certificates.k8s.io', 'coordination.k8s.io', 'discovery.k8s.io', 'events.k8s.io', 'extensions', 'flowcontrol.apiserver.k8s.io',
  'networking.k8s.io', 'node.k8s.io', 'policy', 'rbac.authorization.k8s.io', 'resource.k8s.io', 'scheduling.k8s.io', 'storage.k8s.io',
]);

/** True for a group served by Kubernetes itself rather than by a CRD. */
export function isKubernetesGroup(group: string): boolean {
  return KUBERNETES_GROUPS.has(group);
}

/**
 * Custom kinds that are configuration read as they are, with no result to wait for: Argo
 * CD's AppProject, and the Prometheus Operator's scrape and rule objects (it folds them into
 * Prometheus's configuration; they have no status in v0.93 by default).
 */
const CONFIGURATION_KINDS = new Set([
  'argoproj.io/AppProject', 'monitoring.coreos.com/PodMonitor', 'monitoring.coreos.com/PrometheusRule', 'monitoring.coreos.com/ServiceMonitor',
  // read by Crossplane's package manager whenever it renders a package's Deployment
  'pkg.crossplane.io/DeploymentRuntimeConfig',
]);

/**
 * True when an object of this kind is complete once the API server accepts it: every
 * Kubernetes kind (their controllers' work is what health checks are for) and custom
 * kinds that are plain configuration, such as Argo CD's AppProject. False for the other
 * custom resources, which an operator acts on afterwards.
 */
export function completeWhenApplied(group: string, kind: string): boolean {
  return isKubernetesGroup(group) || CONFIGURATION_KINDS.has(configMapKey(group, kind));
}
