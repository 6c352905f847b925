// RivetKit's compatibility suite: drives the pinned, published RivetKit client against a running
// server and prints one JSON line per case and encoding, then a summary line and
// "N passed, N failed, N skipped". Exits 1 when a case failed.
//
// Environment:
//   RIVETKIT_ENDPOINT   the client's endpoint, e.g. http://127.0.0.1:8080/api/rivet (required)
//   RIVETKIT_ENCODINGS  encodings to run, comma-separated (default json,cbor,bare)
//   RIVETKIT_CLIENT     "rivetkit" (the pinned rivetkit package, default) or "react" (the copy
//                       of rivetkit that @rivetkit/react depends on)
//   RIVETKIT_CONTROL    a URL answering POST /drop-connections and POST /restart-gateway
//                       (the cases that need it are skipped without it)
//   RIVETKIT_CASES      a regular expression over "group/name" selecting cases
//   RIVETKIT_CASE_TIMEOUT_MS  per case (default 60000)
//   RIVETKIT_ADMIN_TOKEN  the gateway's admin token, for the REST case's list and delete (which it
//                       also checks are refused without it); none: sent without one

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { runCases } from "./lib/harness.mjs";
import actionCases from "./cases/actions.mjs";
import connectionCases from "./cases/connections.mjs";
import destroyCases from "./cases/destroy.mjs";
import errorCases from "./cases/errors.mjs";
import gatewayCases from "./cases/gateway.mjs";
import handleCases from "./cases/handles.mjs";
import rawCases from "./cases/raw.mjs";
import scheduleCases from "./cases/schedules.mjs";

const endpoint = process.env.RIVETKIT_ENDPOINT;
if (!endpoint) {
  console.error("RIVETKIT_ENDPOINT is required (the client's endpoint, e.g. http://127.0.0.1:8080/api/rivet)");
  process.exit(2);
}
const encodings = (process.env.RIVETKIT_ENCODINGS ?? "json,cbor,bare").split(",").map((e) => e.trim());
const clientName = process.env.RIVETKIT_CLIENT ?? "rivetkit";
const filter = process.env.RIVETKIT_CASES ? new RegExp(process.env.RIVETKIT_CASES) : undefined;
const timeoutMs = Number(process.env.RIVETKIT_CASE_TIMEOUT_MS ?? 60_000);
const control = process.env.RIVETKIT_CONTROL;

// The rivetkit package a client name stands for: the pinned one, or the copy @rivetkit/react
// depends on (nested under it when its version differs, as with 2.3.11 next to 2.3.19).
function rivetkitDir(name) {
  const modules = fileURLToPath(new URL("./node_modules/", import.meta.url));
  if (name === "rivetkit") return join(modules, "rivetkit");
  if (name === "react") {
    const nested = join(modules, "@rivetkit/react/node_modules/rivetkit");
    return existsSync(nested) ? nested : join(modules, "rivetkit");
  }
  throw new Error(`RIVETKIT_CLIENT must be rivetkit or react, got ${name}`);
}

const clientDir = rivetkitDir(clientName);
const clientPackage = JSON.parse(readFileSync(join(clientDir, "package.json"), "utf8"));
const { createClient } = await import(
  pathToFileURL(join(clientDir, clientPackage.exports["./client"].import.default)).href);

const emit = (line) => console.log(JSON.stringify(line));
emit({ type: "start", client: clientName, clientVersion: clientPackage.version, endpoint, encodings,
  node: process.version });

// The client waits for GET /metadata forever before its first request: without it every case
// would only time out, so check it first and report the cases as not run.
async function preflight() {
  try {
    const r = await fetch(`${endpoint}/metadata`, { signal: AbortSignal.timeout(10_000) });
    const body = await r.text();
    if (!r.ok) return `GET ${endpoint}/metadata answered ${r.status}: ${body.slice(0, 300)}`;
    JSON.parse(body);
    return null;
  } catch (e) {
    return `GET ${endpoint}/metadata failed: ${e.message}`;
  }
}

const cases = [
  ...gatewayCases, ...handleCases, ...actionCases, ...connectionCases, ...errorCases,
  ...scheduleCases, ...rawCases, ...destroyCases,
];
const unusable = await preflight();
if (unusable) {
  let failed = 0;
  for (const c of cases) {
    for (const encoding of c.encodings === null ? ["any"] : c.encodings.filter((e) => encodings.includes(e))) {
      failed++;
      emit({ type: "case", client: clientName, group: c.group, name: c.name, encoding, status: "fail",
        ms: 0, error: { message: `not run: the client cannot start: ${unusable}` } });
    }
  }
  emit({ type: "summary", client: clientName, passed: 0, failed, skipped: 0 });
  console.log(`0 passed, ${failed} failed, 0 skipped`);
  process.exit(1);
}
const counts = await runCases(cases, {
  endpoint,
  encodings,
  control,
  filter,
  timeoutMs,
  emit,
  clientName,
  makeClient: (encoding) => createClient({ endpoint, encoding }),
});
emit({ type: "summary", client: clientName, ...counts });
console.log(`${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exit(counts.failed > 0 ? 1 : 0);
