// Connections (driver suite: actor-conn, actor-conn-state, actor-conn-status, lifecycle-hooks,
// conn-error-serialization) and the client's reconnect.
import { check, checkEqual, defineCase, next, rejects, waitFor } from "../lib/harness.mjs";

const g = "connections";

// An event reaches only the connections subscribed when the gateway fans it out. A case that
// subscribes on one socket and acts on another first makes a call on the subscribing socket: the
// client sends a subscription before any later message on the same socket, and the gateway takes
// a socket's frames in order, so the subscription is in before the other call is even made.

async function post(control, what) {
  const response = await fetch(`${control}/${what}`, { method: "POST" });
  check(response.ok, `control ${what} answered ${response.status}`);
}

export default [
  defineCase(g, "connect through getOrCreate, get, getForId and create", async ({ client, key, track }) => {
    checkEqual(await track(client.counter.getOrCreate([key()]).connect()).increment(7), 7, "getOrCreate");
    checkEqual(await track(client.counter.get([key()]).connect()).increment(1), 8, "get");
    const id = await client.counter.getOrCreate([key()]).resolve();
    checkEqual(await track(client.counter.getForId(id).connect()).getCount(), 8, "getForId");
    const created = await client.counter.create([key("-new")]);
    checkEqual(await track(created.connect()).increment(9), 9, "create");
  }),

  defineCase(g, "Init gives the actor id that resolve gives", async ({ client, key, track }) => {
    const handle = client.counter.getOrCreate([key()]);
    const conn = track(handle.connect());
    check(conn.isConnected === false, "not connected before Init");
    await conn.ready;
    checkEqual(conn.actorId, await handle.resolve(), "actorId");
    check(typeof conn.connId === "string" && conn.connId.length > 0, "a connection id");
  }),

  defineCase(g, "status, onOpen, onClose and onStatusChange", async ({ client, key }) => {
    const conn = client.counter.getOrCreate([key()]).connect();
    const statuses = [];
    conn.onStatusChange((s) => statuses.push(s));
    let opened = 0;
    let closed = 0;
    conn.onOpen(() => opened++);
    conn.onClose(() => closed++);
    await conn.ready;
    checkEqual(conn.connStatus, "connected", "status after ready");
    await conn.dispose();
    checkEqual([opened, closed], [1, 1], "onOpen and onClose calls");
    checkEqual(conn.connStatus, "idle", "status after dispose");
    check(statuses.includes("connected") && statuses.at(-1) === "idle", `statuses ${statuses}`);
  }),

  defineCase(g, "events: on, once and unsubscribe", async ({ client, key, track }) => {
    const handle = client.counter.getOrCreate([key()]);
    const conn = track(handle.connect());
    const seen = [];
    const off = conn.on("newCount", (n) => seen.push(n));
    let onceCalls = 0;
    conn.once("newCount", () => onceCalls++);
    const first = next("newCount 1", (cb) => conn.on("newCount", cb));
    await conn.setCount(1);
    checkEqual(await first, [1], "event args");
    const two = next("newCount from another handle", (cb) => conn.on("newCount", cb));
    await handle.setCount(2); // a stateless call's broadcast reaches the socket
    checkEqual(await two, [2], "broadcast of a stateless call");
    checkEqual(onceCalls, 1, "once");
    off();
    await conn.setCount(3);
    const marker = next("newCount 4", (cb) => conn.on("newCount", cb));
    await conn.setCount(4);
    await marker;
    checkEqual(seen, [1, 2], "no events after unsubscribe");
  }),

  defineCase(g, "events only reach subscribed connections", async ({ client, key, track }) => {
    const listening = track(client.counter.getOrCreate([key()]).connect());
    const silent = track(client.counter.getOrCreate([key()]).connect());
    let silentEvents = 0;
    silent.on("other", () => silentEvents++);
    await silent.ready;
    const got = next("newCount", (cb) => listening.on("newCount", cb));
    await listening.getCount(); // the subscription is in before silent's call
    await silent.setCount(5);
    checkEqual(await got, [5], "the subscriber's event");
    checkEqual(silentEvents, 0, "nothing for the other name");
  }),

  defineCase(g, "connection params reach createConnState", async ({ client, key, track }) => {
    const c1 = track(client.counterWithParams.getOrCreate([key()], { params: { name: "user1" } }).connect());
    await c1.getInitializers();
    const c2 = track(client.counterWithParams.getOrCreate([key()], { params: { name: "user2" } }).connect());
    await c2.getInitializers();
    const names = await c1.getInitializers();
    check(names.includes("user1") && names.includes("user2"), `initializers ${names}`);
    const ev = next("newCount", (cb) => c1.on("newCount", cb));
    await c1.getInitializers(); // the subscription is in before c2's call
    await c2.increment(1);
    checkEqual(await ev, [{ count: 1, by: "user2" }], "event with the caller's connection state");
  }),

  defineCase(g, "onBeforeConnect rejects with the user's code", async ({ client, key, track }) => {
    const conn = track(client.beforeConnectRejectActor.getOrCreate([key()],
      { params: { shouldReject: true } }).connect());
    const errors = [];
    conn.onError((e) => errors.push(e));
    const e = await rejects(conn.ping(), "user", "connection_rejected", "ping");
    checkEqual(e.metadata, { reason: "test" }, "metadata");
    await waitFor("onError", () => errors.length > 0);
    checkEqual([errors[0].group, errors[0].code], ["user", "connection_rejected"], "onError");
    const ok = track(client.beforeConnectRejectActor.getOrCreate([key()],
      { params: { shouldReject: false } }).connect());
    checkEqual(await ok.ping(), "pong", "accepted connection");
  }),

  defineCase(g, "a failing onBeforeConnect is an internal error", async ({ client, key, track }) => {
    const conn = track(client.beforeConnectGenericErrorActor.getOrCreate([key()],
      { params: { shouldFail: true } }).connect());
    const e = await rejects(conn.ping(), undefined, undefined, "ping");
    checkEqual(e.code, "internal_error", "code");
  }),

  defineCase(g, "createConnState's error reaches the client", async ({ client, key, track }) => {
    const conn = track(client.connErrorSerializationActor.getOrCreate([key()],
      { params: { shouldThrow: true } }).connect());
    await rejects(conn.getValue(), "user", "custom_error", "getValue");
    const ok = track(client.connErrorSerializationActor.getOrCreate([key()],
      { params: { shouldThrow: false } }).connect());
    checkEqual(await ok.getValue(), 0, "accepted connection");
  }),

  defineCase(g, "connection state: per connection, listed, updated", async ({ client, key, track }) => {
    const handle = (params) => client.connStateActor.getOrCreate([key()], { params });
    const c1 = track(handle({ username: "user1", role: "admin" }).connect());
    const s1 = await c1.getConnectionState();
    checkEqual([s1.username, s1.role, s1.counter], ["user1", "admin", 0], "initial state");
    const c2 = track(handle({ username: "user2" }).connect());
    const s2 = await c2.getConnectionState();
    await c1.incrementConnCounter(5);
    await c2.incrementConnCounter(10);
    checkEqual((await c1.getConnectionState()).counter, 5, "c1 counter");
    checkEqual((await c2.getConnectionState()).counter, 10, "c2 counter");
    const ids = await c1.getConnectionIds();
    check(ids.includes(s1.id) && ids.includes(s2.id), `ids ${ids}`);
    const updated = await c2.updateConnection({ username: "newname", role: "moderator" });
    checkEqual([updated.username, updated.role], ["newname", "moderator"], "updated");
    checkEqual((await c2.getConnectionState()).username, "newname", "kept");
  }),

  defineCase(g, "conn.send reaches one connection", async ({ client, key, track }) => {
    const c1 = track(client.connStateActor.getOrCreate([key()]).connect());
    const s1 = await c1.getConnectionState();
    const c2 = track(client.connStateActor.getOrCreate([key()]).connect());
    const s2 = await c2.getConnectionState();
    let wrong = 0;
    c1.on("directMessage", () => wrong++);
    const got = next("directMessage", (cb) => c2.on("directMessage", cb));
    await c2.getConnectionState(); // the subscription is in before c1's call
    checkEqual(await c1.sendToConnection(s2.id, "Hello from conn1"), true, "sent");
    checkEqual(await got, [{ from: s1.id, message: "Hello from conn1" }], "message");
    checkEqual(wrong, 0, "the sender got nothing");
  }),

  defineCase(g, "onConnect and onDisconnect are counted", async ({ client, key, track }) => {
    const debug = client.connStateActor.getOrCreate([key()], { params: { noCount: true } });
    const conn = client.connStateActor.getOrCreate([key()]).connect();
    const s = await conn.getConnectionState();
    await waitFor("the connection listed", async () => (await debug.getConnectionIds()).includes(s.id));
    checkEqual(await debug.getDisconnectionCount(), 0, "no disconnects yet");
    await conn.dispose();
    await waitFor("onDisconnect", async () => (await debug.getDisconnectionCount()) === 1);
  }),

  defineCase(g, "lifecycle hooks of a connection, in order", async ({ client, key, track }) => {
    const conn = client.counterWithLifecycle.getOrCreate([key()],
      { params: { trackLifecycle: true } }).connect();
    checkEqual(await conn.getEvents(), ["onWake", "onBeforeConnect", "onConnect"], "after connect");
    await conn.dispose();
    await waitFor("onDisconnect", async () => {
      const events = await client.counterWithLifecycle.getOrCreate([key()]).getEvents();
      return events.includes("onDisconnect");
    });
  }),

  defineCase(g, "server-side disconnect closes the socket and the client reconnects", async ({ client, key, track }) => {
    const conn = track(client.connStateActor.getOrCreate([key()]).connect());
    const before = await conn.getConnectionState();
    const closed = next("onClose", (cb) => conn.onClose(cb));
    const reopened = new Promise((resolve) => {
      let n = 0;
      conn.onOpen(() => { if (++n === 2) resolve(); });
    });
    // the answer and the close race each other; either order is RivetKit's
    await conn.disconnectSelf("kicked").catch(() => {});
    await closed;
    await reopened;
    const after = await conn.getConnectionState();
    check(after.id !== before.id, "a new connection after the reconnect");
  }),

  defineCase(g, "reconnect restores subscriptions after the server drops the socket", async ({ client, key, track, control }) => {
    const handle = client.counter.getOrCreate([key()]);
    const conn = track(handle.connect());
    const first = next("newCount", (cb) => conn.on("newCount", cb));
    await conn.setCount(1);
    await first;
    const oldConnId = conn.connId;
    await post(control, "drop-connections");
    await waitFor("a new connection", () => conn.isConnected && conn.connId !== oldConnId, 20_000);
    const again = next("newCount after the reconnect", (cb) => conn.on("newCount", cb));
    await conn.getCount(); // the subscription is in before the stateless call
    await handle.setCount(2);
    checkEqual(await again, [2], "event after the reconnect");
  }, { needs: ["control"] }),

  defineCase(g, "reconnect restores subscriptions after the gateway restarts", async ({ client, key, track, control }) => {
    const handle = client.counter.getOrCreate([key()]);
    const conn = track(handle.connect());
    const first = next("newCount", (cb) => conn.on("newCount", cb));
    await conn.setCount(1);
    await first;
    const oldConnId = conn.connId;
    await post(control, "restart-gateway");
    await waitFor("a new connection", () => conn.isConnected && conn.connId !== oldConnId, 30_000);
    const again = next("newCount after the restart", (cb) => conn.on("newCount", cb));
    checkEqual(await conn.getCount(), 1, "calls over the new socket"); // and the subscription is in
    await handle.setCount(2);
    checkEqual(await again, [2], "event after the restart");
  }, { needs: ["control"] }),

  // RivetKit's client gives up for good on a connection that fails before Init, except on the
  // errors it knows to be passing (Rivet's gateway's guard.service_unavailable among them): a
  // connection opened while no engine answers must be refused with one of those, so that the
  // client tries again and opens once an engine is back.
  defineCase(g, "a connection opened while no engine answers opens once one does", async ({ client, key, track, control }) => {
    const handle = client.counter.getOrCreate([key()]);
    checkEqual(await handle.increment(1), 1, "the actor exists");
    await post(control, "restart-gateway?action-timeout-ms=1500");
    let conn;
    try {
      await post(control, "stop-engine");
      try {
        conn = track(handle.connect());
        const [error] = await next("the refusal", (cb) => conn.onError(cb), 20_000);
        checkEqual(`${error.group}.${error.code}`, "guard.service_unavailable", "the refusal");
        check(!conn.isConnected, "not connected while no engine answers");
      } finally {
        await post(control, "start-engine");
      }
      await waitFor("the connection to open", () => conn.isConnected, 40_000);
      checkEqual(await conn.getCount(), 1, "calls over the connection");
    } finally {
      await post(control, "restart-gateway");
    }
  }, { encodings: ["json"], needs: ["control"] }),

  defineCase(g, "calls in flight fail when the socket drops", async ({ client, key, track, control }) => {
    const conn = track(client.counter.getOrCreate([key()]).connect());
    await conn.ready;
    const calls = Array.from({ length: 20 }, (_, i) => conn.increment(1).then(() => "ok", (e) => e));
    await post(control, "drop-connections");
    const results = await Promise.all(calls);
    for (const r of results) check(r === "ok" || r instanceof Error, `each call answered or failed: ${r}`);
    await waitFor("reconnected", () => conn.isConnected, 20_000);
    checkEqual(typeof (await conn.getCount()), "number", "calls work again");
  }, { needs: ["control"] }),
];
