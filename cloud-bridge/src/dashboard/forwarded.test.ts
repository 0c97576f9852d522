import { describe, expect, it } from 'vitest';
import { clientView, originOf, TrustedProxies } from './forwarded.js';

const proxied = {
  socketAddress: '::ffff:10.0.0.2',
  socketProtocol: 'http' as const,
  headers: {
    host: '127.0.0.1:8080',
    'x-forwarded-for': '203.0.113.9, 10.0.0.3',
    'x-forwarded-proto': 'https',
    'x-forwarded-host': 'ops.regiobox.example',
  },
};

describe('a dashboard behind a TLS reverse proxy', () => {
  it('believes a trusted proxy: the client address, https and the public host', () => {
    const view = clientView(proxied, new TrustedProxies(['10.0.0.0/24']));
    expect(view).toEqual({ ip: '203.0.113.9', protocol: 'https', host: 'ops.regiobox.example' });
    expect(originOf(view)).toBe('https://ops.regiobox.example');
  });

  it('ignores forwarded headers from a peer that is not a trusted proxy, so nobody forges an address', () => {
    const view = clientView(proxied, new TrustedProxies(['192.0.2.1']));
    expect(view).toEqual({ ip: '10.0.0.2', protocol: 'http', host: '127.0.0.1:8080' });
  });

  it('ignores forwarded headers when no proxy is configured', () => {
    expect(clientView(proxied, new TrustedProxies([])).protocol).toBe('http');
  });

  it('takes the client from the right of X-Forwarded-For: an address the client prepended is not believed', () => {
    const forged = { ...proxied, headers: { ...proxied.headers, 'x-forwarded-for': '1.2.3.4, 203.0.113.9' } };
    expect(clientView(forged, new TrustedProxies(['10.0.0.2'])).ip).toBe('203.0.113.9');
  });

  it('refuses a trusted proxy entry that is no address', () => {
    expect(() => new TrustedProxies(['proxy.local'])).toThrow(/not an IP address/);
  });
});
