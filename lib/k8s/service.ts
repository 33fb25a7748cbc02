import type { Construct } from 'constructs';
import { k8s } from '../../imports/k8s.ts';
import { KubeService } from './kube-objects.ts';
import { derivedName } from './names.ts';
import { objectMeta, type ServiceObjectMeta } from './object-meta.ts';
import type { NamedPort } from './service-ports.ts';
import { renderSafely } from './unrenderable-keys.ts';

export function servicePort(port: NamedPort, number: number = port.port): k8s.ServicePort {
  return {
    name: port.name,
    port: number,
    targetPort: k8s.IntOrString.fromString(port.name),
    protocol: port.protocol.toUpperCase(),
    ...(port.appProtocol ? { appProtocol: port.appProtocol } : {}),
  };
}

/** Name of the headless Service that governs a StatefulSet. */
export function headlessServiceName(name: string): string {
  return derivedName(name, 'headless');
}

export interface ClusterServicesProps {
  readonly meta: ServiceObjectMeta;
  readonly ports: readonly NamedPort[];
  /** A StatefulSet also gets a headless governing Service for its pods' stable DNS names. */
  readonly governing: boolean;
  /** compose `deploy.endpoint_mode: dnsrr`: clients resolve pod addresses directly. */
  readonly dnsRoundRobin: boolean;
}

/**
 * The ClusterIP Service named exactly as the compose service, so containers reach each other by the
 * names they use under compose; plus the headless governing Service of a StatefulSet.
 */
export function addClusterServices(scope: Construct, props: ClusterServicesProps): void {
  const { meta, ports } = props;
  if (ports.length > 0) {
    renderSafely({
      metadata: objectMeta(meta),
      spec: {
        type: 'ClusterIP',
        ...(props.dnsRoundRobin ? { clusterIp: 'None' } : {}),
        selector: { ...meta.selector },
        ports: ports.map((port) => servicePort(port)),
      },
    }, (safe) => new KubeService(scope, `${meta.name}#service`, safe));
  }
  if (props.governing) {
    renderSafely({
      metadata: objectMeta(meta, headlessServiceName(meta.name)),
      spec: {
        clusterIp: 'None',
        selector: { ...meta.selector },
        ...(ports.length > 0 ? { ports: ports.map((port) => servicePort(port)) } : {}),
      },
    }, (safe) => new KubeService(scope, `${meta.name}#headless-service`, safe));
  }
}
