// The seeds' chat room as a React page, on RivetKit's own React hooks (@rivetkit/react),
// unchanged but for the endpoint: Rivulet's gateway serves RivetKit's protocol at /api/rivet.
// The types come from the Java actor classes: ./registry.d.ts is written by `rivulet types`
// (build.sh does it before it type-checks and bundles this file).
import { useEffect, useState, type FormEvent } from "react";
import { createRoot } from "react-dom/client";
import { createRivetKit } from "@rivetkit/react";
import type { ChatRoom as Room, Registry } from "./registry";

const { useActor } = createRivetKit<Registry>(`${window.location.origin}/api/rivet`);

function ChatRoom({ room, user }: { room: string; user: string }) {
  const [messages, setMessages] = useState<Room.Message[]>([]);
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const chat = useActor({ name: "chatRoom", key: [room] });

  chat.useEvent("newMessage", (message) => setMessages((prev) => [...prev, message]));

  // Once connected (and again after a reconnect), the room's history replaces what the page
  // shows: the actor applies requests in order, so every message broadcast before the history
  // was read is in it, and every later one arrives as an event after it.
  const connected = chat.connStatus === "connected";
  useEffect(() => {
    if (!connected || !chat.connection) return;
    chat.connection.getHistory().then(setMessages, (e: Error) => setError(e.message));
  }, [connected, chat.connection]);

  const send = async (e: FormEvent) => {
    e.preventDefault();
    if (!chat.connection || text.trim() === "") return;
    try {
      await chat.connection.sendMessage(user, text);
      setText("");
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <main>
      <h1>
        #{room} <small id="status" data-status={chat.connStatus}>{chat.connStatus}</small>
      </h1>
      <ul id="messages">
        {messages.map((m, i) => (
          <li key={i} className="message" data-user={m.user}>
            <time dateTime={m.at}>{new Date(m.at).toLocaleTimeString()}</time>{" "}
            <b>{m.user}</b> <span className="text">{m.text}</span>
          </li>
        ))}
      </ul>
      <form id="send" onSubmit={send}>
        <span id="user">{user}</span>
        <input
          id="text"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="Say something"
          autoComplete="off"
        />
        <button id="send-button" type="submit" disabled={!connected}>
          Send
        </button>
      </form>
      {(error ?? chat.error?.message) && <p id="error">{error ?? chat.error?.message}</p>}
    </main>
  );
}

const params = new URLSearchParams(window.location.search);
const room = params.get("room") ?? "general";
const user = params.get("user") ?? `guest-${Math.floor(Math.random() * 10_000)}`;
document.getElementById("not-built")?.remove();
createRoot(document.getElementById("root")!).render(<ChatRoom room={room} user={user} />);
