// Destroy (driver suite: actor-destroy).
import { checkEqual, defineCase, rejects, waitFor } from "../lib/harness.mjs";

const g = "destroy";

export default [
  defineCase(g, "destroy removes the actor and a new one starts fresh", async ({ client, key }) => {
    const observer = client.destroyObserver.getOrCreate(["observer"]);
    const handle = client.destroyActor.getOrCreate([key()]);
    checkEqual(await handle.setValue(42), 42, "setValue");
    const id = await handle.resolve();
    await handle.destroy();
    await waitFor("onDestroy", () => observer.wasDestroyed(key()));
    await rejects(client.destroyActor.getForId(id).getValue(), "actor", "not_found", "by its old id");
    await rejects(client.destroyActor.get([key()]).resolve(), "actor", "not_found", "by its key");
    checkEqual(await client.destroyActor.getOrCreate([key()]).getValue(), 0, "a fresh actor");
  }),

  defineCase(g, "create again after destroy", async ({ client, key }) => {
    const first = await client.destroyActor.create([key()]);
    await first.setValue(456);
    const id = await first.resolve();
    await first.destroy();
    await rejects(client.destroyActor.getForId(id).getValue(), "actor", "not_found", "old id");
    const second = await client.destroyActor.create([key()]);
    checkEqual(await second.getValue(), 0, "fresh state");
    checkEqual(await second.getEphemeral(), "fresh", "fresh vars");
  }),

  defineCase(g, "a stale handle reaches the new actor", async ({ client, key }) => {
    const handle = client.destroyActor.getOrCreate([key()]);
    await handle.setValue(321);
    await handle.destroy();
    await waitFor("the actor gone", async () => {
      try {
        await client.destroyActor.get([key()]).resolve();
        return false;
      } catch (e) {
        return e.code === "not_found";
      }
    });
    checkEqual(await handle.getValue(), 0, "the handle's next call");
  }),
];
