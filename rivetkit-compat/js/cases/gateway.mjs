// The routes around the actors: metadata, health, CORS, the REST /actors API, gateway routing by
// header and by rvt-* query (driver suite: gateway-routing, gateway-query-url, manager-driver).
import { check, checkEqual, defineCase } from "../lib/harness.mjs";

const g = "gateway";

async function json(response, what) {
  check(response.headers.get("content-type")?.includes("application/json"),
    `${what}: content-type ${response.headers.get("content-type")}`);
  return response.json();
}

export default [
  defineCase(g, "metadata answers without redirecting the client", async ({ endpoint }) => {
    const r = await fetch(`${endpoint}/metadata`);
    checkEqual(r.status, 200, "status");
    const body = await json(r, "metadata");
    check(typeof body.runtime === "string" && typeof body.version === "string",
      `runtime and version: ${JSON.stringify(body)}`);
    check(body.clientEndpoint === undefined || body.clientEndpoint === null
      || body.clientEndpoint === endpoint, `clientEndpoint ${body.clientEndpoint}`);
  }, { encodings: null }),

  defineCase(g, "health", async ({ endpoint }) => {
    const r = await fetch(`${endpoint}/health`);
    checkEqual(r.status, 200, "status");
    checkEqual((await json(r, "health")).status, "ok", "status field");
  }, { encodings: null }),

  defineCase(g, "CORS for a page on another origin", async ({ endpoint }) => {
    const origin = "http://localhost:5173";
    const preflight = await fetch(`${endpoint}/gateway/counter/action/increment?rvt-namespace=default`
      + "&rvt-method=getOrCreate&rvt-runner=default&rvt-key=cors", {
      method: "OPTIONS",
      headers: { origin, "access-control-request-method": "POST",
        "access-control-request-headers": "content-type,x-rivet-encoding,x-rivet-conn-params" },
    });
    check(preflight.status === 204 || preflight.status === 200, `preflight status ${preflight.status}`);
    checkEqual(preflight.headers.get("access-control-allow-origin"), origin, "allow-origin");
    checkEqual(preflight.headers.get("access-control-allow-credentials"), "true", "credentials");
    const allowed = (preflight.headers.get("access-control-allow-headers") ?? "").toLowerCase();
    for (const h of ["content-type", "x-rivet-encoding", "x-rivet-conn-params"]) {
      check(allowed === "*" || allowed.includes(h), `allow-headers ${allowed} lacks ${h}`);
    }
    const actual = await fetch(`${endpoint}/metadata`, { headers: { origin } });
    checkEqual(actual.headers.get("access-control-allow-origin"), origin, "allow-origin on a GET");
  }, { encodings: null }),

  defineCase(g, "REST: put, post, get, list and delete /actors", async ({ endpoint, key }) => {
    const q = "?namespace=default";
    const put = await fetch(`${endpoint}/actors${q}`, { method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "counter", key: `rest/${key()}`, runner_name_selector: "default",
        crash_policy: "sleep" }) });
    checkEqual(put.status, 200, "PUT status");
    const created = await json(put, "PUT");
    checkEqual(created.created, true, "created");
    const actor = created.actor;
    check(typeof actor.actor_id === "string", `actor_id ${actor.actor_id}`);
    checkEqual([actor.name, actor.key], ["counter", `rest/${key()}`], "name and key");
    check(typeof actor.create_ts === "number", "create_ts");
    const again = await json(await fetch(`${endpoint}/actors${q}`, { method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "counter", key: `rest/${key()}`, runner_name_selector: "default",
        crash_policy: "sleep" }) }), "PUT again");
    checkEqual([again.created, again.actor.actor_id], [false, actor.actor_id], "get, not create");
    const byKey = await json(await fetch(`${endpoint}/actors${q}&name=counter&key=${
      encodeURIComponent(`rest/${key()}`)}`), "GET by key");
    checkEqual(byKey.actors.map((a) => a.actor_id), [actor.actor_id], "GET by name and key");
    const byId = await json(await fetch(`${endpoint}/actors${q}&actor_ids=${
      encodeURIComponent(actor.actor_id)}`), "GET by id");
    checkEqual(byId.actors.map((a) => a.actor_id), [actor.actor_id], "GET by id");
    const post = await fetch(`${endpoint}/actors${q}`, { method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "counter", key: `rest/${key()}`, runner_name_selector: "default",
        crash_policy: "sleep" }) });
    check(!post.ok, "POST of an existing key fails");
    const postError = await json(post, "POST error");
    check(["duplicate_key", "destroyed_during_creation"].includes(postError.code),
      `POST error code ${postError.code}`);
    // Listing every actor of a name and deleting by id are Rivulet's admin API: they need the
    // gateway's admin token (RIVETKIT_ADMIN_TOKEN; none against a server without one).
    const adminToken = process.env.RIVETKIT_ADMIN_TOKEN;
    const admin = adminToken ? { authorization: `Bearer ${adminToken}` } : {};
    if (adminToken) {
      for (const [method, path] of [["GET", `/actors${q}&name=counter`],
        ["DELETE", `/actors/${encodeURIComponent(actor.actor_id)}${q}`]]) {
        const refused = await fetch(`${endpoint}${path}`, { method });
        checkEqual(refused.status, 401, `${method} ${path} without the admin token`);
        checkEqual((await json(refused, "refusal")).code, "unauthenticated", "refusal code");
      }
    }
    const all = await json(await fetch(`${endpoint}/actors${q}&name=counter`, { headers: admin }),
      "GET by name");
    check(all.actors.some((a) => a.actor_id === actor.actor_id), "GET by name lists it");
    const del = await fetch(`${endpoint}/actors/${encodeURIComponent(actor.actor_id)}${q}`,
      { method: "DELETE", headers: admin });
    checkEqual(del.status, 200, "DELETE status");
    const gone = await json(await fetch(`${endpoint}/actors${q}&actor_ids=${
      encodeURIComponent(actor.actor_id)}`), "GET after delete");
    checkEqual(gone.actors, [], "no actor after delete");
  }, { encodings: null }),

  defineCase(g, "routing by x-rivet-target and x-rivet-actor headers", async ({ client, endpoint, key }) => {
    const handle = client.rawHttpActor.getOrCreate([key()]);
    await handle.fetch("api/hello");
    const id = await handle.resolve();
    const r = await fetch(`${endpoint}/request/api/hello`,
      { headers: { "x-rivet-target": "actor", "x-rivet-actor": id } });
    checkEqual(await r.json(), { message: "Hello from actor!" }, "raw request by header");
    const missing = await fetch(`${endpoint}/request/api/hello`, { headers: { "x-rivet-target": "actor" } });
    check(!missing.ok, "no x-rivet-actor header is an error");
  }, { encodings: null }),

  defineCase(g, "routing by rvt-* query; bad queries are refused", async ({ endpoint, key }) => {
    const base = `${endpoint}/gateway/rawHttpActor/request/api/hello`;
    const ok = await fetch(`${base}?rvt-namespace=default&rvt-method=getOrCreate&rvt-runner=default`
      + `&rvt-key=tenant,${key()}`);
    checkEqual(await ok.json(), { message: "Hello from actor!" }, "getOrCreate by query");
    const get = await fetch(`${base}?rvt-namespace=default&rvt-method=get&rvt-key=tenant,${key()}`);
    checkEqual(get.status, 200, "get by query");
    const unknown = await fetch(`${base}?rvt-namespace=default&rvt-method=get&rvt-key=${key()}&rvt-bogus=1`);
    check(!unknown.ok, "an unknown rvt- parameter is refused");
    const dup = await fetch(`${base}?rvt-namespace=a&rvt-namespace=b&rvt-method=get&rvt-key=${key()}`);
    check(!dup.ok, "a repeated rvt- parameter is refused");
  }, { encodings: null }),

  defineCase(g, "gateway URLs of handles work with plain fetch", async ({ client, key }) => {
    const handle = client.counter.getOrCreate([key()]);
    await handle.increment(5);
    const url = new URL(await handle.getGatewayUrl());
    checkEqual(url.searchParams.get("rvt-method"), "getOrCreate", "rvt-method");
    url.pathname = `${url.pathname.replace(/\/$/, "")}/action/getCount`;
    const r = await fetch(url, { method: "POST", headers: { "content-type": "application/json",
      "x-rivet-encoding": "json" }, body: JSON.stringify({ args: [] }) });
    checkEqual(await r.json(), { output: 5 }, "action through the gateway URL");
  }, { encodings: null }),
];
