import { readFileSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { networkInterfaces } from 'node:os';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { createLocalDynamoDbClients, type DynamoDbLocal, startDynamoDbLocal } from '@theta/local';

/** Local addresses of the sockets listening on `port`, from /proc/net/tcp and tcp6 (IPv4-mapped shown as IPv4). */
function listeningAddresses(port: number): string[] {
  const addresses: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (!local || state !== '0A') continue; // 0A = LISTEN
      const [hexAddress, hexPort] = local.split(':') as [string, string];
      if (parseInt(hexPort, 16) === port) addresses.push(decodeProcAddress(hexAddress));
    }
  }
  return addresses;
}

// /proc prints each 32-bit word of the address in host (little-endian) byte order.
function decodeProcAddress(hex: string): string {
  const bytes = hex.match(/.{8}/g)!.flatMap((word) => word.match(/../g)!.reverse().map((b) => parseInt(b, 16)));
  if (bytes.length === 4) return bytes.join('.');
  const mappedV4 = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  if (mappedV4) return bytes.slice(12).join('.');
  return bytes.every((b) => b === 0) ? '::' : `v6:${hex}`;
}

function nonLoopbackIPv4(): string | undefined {
  return Object.values(networkInterfaces()).flat().find((info) => info && info.family === 'IPv4' && !info.internal)?.address;
}

function tcpConnects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2_000 });
    const settle = (connected: boolean) => {
      socket.destroy();
      resolve(connected);
    };
    socket.once('connect', () => settle(true));
    socket.once('error', () => settle(false));
    socket.once('timeout', () => settle(false));
  });
}

describe('DynamoDB Local listens on loopback only', () => {
  let dynamodb: DynamoDbLocal;
  beforeAll(async () => {
    dynamodb = await startDynamoDbLocal({ startTimeoutMs: 60_000 });
  }, 90_000);
  afterAll(() => dynamodb?.stop());

  it('the probe itself sees a wildcard listener (so a 0.0.0.0 bind would fail the next test)', async () => {
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
    const { port } = server.address() as { port: number };
    try {
      expect(listeningAddresses(port)).toEqual(['0.0.0.0']);
      const other = nonLoopbackIPv4();
      if (other) expect(await tcpConnects(other, port)).toBe(true);
    } finally {
      server.close();
    }
  });

  it("binds Java's socket to 127.0.0.1 and answers there", async () => {
    expect(listeningAddresses(dynamodb.port)).toEqual(['127.0.0.1']);
    const { client } = createLocalDynamoDbClients(dynamodb.endpoint);
    await expect(client.send(new ListTablesCommand({}))).resolves.toHaveProperty('TableNames');
    client.destroy();
  });

  it("is not reachable on this machine's other address", async () => {
    const other = nonLoopbackIPv4();
    if (!other) return; // no second interface: the /proc check above is the proof
    expect(await tcpConnects(other, dynamodb.port)).toBe(false);
  });
});
