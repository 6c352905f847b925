// RivetKit's own client (rivetkit/client), typed by the declaration `rivulet types` writes for
// the examples (./registry.d.ts). TypeScriptTypesIT type-checks it with the pinned tsc: it must
// pass, and every `Is<...>` below must hold exactly (a type that fell back to any would not).
import { createClient } from "rivetkit/client";
import type {
  ChatRoom,
  ConnParams,
  GridGame,
  Input,
  LiveAuction,
  Registry,
  State,
  UserManagerApi,
} from "./registry";

/** True only when A and B are the same type (not merely assignable, and not any). */
type Is<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function holds<T extends true>(): void {}

const client = createClient<Registry>("http://localhost:8080/api/rivet");

export async function actions(): Promise<void> {
  // getOrCreate, an action with a typed argument and result
  const counter = client.counter.getOrCreate(["demo"]);
  const count = await counter.increment(5);
  holds<Is<typeof count, number>>();
  holds<Is<Parameters<typeof counter.increment>, [amount: number]>>();

  // a record result, a list of records
  const room = client.chatRoom.getOrCreate(["general"]);
  const message = await room.sendMessage("ada", "hello");
  holds<Is<typeof message, ChatRoom.Message>>();
  holds<Is<typeof message.at, string>>();
  const history = await room.getHistory();
  holds<Is<typeof history, ChatRoom.Message[]>>();

  // Optional<User> is User | null; a record of another class's namespace
  const users = client.userManager.get(["acme"]);
  const user = await users.getUser("u-1");
  holds<Is<typeof user, UserManagerApi.User | null>>();

  // creation input, typed by createState(I)
  const input = { item: "Brass lamp", closesAt: "2030-01-01T12:00:00Z" } satisfies
    Input<"liveAuction">;
  const auction = await client.liveAuction.create(["lamp"], { input });
  const bid = await auction.placeBid("ada", 100);
  holds<Is<typeof bid, LiveAuction.Bid>>();
  holds<Is<Input<"counter">, undefined>>();
  holds<Is<State<"counter">, { count: number }>>();
}

export function events(): void {
  // events: the name is checked, the callback's arguments typed
  const conn = client.chatRoom.getOrCreate(["general"]).connect();
  conn.on("newMessage", (message) => {
    holds<Is<typeof message, ChatRoom.Message>>();
  });
  const unsubscribe = conn.once("newMessage", (message: ChatRoom.Message) => {
    console.log(message.user, message.text);
  });
  unsubscribe();

  // connection params, typed by onBeforeConnect(P) / createConnState(P); an event of two
  // arguments; an action over the connection
  const params = { player: "ada" } satisfies ConnParams<"gridGame">;
  const game = client.gridGame.getOrCreate(["g1"], { params }).connect();
  game.on("welcome", (player, board) => {
    holds<Is<typeof player, GridGame.Player>>();
    holds<Is<typeof board, GridGame.Board>>();
  });
  game.on("left", (name) => holds<Is<typeof name, string>>());
  void game.move("up").then((moved) => holds<Is<typeof moved, GridGame.Player>>());

  // an actor that declares no events takes any name, with untyped arguments
  client.inventory.getOrCreate(["main"]).connect().on("anything", (...args) => {
    holds<Is<typeof args, any[]>>();
  });
}
