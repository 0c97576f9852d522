import { BlockList, isIPv4, isIPv6 } from 'node:net';

/**
 * How a request reached the bridge as the browser sees it: the client's address, the scheme and the
 * host it typed. Behind a TLS reverse proxy the socket shows the proxy over plain HTTP; only a proxy
 * named in `trustedProxies` may tell otherwise through X-Forwarded-For/-Proto/-Host, so a client
 * cannot forge its address (and escape the login throttle) by sending those headers itself.
 */
export interface ClientView {
  readonly ip: string;
  readonly protocol: 'http' | 'https';
  readonly host: string;
}

export interface RequestFacts {
  readonly socketAddress: string;
  /** `https` when the bridge itself terminated TLS */
  readonly socketProtocol: 'http' | 'https';
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
}

/** Addresses (`10.0.0.5`, `::1`) and networks (`10.0.0.0/8`) whose forwarded headers are believed. */
export class TrustedProxies {
  private readonly list = new BlockList();
  readonly size: number;

  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      const [address = '', bits] = entry.split('/');
      const type = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined;
      const prefix = Number(bits);
      const badPrefix =
        bits !== undefined &&
        !(Number.isInteger(prefix) && prefix >= 0 && prefix <= (type === 'ipv4' ? 32 : 128));
      if (!type || badPrefix) throw new RangeError(`trusted proxy ${entry}: not an IP address or network`);
      if (bits === undefined) this.list.addAddress(address, type);
      else this.list.addSubnet(address, prefix, type);
    }
    this.size = entries.length;
  }

  trusts(address: string): boolean {
    if (this.size === 0) return false;
    const plain = unmapped(address);
    const type = isIPv4(plain) ? 'ipv4' : isIPv6(plain) ? 'ipv6' : undefined;
    return type !== undefined && this.list.check(plain, type);
  }
}

// A dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d.
const unmapped = (address: string): string =>
  address.startsWith('::ffff:') && isIPv4(address.slice(7)) ? address.slice(7) : address;

const header = (facts: RequestFacts, name: string): string | undefined => {
  const value = facts.headers[name];
  return typeof value === 'string' ? value : value?.[0];
};

const listOf = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

export const clientView = (facts: RequestFacts, proxies: TrustedProxies): ClientView => {
  const socketIp = unmapped(facts.socketAddress);
  const direct = { ip: socketIp, protocol: facts.socketProtocol, host: header(facts, 'host') ?? '' };
  if (!proxies.trusts(socketIp)) return direct;
  // Walk X-Forwarded-For from the right: the first address no trusted proxy added is the client.
  const hops = listOf(header(facts, 'x-forwarded-for')).map(unmapped);
  let ip = socketIp;
  for (let i = hops.length - 1; i >= 0; i -= 1) {
    ip = hops[i] ?? ip;
    if (!proxies.trusts(ip)) break;
  }
  // The nearest proxy's view of scheme and host is the last value each carries.
  const proto = listOf(header(facts, 'x-forwarded-proto')).at(-1)?.toLowerCase();
  const host = listOf(header(facts, 'x-forwarded-host')).at(-1);
  return {
    ip,
    protocol: proto === 'https' ? 'https' : proto === 'http' ? 'http' : direct.protocol,
    host: host ?? direct.host,
  };
};

/** The origin a browser on the other side of the proxies sends with its requests. */
export const originOf = (view: ClientView): string => `${view.protocol}://${view.host}`;
