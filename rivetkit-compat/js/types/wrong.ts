// Deliberate type errors against the declaration of the examples: TypeScriptTypesIT expects tsc
// to report exactly the error written at the end of each marked line, and no other.
import { createClient } from "rivetkit/client";
import type { ChatRoom, ConnParams, Input, Registry } from "./registry";

const client = createClient<Registry>("http://localhost:8080/api/rivet");

export async function wrong(): Promise<void> {
  const counter = client.counter.getOrCreate(["demo"]);
  await counter.increment("5"); // expect TS2345: Argument of type 'string' is not assignable to parameter of type 'number'.
  await counter.decrement(1); // expect TS2339: Property 'decrement' does not exist on type
  const text: string = await counter.getCount(); // expect TS2322: Type 'number' is not assignable to type 'string'.
  const room = client.chatRoom.getOrCreate(["general"]);
  await room.sendMessage("ada"); // expect TS2554: Expected 2 arguments, but got 1.
  room.connect().on("newMesage", () => {}); // expect TS2769: No overload matches this call.
  room.connect().on("newMessage", (m: number) => {}); // expect TS2769: No overload matches this call.
  const m: ChatRoom.Message = { user: "ada", text: "hi" }; // expect TS2741: Property 'at' is missing
  const params = { player: 7 } satisfies ConnParams<"gridGame">; // expect TS2322: Type 'number' is not assignable to type 'string'.
  const input = { item: "lamp" } satisfies Input<"liveAuction">; // expect TS2741: Property 'closesAt' is missing
  client.noSuchActor.getOrCreate(["x"]); // expect TS2339: Property 'noSuchActor' does not exist on type
  await client.liveAuction.getOrCreate(["lamp"]).close(); // expect TS2339: Property 'close' does not exist on type
}
