// The benchmark's baseline: a bare Koa route that does one insertOne of a report-sized document through the same
// driver (mongoose's connection), with no validation, routing or authentication. Prints "BASELINE_READY <url>".
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { connectDb } from '../server/src/lib/db';

async function main(): Promise<void> {
  const uri = process.env.MONGODB_URI!;
  const doc = JSON.parse(process.env.BASELINE_DOC!) as Record<string, unknown>;
  const conn = await connectDb({ uri, dbName: process.env.MONGODB_DB ?? 'linli_bench' });
  const collection = conn.db!.collection('baseline_reports');
  const app = new Koa();
  app.use(async (ctx) => {
    if (ctx.method !== 'POST') return;
    await collection.insertOne({ ...doc });
    ctx.status = 201;
    ctx.body = { ok: true };
  });
  const server = http.createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.stdout.write(`BASELINE_READY http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
  process.on('SIGTERM', () => server.close(() => void conn.close().then(() => process.exit(0))));
}

void main();
