import { integerLabel, lookup, type LabelFamily } from './label-family.ts';

const EXPOSURES: Readonly<Record<string, 'NodePort' | 'LoadBalancer' | 'none'>> = { nodeport: 'NodePort', loadbalancer: 'LoadBalancer', clusterip: 'none' };
const TRAFFIC_POLICIES: Readonly<Record<string, 'Cluster' | 'Local'>> = { cluster: 'Cluster', local: 'Local' };

/** kompose.service.type and the labels of the Service it makes. */
export const serviceType: LabelFamily = {
  labels: {
    'kompose.service.type': 'nodeport, loadbalancer → `exposure: NodePort | LoadBalancer` (a `<service>-public` Service beside the ClusterIP one); clusterip → `exposure: none`; headless → reported (a StatefulSet gets a headless governing Service of its own)',
    'kompose.service.nodeport.port': '`nodePort`',
    'kompose.service.external-traffic-policy': 'cluster, local → `externalTrafficPolicy: Cluster | Local`',
  },
  translate(labels) {
    const type = labels.value('kompose.service.type');
    if (type !== undefined) {
      const exposure = lookup(EXPOSURES, type);
      if (exposure !== undefined) labels.options('kompose.service.type', { exposure });
      else if (type.trim().toLowerCase() === 'headless') {
        labels.warn('kompose.service.type', 'headless is not translated: the service keeps its ClusterIP Service (a StatefulSet gets a headless governing Service); use x-kubernetes.workload: StatefulSet for stable pod names');
      } else labels.warn('kompose.service.type', `'${type}' is not a Kompose service type (nodeport, clusterip, loadbalancer, headless); the label is not translated`);
    }
    const nodePort = integerLabel(labels, 'kompose.service.nodeport.port');
    if (nodePort !== undefined) labels.options('kompose.service.nodeport.port', { nodePort });
    const policy = labels.value('kompose.service.external-traffic-policy');
    if (policy !== undefined) {
      const externalTrafficPolicy = lookup(TRAFFIC_POLICIES, policy);
      if (externalTrafficPolicy) labels.options('kompose.service.external-traffic-policy', { externalTrafficPolicy });
      else labels.warn('kompose.service.external-traffic-policy', `'${policy}' is neither cluster nor local; the label is not translated`);
    }
  },
};
