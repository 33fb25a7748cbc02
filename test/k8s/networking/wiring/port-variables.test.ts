import { describe, expect, it } from 'vitest';
import { pairedPort } from '../../../../lib/k8s/networking/wiring/port-variables.ts';

describe('pairedPort', () => {
  it('pairs a host variable with the port variable of its prefix, in its case', () => {
    const environment = { PEERTUBE_SMTP_HOSTNAME: 'postfix', PEERTUBE_SMTP_PORT: '25', DB_HOST: 'db', DB_PORT: ' 5433 ', redis_host: 'cache', redis_port: '6380', MAIL_SERVER: 'mail', MAIL_PORT: '1025' };
    expect(pairedPort(environment, 'PEERTUBE_SMTP_HOSTNAME')).toBe(25);
    expect(pairedPort(environment, 'DB_HOST')).toBe(5433);
    expect(pairedPort(environment, 'redis_host')).toBe(6380);
    expect(pairedPort(environment, 'MAIL_SERVER')).toBe(1025);
  });

  it('pairs nothing without a port number beside it', () => {
    const environment = { DB_HOST: 'db', DB_PORT: '${PORT}', SMTP_HOST: 'mail', SMTP_PORT: '70000', CACHE_HOST: 'cache', CACHE_PORT: null, HOSTED: 'x', API_URL: 'api' };
    expect(pairedPort(environment, 'DB_HOST')).toBeUndefined();
    expect(pairedPort(environment, 'SMTP_HOST')).toBeUndefined();
    expect(pairedPort(environment, 'CACHE_HOST')).toBeUndefined();
    expect(pairedPort(environment, 'QUEUE_HOST')).toBeUndefined();
    expect(pairedPort(environment, 'API_URL')).toBeUndefined();
  });
});
