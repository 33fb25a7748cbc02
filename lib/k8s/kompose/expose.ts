import type { LabelFamily } from './label-family.ts';

/** kompose.service.expose and the labels of the Ingress it makes. */
export const expose: LabelFamily = {
  labels: {
    'kompose.service.expose': '`exposure: Ingress`; the comma-separated hosts, each with an optional path (`example.com/api`) → `ingress.hosts`; `true` → the host `<service>.<ingress.domain>` (no host without a domain)',
    'kompose.service.expose.tls-secret': "the service's `ingress.tlsSecretName` (listed among the objects to create)",
    'kompose.service.expose.ingress-class-name': "the service's `ingress.className`",
  },
  translate(labels) {
    const value = labels.value('kompose.service.expose');
    if (value !== undefined && value.trim().toLowerCase() !== 'false') {
      const entries = value.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
      const hosts = entries.filter((entry) => entry.toLowerCase() !== 'true');
      if (hosts.length > 0 && hosts.length < entries.length) {
        labels.warn('kompose.service.expose', "'true' beside named hosts adds no host of its own; the Ingress has the named hosts");
      }
      labels.options('kompose.service.expose', { exposure: 'Ingress', ...(hosts.length > 0 ? { ingress: { hosts } } : {}) });
    }
    for (const [label, option] of [['kompose.service.expose.tls-secret', 'tlsSecretName'], ['kompose.service.expose.ingress-class-name', 'className']] as const) {
      const name = labels.value(label);
      if (name === undefined) continue;
      labels.options(label, { ingress: { [option]: name.trim() } });
    }
  },
};
