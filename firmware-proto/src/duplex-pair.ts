import { Duplex } from 'node:stream';

/**
 * Two connected in-memory duplex streams: what one writes, the other reads. Destroying one end
 * destroys the other, as pulling a cable would. For tests and the in-process simulator.
 */
export function createDuplexPair(): [Duplex, Duplex] {
  const ends: Duplex[] = [];
  const peerOf = (index: number) => ends[1 - index]!;
  const makeEnd = (index: number) =>
    new Duplex({
      read() {},
      write(chunk: Buffer, _encoding, callback) {
        const peer = peerOf(index);
        if (!peer.destroyed && !peer.readableEnded) peer.push(Buffer.from(chunk));
        callback();
      },
      final(callback) {
        peerOf(index).push(null);
        callback();
      },
      destroy(error, callback) {
        const peer = peerOf(index);
        if (!peer.destroyed) peer.destroy();
        callback(error);
      },
    });
  ends.push(makeEnd(0), makeEnd(1));
  return [ends[0]!, ends[1]!];
}
