// Sequential latency of one action through RivetKit's own client, next to Rivulet's own routes
// called from the same node process: one request at a time, timed from the call to its answer.
// Prints one JSON line per figure: {"figure", "n", "p50_runs_ms", "p99_runs_ms"}, a p50 and a
// p99 for each run (the bench takes their medians).
//
// Environment:
//   RIVULET_URL        the gateway, e.g. http://127.0.0.1:8080 (required); RivetKit's client is
//                      pointed at <RIVULET_URL>/api/rivet
//   LATENCY_REQUESTS   measured requests per figure (default 2000)
//   LATENCY_WARMUP     requests before measuring, per figure (default 2000)
//   LATENCY_RUNS       runs per figure (default 5)
//   LATENCY_ACTOR      actor type with an action increment(number) (default counter)

import { createClient } from "rivetkit/client";
import WebSocket from "ws";

const base = process.env.RIVULET_URL;
if (!base) {
  console.error("RIVULET_URL is required (the gateway, e.g. http://127.0.0.1:8080)");
  process.exit(2);
}
const requests = Number(process.env.LATENCY_REQUESTS ?? 2000);
const warmup = Number(process.env.LATENCY_WARMUP ?? 2000);
const runs = Number(process.env.LATENCY_RUNS ?? 5);
const actor = process.env.LATENCY_ACTOR ?? "counter";
const run = `lat-${process.pid}-${Date.now()}`;

async function measure(figure, call) {
  for (let i = 0; i < warmup; i++) await call();
  const p50s = [];
  const p99s = [];
  for (let run = 0; run < runs; run++) {
    const times = new Float64Array(requests);
    for (let i = 0; i < requests; i++) {
      const start = process.hrtime.bigint();
      await call();
      times[i] = Number(process.hrtime.bigint() - start) / 1e6;
    }
    times.sort();
    const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
    p50s.push(at(0.5));
    p99s.push(at(0.99));
  }
  console.log(JSON.stringify({ figure, n: requests, p50_runs_ms: p50s, p99_runs_ms: p99s }));
}

// RivetKit's client, bare encoding (its default): a stateless call, then over a connection.
const client = createClient({ endpoint: `${base}/api/rivet`, encoding: "bare" });
const handle = client[actor].getOrCreate([`${run}-http`]);
await measure("rivetkit client, stateless (HTTP, bare)", () => handle.increment(1));
const conn = client[actor].getOrCreate([`${run}-ws`]).connect();
await measure("rivetkit client, connection (WebSocket, bare)", () => conn.increment(1));
await conn.dispose();

// Rivulet's own routes from the same process: HTTP with node's fetch, the WebSocket with ws.
const url = `${base}/api/actors/${actor}/${run}-own-http/actions/increment`;
await measure("Rivulet's route from node (HTTP, JSON)", async () => {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" },
    body: "[1]" });
  if (!res.ok) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
  await res.arrayBuffer();
});

const socket = new WebSocket(`${base.replace(/^http/, "ws")}/api/actors/${actor}/${run}-own-ws/connect`,
  ["rivet", "rivet_encoding.json"]);
await new Promise((resolve, reject) => {
  socket.once("message", resolve); // Init
  socket.once("error", reject);
});
let next = 0;
const waiting = new Map();
socket.on("message", (data) => {
  const body = JSON.parse(data.toString()).body;
  const id = body.val.id ?? body.val.actionId;
  const key = Array.isArray(id) ? id[1] : String(id);
  const done = waiting.get(key);
  if (!done) return;
  waiting.delete(key);
  if (body.tag === "Error") done.reject(new Error(`${body.val.group}.${body.val.code}`));
  else done.resolve();
});
await measure("Rivulet's route from node (WebSocket, JSON)", () => new Promise((resolve, reject) => {
  const id = String(next++);
  waiting.set(id, { resolve, reject });
  socket.send(JSON.stringify({ body: { tag: "ActionRequest",
    val: { id: ["$BigInt", id], name: "increment", args: [1] } } }));
}));
socket.close();
process.exit(0);
