// Raw HTTP and raw WebSocket (driver suite: raw-http, raw-http-request-properties,
// raw-websocket).
import { check, checkEqual, defineCase, next } from "../lib/harness.mjs";

const g = "raw";

function open(ws) {
  return new Promise((resolve, reject) => {
    if (ws.readyState === 1) return resolve();
    ws.addEventListener("open", () => resolve(), { once: true });
    ws.addEventListener("close", (e) => reject(new Error(`closed: ${e.code} ${e.reason}`)), { once: true });
  });
}

function message(ws, what) {
  return next(what, (cb) => {
    const listener = (e) => cb(e.data);
    ws.addEventListener("message", listener);
    return () => ws.removeEventListener("message", listener);
  });
}

export default [
  defineCase(g, "fetch reaches onRequest", async ({ client, key }) => {
    const a = client.rawHttpActor.getOrCreate([key()]);
    const hello = await a.fetch("api/hello");
    checkEqual(hello.status, 200, "status");
    checkEqual(await hello.json(), { message: "Hello from actor!" }, "body");
    const echo = await a.fetch("/api/echo", { method: "POST", body: JSON.stringify({ x: 1 }),
      headers: { "content-type": "application/json" } });
    checkEqual(await echo.json(), { x: 1 }, "echo");
    const headers = await (await a.fetch("api/headers", { headers: { "x-custom": "v1" } })).json();
    checkEqual(headers["x-custom"], "v1", "a request header");
    checkEqual((await a.fetch("api/state").then((r) => r.json())).requestCount, 4, "state kept");
    checkEqual((await a.fetch("api/nowhere")).status, 404, "unknown path");
  }),

  defineCase(g, "fetch without onRequest is a 404", async ({ client, key }) => {
    checkEqual((await client.rawHttpNoHandlerActor.getOrCreate([key()]).fetch("x")).status, 404, "status");
  }),

  defineCase(g, "fetch keeps the path and query and strips rvt- parameters", async ({ client, key }) => {
    const r = await client.rawHttpRequestPropertiesActor.getOrCreate([key()])
      .fetch("test-path/deeper?myParam=myValue&b=2");
    const data = await r.json();
    checkEqual(data.pathname, "/test-path/deeper", "pathname");
    checkEqual(data.searchParams, { myParam: "myValue", b: "2" }, "searchParams");
    check(!JSON.stringify(data).includes("rvt-"), `no rvt- parameter reached the actor: ${data.url}`);
    checkEqual(data.method, "GET", "method");
  }),

  defineCase(g, "webSocket reaches onWebSocket", async ({ client, key }) => {
    const a = client.rawWebSocketActor.getOrCreate([key()]);
    const ws = await a.webSocket();
    const welcome = message(ws, "welcome");
    await open(ws);
    checkEqual(JSON.parse((await welcome)[0]).type, "welcome", "welcome");
    const pong = message(ws, "pong");
    ws.send(JSON.stringify({ type: "ping" }));
    checkEqual(JSON.parse((await pong)[0]).type, "pong", "pong");
    const echo = message(ws, "echo");
    ws.send("plain text");
    checkEqual((await echo)[0], "plain text", "echo");
    ws.close();
  }, { encodings: null }),

  defineCase(g, "webSocket keeps the path and query", async ({ client, key }) => {
    const ws = await client.rawWebSocketActor.getOrCreate([key()]).webSocket("api/v1/stream?token=abc123");
    await message(ws, "welcome");
    const info = message(ws, "requestInfo");
    ws.send(JSON.stringify({ type: "getRequestInfo" }));
    const data = JSON.parse((await info)[0]);
    check(data.url.includes("api/v1/stream") && data.url.includes("token=abc123"), `url ${data.url}`);
    ws.close();
  }, { encodings: null }),

  defineCase(g, "webSocket carries binary messages", async ({ client, key }) => {
    const ws = await client.rawWebSocketBinaryActor.getOrCreate([key()]).webSocket();
    ws.binaryType = "arraybuffer";
    await open(ws);
    const reply = message(ws, "reversed bytes");
    ws.send(new Uint8Array([1, 2, 3, 4]));
    checkEqual([...new Uint8Array((await reply)[0])], [4, 3, 2, 1], "reversed");
    ws.close();
  }, { encodings: null }),
];
