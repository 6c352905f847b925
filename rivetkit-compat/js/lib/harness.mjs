// The suite's runner: cases run one at a time, each in every encoding it applies to, and each
// result is one JSON line on stdout. Nothing here knows about Rivulet: cases talk to the endpoint
// only through RivetKit's client and plain fetch.

import { randomUUID } from "node:crypto";

export class AssertionError extends Error {}

/** Throws unless `condition`; `message` says what was expected. */
export function check(condition, message) {
  if (!condition) throw new AssertionError(message);
}

/** Deep equality through JSON (the values cases compare are JSON). */
export function checkEqual(actual, expected, what) {
  const a = canonical(actual);
  const e = canonical(expected);
  if (a !== e) throw new AssertionError(`${what}: expected ${e}, got ${a}`);
}

/** JSON with every object's keys sorted: key order carries no meaning in JSON objects. */
function canonical(value) {
  return JSON.stringify(value, (_, v) => (v && typeof v === "object" && !Array.isArray(v)
    && Object.getPrototypeOf(v) === Object.prototype)
    ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v);
}

/** Awaits `promise` and checks it rejects with an error of `group` and `code`; returns it. */
export async function rejects(promise, group, code, what) {
  let error;
  try {
    await promise;
  } catch (e) {
    error = e;
  }
  check(error !== undefined, `${what}: expected ${group}.${code}, but it succeeded`);
  if (group !== undefined) {
    check(error.group === group && error.code === code,
      `${what}: expected ${group}.${code}, got ${error.group}.${error.code}: ${error.message}`);
  }
  return error;
}

/** Polls `probe` until it returns a truthy value or throws nothing falsy; fails after `timeoutMs`. */
export async function waitFor(what, probe, timeoutMs = 10_000, intervalMs = 50) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
      last = undefined;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new AssertionError(`timed out after ${timeoutMs} ms waiting for ${what}`
        + (last ? `: ${last.message}` : ""));
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Resolves with the next value `subscribe(callback)` delivers, or fails after `timeoutMs`. */
export function next(what, subscribe, timeoutMs = 10_000) {
  return new Promise((resolve, reject) => {
    let unsubscribe = () => {};
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new AssertionError(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    unsubscribe = subscribe((...args) => {
      clearTimeout(timer);
      unsubscribe();
      resolve(args);
    }) ?? (() => {});
  });
}

/** A case: `encodings` null means it does not depend on the encoding and runs once. */
export function defineCase(group, name, run, { encodings = ["json", "cbor", "bare"], needs = [] } = {}) {
  return { group, name, run, encodings, needs };
}

function errorOf(e) {
  return {
    message: String(e?.message ?? e),
    group: e?.group,
    code: e?.code,
    stack: e instanceof AssertionError ? undefined : e?.stack?.split("\n").slice(0, 6).join("\n"),
  };
}

/**
 * Runs `cases`; `makeClient(encoding)` gives a client per encoding. Returns the counts. `emit`
 * receives every result.
 */
export async function runCases(cases, { endpoint, encodings, control, makeClient, filter,
  timeoutMs, emit, clientName }) {
  const runId = randomUUID().slice(0, 8);
  const counts = { passed: 0, failed: 0, skipped: 0 };
  const clients = new Map();
  const clientFor = (encoding) => {
    if (!clients.has(encoding)) clients.set(encoding, makeClient(encoding));
    return clients.get(encoding);
  };
  for (const c of cases) {
    const id = `${c.group}/${c.name}`;
    if (filter && !filter.test(id)) continue;
    const runs = c.encodings === null ? [null] : c.encodings.filter((e) => encodings.includes(e));
    for (const encoding of runs) {
      const result = { type: "case", client: clientName, group: c.group, name: c.name,
        encoding: encoding ?? "any" };
      const missing = c.needs.filter((n) => n === "control" && !control);
      if (missing.length) {
        counts.skipped++;
        emit({ ...result, status: "skip", reason: "needs RIVETKIT_CONTROL (a server the suite "
          + "can ask to drop sockets and restart the gateway)" });
        continue;
      }
      const started = Date.now();
      const disposables = [];
      const ctx = {
        endpoint,
        encoding: encoding ?? "json",
        control,
        client: clientFor(encoding ?? "json"),
        newClient: () => {
          const client = makeClient(encoding ?? "json");
          disposables.push(client);
          return client;
        },
        key: (suffix = "") => `${c.name.replace(/[^A-Za-z0-9]+/g, "-")}${suffix}-${encoding ?? "any"}-${runId}`,
        track: (conn) => {
          disposables.push(conn);
          return conn;
        },
      };
      let timer;
      try {
        await Promise.race([
          c.run(ctx),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new AssertionError(`case timed out after ${timeoutMs} ms`)),
              timeoutMs);
          }),
        ]);
        counts.passed++;
        emit({ ...result, status: "pass", ms: Date.now() - started });
      } catch (e) {
        counts.failed++;
        emit({ ...result, status: "fail", ms: Date.now() - started, error: errorOf(e) });
      } finally {
        clearTimeout(timer);
        for (const d of disposables.reverse()) {
          try {
            await Promise.race([d.dispose(), new Promise((r) => setTimeout(r, 2_000))]);
          } catch {
            // a case's own failure is already reported
          }
        }
      }
    }
  }
  for (const client of clients.values()) {
    await Promise.race([client.dispose(), new Promise((r) => setTimeout(r, 2_000))]).catch(() => {});
  }
  return counts;
}
