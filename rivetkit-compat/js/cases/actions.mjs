// Action features (driver suite: action-features, actor-stateless, actor-onstatechange).
import { checkEqual, check, defineCase, rejects } from "../lib/harness.mjs";

const g = "actions";
const item = (i) => `Item ${i} with some additional text to increase size`;
const items = (n) => Array.from({ length: n }, (_, i) => item(i));

export default [
  defineCase(g, "synchronous actions", async ({ client, key }) => {
    const a = client.syncActionActor.getOrCreate([key()]);
    checkEqual(await a.increment(5), 5, "increment");
    checkEqual(await a.increment(3), 8, "increment");
    const info = await a.getInfo();
    checkEqual(info.currentValue, 8, "currentValue");
    check(typeof info.timestamp === "number", `timestamp is a number: ${typeof info.timestamp}`);
    await a.reset();
    checkEqual(await a.increment(0), 0, "after reset");
  }),

  defineCase(g, "dotted action names", async ({ client, key }) => {
    const a = client.nestedActionActor.getOrCreate([key()]);
    checkEqual(await a.calculator.add(2), 2, "calculator.add(2)");
    checkEqual(await a.action({ name: "calculator.add", args: [3] }), 5, "action({name})");
    checkEqual(await a.calculator.read(), 5, "calculator.read()");
  }),

  defineCase(g, "the same over a connection", async ({ client, key, track }) => {
    const conn = track(client.nestedActionActor.getOrCreate([key()]).connect());
    checkEqual(await conn.calculator.add(4), 4, "calculator.add over the socket");
    const sync = track(client.syncActionActor.getOrCreate([key()]).connect());
    checkEqual(await sync.increment(2), 2, "syncActionActor over the socket");
  }),

  defineCase(g, "large arguments and results", async ({ client, key, track }) => {
    const a = client.largePayloadActor.getOrCreate([key()]);
    const r = await a.processLargeRequest({ items: items(800) });
    checkEqual(r, { itemCount: 800, firstItem: item(0), lastItem: item(799) }, "over HTTP");
    const big = await a.getLargeResponse(800);
    checkEqual(big.items.length, 800, "large result over HTTP");
    const conn = track(client.largePayloadConnActor.getOrCreate([key()]).connect());
    checkEqual((await conn.processLargeRequest({ items: items(800) })).itemCount, 800, "over a socket");
    checkEqual(await conn.getLastRequestSize(), 800, "connection state");
    checkEqual((await conn.getLargeResponse(800)).items[799], item(799), "large result over a socket");
  }),

  defineCase(g, "results over the outgoing limit are message.outgoing_too_long", async ({ client, key, track }) => {
    await rejects(client.largePayloadActor.getOrCreate([key()]).getLargeResponse(20000),
      "message", "outgoing_too_long", "over HTTP");
    const conn = track(client.largePayloadConnActor.getOrCreate([key()]).connect());
    await rejects(conn.getLargeResponse(20000), "message", "outgoing_too_long", "over a socket");
  }),

  defineCase(g, "a message over the incoming limit closes the socket", async ({ client, key, track }) => {
    const conn = track(client.largePayloadConnActor.getOrCreate([key()]).connect());
    await conn.getLastRequestSize();
    const [oversized, collateral] = await Promise.allSettled([
      conn.processLargeRequest({ items: items(1500) }),
      conn.processLargeRequest({ items: ["small"] }),
    ]);
    check(oversized.status === "rejected", "the oversized call failed");
    checkEqual([oversized.reason.group, oversized.reason.code], ["message", "incoming_too_long"],
      "its error");
    check(collateral.status === "rejected", "the call in flight with it failed too");
  }),

  defineCase(g, "onStateChange runs when the state changed", async ({ client, key }) => {
    const a = client.onStateChangeActor.getOrCreate([key()]);
    await a.setValue(10);
    checkEqual(await a.getChangeCount(), 1, "after setValue");
    await a.getValue();
    await a.getDoubled();
    checkEqual(await a.getChangeCount(), 1, "reads change nothing");
    await a.incrementMultiple(3);
    checkEqual(await a.getChangeCount(), 2, "one change per action");
  }),
];
