import { describe, expect, it } from 'vitest';
import { isPrivateAddress, publicDestinationsOnly } from '../../../server/connectors/destination';

describe('where caption outputs may send', () => {
  it('calls loopback, private, link-local, shared and multicast addresses private, in IPv4 and IPv6', () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.10', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '::1', '::', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1']) {
      expect(isPrivateAddress(address), address).toBe(true);
    }
    for (const address of ['8.8.8.8', '172.32.0.1', '172.15.255.255', '193.0.0.1', '2001:4860:4860::8888', '::ffff:8.8.8.8']) {
      expect(isPrivateAddress(address), address).toBe(false);
    }
    expect(isPrivateAddress('not an address')).toBe(true);
  });

  it('refuses a host that resolves to any private address, and says why without the URL', async () => {
    const guard = publicDestinationsOnly(async (host) => (host === 'mixed.example' ? ['93.184.216.34', '10.0.0.5'] : ['93.184.216.34']));
    await expect(guard('https://api.zoom.example/closedcaption?id=1&signature=SECRET')).resolves.toBeUndefined();
    await expect(guard('https://mixed.example/hook')).rejects.toThrow(/private or local network/u);
    await expect(guard('http://127.0.0.1:6379/')).rejects.toThrow(/private or local network/u);
    await expect(guard('http://[::1]:8080/')).rejects.toThrow(/private or local network/u);
    await expect(guard('https://mixed.example/hook')).rejects.not.toThrow(/SECRET|mixed/u);
  });

  it('says when a host cannot be resolved, and remembers a public one for a while only', async () => {
    let lookups = 0;
    let nowMs = 0;
    const guard = publicDestinationsOnly(
      async (host) => {
        lookups++;
        if (host === 'nowhere.example') throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
        return ['93.184.216.34'];
      },
      () => nowMs,
    );
    await expect(guard('https://nowhere.example/')).rejects.toThrow('cannot resolve the address (ENOTFOUND)');
    await guard('https://hooks.example/a');
    await guard('https://hooks.example/b');
    expect(lookups).toBe(2);
    nowMs += 30_001;
    await guard('https://hooks.example/a');
    expect(lookups).toBe(3);
  });
});
