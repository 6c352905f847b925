// Schedules (driver suite: actor-schedule).
import { check, checkEqual, defineCase, next, waitFor } from "../lib/harness.mjs";

const g = "schedules";

export default [
  defineCase(g, "schedule.after runs the action", async ({ client, key }) => {
    const s = client.scheduled.getOrCreate([key()]);
    await s.scheduleTaskAfter(250);
    await waitFor("the scheduled run", async () => (await s.getScheduledCount()) === 1);
    check((await s.getLastRun()) > 0, "lastRun set");
  }),

  defineCase(g, "schedule.at runs the action", async ({ client, key }) => {
    const s = client.scheduled.getOrCreate([key()]);
    await s.scheduleTaskAt(Date.now() + 250);
    await waitFor("the scheduled run", async () => (await s.getScheduledCount()) === 1);
  }),

  defineCase(g, "scheduled runs keep their order", async ({ client, key }) => {
    const s = client.scheduled.getOrCreate([key()]);
    await s.scheduleTaskAfterWithId("first", 250);
    await s.scheduleTaskAfterWithId("second", 750);
    await s.scheduleTaskAfterWithId("third", 1250);
    await waitFor("three runs", async () => (await s.getTaskHistory()).length === 3, 15_000);
    checkEqual(await s.getTaskHistory(), ["first", "second", "third"], "order");
  }),

  defineCase(g, "a scheduled run's broadcast reaches a connection", async ({ client, key, track }) => {
    const conn = track(client.scheduled.getOrCreate([key()]).connect());
    const got = next("scheduledWithId", (cb) => conn.on("scheduledWithId", cb), 15_000);
    await conn.scheduleTaskAfterWithId("evented", 200);
    const [payload] = await got;
    checkEqual([payload.taskId, payload.count], ["evented", 1], "event");
  }),
];
