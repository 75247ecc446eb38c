import { describe, expect, it } from 'vitest';
import { addressKey, clientAddress } from '../../../server/realtime/client-address';

describe('clientAddress', () => {
  it.each([
    ['the peer when no proxy is trusted, whatever the header says', '10.0.0.1', '198.51.100.7', false, '10.0.0.1'],
    ['the last hop behind a trusted proxy', '10.0.0.1', '198.51.100.7, 203.0.113.9', true, '203.0.113.9'],
    ['the last hop of several header lines', '10.0.0.1', ['198.51.100.7', '203.0.113.9 '], true, '203.0.113.9'],
    ['the peer when a trusted proxy sent no header', '10.0.0.1', undefined, true, '10.0.0.1'],
    ['the peer when the header is empty', '10.0.0.1', ' , ', true, '10.0.0.1'],
    ['one shared key when there is nothing at all', undefined, undefined, false, 'unknown'],
  ])('%s', (_name, peer, header, trusted, expected) => {
    expect(clientAddress(peer, header, trusted)).toBe(expected);
  });

  it('never returns more than 64 characters from the header', () => {
    expect(clientAddress('10.0.0.1', 'x'.repeat(500), true)).toHaveLength(64);
  });
});

describe('addressKey', () => {
  it.each([
    ['an IPv4 address as it is', '203.0.113.9', '203.0.113.9'],
    ['an IPv4-mapped IPv6 address as IPv4 (dual-stack listeners report these)', '::ffff:203.0.113.9', '203.0.113.9'],
    ['an IPv6 address by its /64', '2001:db8:1:2:aaaa:bbbb:cccc:dddd', '2001:db8:1:2::/64'],
    ['another address in the same /64 alike', '2001:0db8:0001:0002::1', '2001:db8:1:2::/64'],
    ['a compressed IPv6 address', '2001:db8::1', '2001:db8:0:0::/64'],
    ['loopback', '::1', '0:0:0:0::/64'],
    ['anything else as it is', 'unknown', 'unknown'],
  ])('%s', (_name, address, key) => {
    expect(addressKey(address)).toBe(key);
  });

  it('puts two different /64 networks apart', () => {
    expect(addressKey('2001:db8:1:2::1')).not.toBe(addressKey('2001:db8:1:3::1'));
  });
});
