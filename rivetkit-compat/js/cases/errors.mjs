// Every error shape the client reads (driver suite: actor-error-handling,
// conn-error-serialization), over HTTP and over a connection.
import { check, checkEqual, defineCase, rejects } from "../lib/harness.mjs";

const g = "errors";

export default [
  defineCase(g, "a user error with a message", async ({ client, key, track }) => {
    for (const [via, target] of [["http", client.errorHandlingActor.getOrCreate([key()])],
      ["socket", track(client.errorHandlingActor.getOrCreate([key()]).connect())]]) {
      const e = await rejects(target.throwSimpleError(), "user", "user_error", via);
      checkEqual(e.message, "Simple error message", `${via} message`);
      check(e.metadata === undefined || e.metadata === null, `${via} metadata: ${e.metadata}`);
    }
  }),

  defineCase(g, "a user error with code and metadata", async ({ client, key, track }) => {
    for (const [via, target] of [["http", client.errorHandlingActor.getOrCreate([key()])],
      ["socket", track(client.errorHandlingActor.getOrCreate([key()]).connect())]]) {
      const e = await rejects(target.throwDetailedError(), "user", "detailed_error", via);
      checkEqual(e.message, "Detailed error message", `${via} message`);
      checkEqual(e.metadata?.reason, "test", `${via} metadata.reason`);
      check(typeof e.metadata?.timestamp === "number", `${via} metadata.timestamp`);
    }
  }),

  defineCase(g, "an internal error tells nothing", async ({ client, key, track }) => {
    for (const [via, target] of [["http", client.errorHandlingActor.getOrCreate([key()])],
      ["socket", track(client.errorHandlingActor.getOrCreate([key()]).connect())]]) {
      const e = await rejects(target.throwInternalError(), undefined, undefined, via);
      checkEqual([e.code, e.message], ["internal_error", "An internal error occurred"], via);
    }
  }),

  defineCase(g, "an unknown action is actor.action_not_found", async ({ client, key, track }) => {
    await rejects(client.counter.getOrCreate([key()]).action({ name: "nope", args: [] }),
      "actor", "action_not_found", "http");
    const conn = track(client.counter.getOrCreate([key()]).connect());
    await rejects(conn.action({ name: "nope", args: [] }), "actor", "action_not_found", "socket");
    checkEqual(await conn.increment(1), 1, "the connection stays open");
  }),

  defineCase(g, "arguments that do not fit are actor.invalid_arguments", async ({ client, key }) => {
    await rejects(client.counter.getOrCreate([key()]).increment("five"), "actor", "invalid_arguments",
      "a string for a number");
  }),

  defineCase(g, "the actor keeps working after errors", async ({ client, key }) => {
    const a = client.errorHandlingActor.getOrCreate([key()]);
    await a.throwSimpleError().catch(() => {});
    checkEqual(await a.successfulAction(), "success", "after an error");
    checkEqual(await a.logError("e1"), ["e1"], "state changes after an error");
  }),
];
