/**
 * An MQTT 3.1.1 client over WebSockets, as a browser's (mqtt.js) speaks to mosquitto's `protocol
 * websockets` listener: Node's own WebSocket (undici, behind `--experimental-websocket` on Node 20)
 * with the `mqtt` subprotocol, and hand-written CONNECT, SUBSCRIBE and PUBLISH packets. Run as a
 * script, because the test process has no WebSocket: `node --experimental-websocket --import tsx
 * mqtt-websocket-client.ts '<session JSON>'`; it prints the session's outcome as JSON.
 *
 * The session connects (with a user when given), subscribes to each filter, publishes each message
 * with QoS 1 and waits for its PUBACK (so the broker has handled it), collects what arrives for
 * `listenMs`, and disconnects.
 */

export interface Session {
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
  readonly subscribe: readonly string[];
  readonly publish: readonly { readonly topic: string; readonly payload: string; readonly retain: boolean }[];
  readonly listenMs: number;
}

export interface Outcome {
  /** CONNACK's return code (0 accepted, 5 not authorised), or absent when none came. */
  readonly connack?: number;
  /** SUBACK's return codes, one per filter (0x80: refused). */
  readonly suback: readonly number[];
  /** How many PUBACKs came, of the messages published. */
  readonly pubacks: number;
  readonly received: readonly { readonly topic: string; readonly payload: string }[];
  readonly error?: string;
}

interface MessageEventLike {
  readonly data: ArrayBuffer;
}

interface BrowserSocket {
  binaryType: string;
  onopen: (() => void) | null;
  onmessage: ((event: MessageEventLike) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onclose: (() => void) | null;
  send(data: Uint8Array): void;
  close(): void;
}

const text = (value: string): Buffer => {
  const bytes = Buffer.from(value, 'utf8');
  return Buffer.concat([Buffer.from([bytes.length >> 8, bytes.length & 0xff]), bytes]);
};

function remainingLength(length: number): Buffer {
  const bytes: number[] = [];
  do {
    let byte = length % 128;
    length = Math.floor(length / 128);
    if (length > 0) byte |= 0x80;
    bytes.push(byte);
  } while (length > 0);
  return Buffer.from(bytes);
}

const packet = (header: number, body: Buffer): Buffer => Buffer.concat([Buffer.from([header]), remainingLength(body.length), body]);
const id = (value: number): Buffer => Buffer.from([value >> 8, value & 0xff]);

function connect(session: Session): Buffer {
  const user = session.username !== undefined;
  const flags = 0x02 | (user ? 0x80 : 0) | (user && session.password !== undefined ? 0x40 : 0);
  return packet(0x10, Buffer.concat([
    text('MQTT'), Buffer.from([4, flags, 0, 30]), text(`ws-test-${process.pid}`),
    ...(user ? [text(session.username!)] : []),
    ...(user && session.password !== undefined ? [text(session.password)] : []),
  ]));
}

/** Splits a stream of bytes into MQTT packets: [first byte, body]. */
function* packets(buffer: { data: Buffer }): Generator<[number, Buffer]> {
  for (;;) {
    let length = 0;
    let multiplier = 1;
    let at = 1;
    for (; at < buffer.data.length; at++) {
      length += (buffer.data[at]! & 0x7f) * multiplier;
      multiplier *= 128;
      if ((buffer.data[at]! & 0x80) === 0) break;
    }
    if (at >= buffer.data.length || buffer.data.length < at + 1 + length) return;
    yield [buffer.data[0]!, buffer.data.subarray(at + 1, at + 1 + length)];
    buffer.data = buffer.data.subarray(at + 1 + length);
  }
}

function runSession(session: Session): Promise<Outcome> {
  const Socket = (globalThis as { WebSocket?: new (url: string, protocols: string[]) => BrowserSocket }).WebSocket;
  if (!Socket) return Promise.resolve({ suback: [], pubacks: 0, received: [], error: 'no WebSocket: run with --experimental-websocket' });
  return new Promise((resolve) => {
    const socket = new Socket(session.url, ['mqtt']);
    socket.binaryType = 'arraybuffer';
    const buffer = { data: Buffer.alloc(0) };
    let connack: number | undefined;
    const suback: number[] = [];
    let pubacks = 0;
    const received: { topic: string; payload: string }[] = [];
    let done = false;
    const finish = (error?: string): void => {
      if (done) return;
      done = true;
      socket.close();
      resolve({ ...(connack === undefined ? {} : { connack }), suback, pubacks, received, ...(error === undefined ? {} : { error }) });
    };
    const afterAcks = (): void => {
      if (suback.length === session.subscribe.length && pubacks === session.publish.length) setTimeout(() => finish(), session.listenMs);
    };
    socket.onopen = () => socket.send(connect(session));
    socket.onerror = () => finish(connack === undefined ? 'the WebSocket failed before CONNACK' : undefined);
    socket.onclose = () => finish();
    socket.onmessage = (event) => {
      buffer.data = Buffer.concat([buffer.data, Buffer.from(event.data)]);
      for (const [first, body] of packets(buffer)) {
        const type = first >> 4;
        if (type === 2) {
          connack = body[1]!;
          if (connack !== 0) return finish();
          if (session.subscribe.length > 0) {
            socket.send(packet(0x82, Buffer.concat([id(1), ...session.subscribe.map((filter) => Buffer.concat([text(filter), Buffer.from([0])]))])));
          }
          session.publish.forEach((message, index) => {
            socket.send(packet(0x32 | (message.retain ? 1 : 0), Buffer.concat([text(message.topic), id(index + 2), Buffer.from(message.payload, 'utf8')])));
          });
          afterAcks();
        } else if (type === 9) {
          suback.push(...body.subarray(2));
          afterAcks();
        } else if (type === 4) {
          pubacks += 1;
          afterAcks();
        } else if (type === 3) {
          const length = (body[0]! << 8) | body[1]!;
          const qos = (first >> 1) & 3;
          received.push({ topic: body.subarray(2, 2 + length).toString('utf8'), payload: body.subarray(2 + length + (qos > 0 ? 2 : 0)).toString('utf8') });
        }
      }
    };
  });
}

// Only types are imported from here (`import type`), so this runs only as the script.
process.stdout.write(`${JSON.stringify(await runSession(JSON.parse(process.argv[2] ?? '{}') as Session))}\n`);
