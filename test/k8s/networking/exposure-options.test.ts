import { describe, expect, it } from 'vitest';
import { convertCompose } from '../support/compose-text.ts';

const web = (options: string, ports = '["8080:80"]', top = ''): string => `${top}services:\n  web:\n    image: nginx:1.27\n    ports: ${ports}\n    x-kubernetes:\n${options}`;

describe('exposure options', () => {
  it('nodePort sets the node port of the one published port, externalTrafficPolicy the public Service', () => {
    const result = convertCompose(web('      exposure: NodePort\n      nodePort: 31000\n      externalTrafficPolicy: Local\n'));
    const spec = result.object('Service', 'web-public').spec;
    expect(spec.ports).toEqual([expect.objectContaining({ port: 8080, nodePort: 31000 })]);
    expect(spec.externalTrafficPolicy).toBe('Local');
    expect(result.warningsAt('services.web')).toEqual([]);
  });

  it('nodePort with several published ports is the first one\'s, said once', () => {
    const result = convertCompose(web('      exposure: NodePort\n      nodePort: 31000\n', '["8080:80", "30443:443"]'));
    expect(result.object('Service', 'web-public').spec.ports.map((port: { nodePort?: number }) => port.nodePort)).toEqual([31000, 30443]);
    expect(result.warningsAt('services.web.x-kubernetes.nodePort')).toEqual([expect.stringContaining('the other 1 keep their own')]);
  });

  it('nodePort and externalTrafficPolicy without a public Service are reported, not lost silently', () => {
    const result = convertCompose(web('      exposure: Ingress\n      nodePort: 31000\n      externalTrafficPolicy: Local\n'));
    expect(result.warningsAt('services.web.x-kubernetes.nodePort')).toEqual([expect.stringContaining('applies with exposure NodePort, not Ingress')]);
    expect(result.warningsAt('services.web.x-kubernetes.externalTrafficPolicy')).toEqual([expect.stringContaining('not Ingress')]);
  });

  it('one Ingress with several hosts, each path its own, and the service\'s TLS Secret and class over the project\'s', () => {
    const result = convertCompose(
      web(
        '      exposure: Ingress\n      ingress:\n        host: shop.example.com\n        hosts: [www.example.com, shop.example.com/api]\n        tlsSecretName: shop-tls\n        className: internal\n',
        '["8080:80"]',
        'x-kubernetes:\n  ingress: { className: public, tlsSecretName: wildcard-tls, domain: example.com }\n',
      ),
    );
    const spec = result.object('Ingress', 'web').spec;
    expect(spec.ingressClassName).toBe('internal');
    expect(spec.rules).toEqual([
      { host: 'shop.example.com', http: { paths: [expect.objectContaining({ path: '/' }), expect.objectContaining({ path: '/api' })] } },
      { host: 'www.example.com', http: { paths: [expect.objectContaining({ path: '/' })] } },
    ]);
    expect(spec.tls).toEqual([{ hosts: ['shop.example.com', 'www.example.com'], secretName: 'shop-tls' }]);
    const tls = result.plan.toCreate.filter((object) => object.kind === 'Secret');
    expect(tls.map((object) => [object.name, object.key])).toEqual([['shop-tls', 'services.web.x-kubernetes.ingress.tlsSecretName']]);
  });

  it('without hosts of its own, the project domain names the one host as before', () => {
    const result = convertCompose(web('      exposure: Ingress\n', '["8080:80"]', 'x-kubernetes:\n  ingress: { domain: example.com, tlsSecretName: wildcard-tls }\n'));
    const spec = result.object('Ingress', 'web').spec;
    expect(spec.rules.map((rule: { host: string }) => rule.host)).toEqual(['web.example.com']);
    expect(spec.tls).toEqual([{ hosts: ['web.example.com'], secretName: 'wildcard-tls' }]);
  });
});
