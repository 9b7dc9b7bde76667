/**
 * Tests may talk only to servers on this machine: any outbound connection to
 * another address fails loudly instead of reaching the network.
 */
import net from 'node:net';

const LOCAL = /^(127\.|::1$|localhost$|::ffff:127\.)/;
// Kept unbound on purpose: it is called back with the socket as `this` (`original.apply(this, …)`).
// eslint-disable-next-line @typescript-eslint/unbound-method
const original = net.Socket.prototype.connect;

net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
  const first = args[0] as { host?: string; path?: string } | number | string | undefined;
  const host =
    typeof first === 'object' && first !== null
      ? first.path
        ? 'localhost'
        : (first.host ?? 'localhost')
      : typeof args[1] === 'string'
        ? args[1]
        : 'localhost';
  if (typeof first === 'string' && !/^\d+$/.test(first)) return original.apply(this, args as never); // a Unix socket path
  if (!LOCAL.test(host)) throw new Error(`outbound network refused in tests: ${host}`);
  return original.apply(this, args as never);
};
