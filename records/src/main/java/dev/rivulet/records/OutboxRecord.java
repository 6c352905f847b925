package dev.rivulet.records;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * What one gateway must deliver, on the {@code <app>.outbox} topic, keyed by the gateway's id: the
 * replies to requests it sent and the events for the connections it holds.
 *
 * <p>A gateway may read the outbox {@code read_uncommitted} and so see the output of a
 * transaction that is later aborted and retried. Because the engine is deterministic the retry
 * produces the same records, and the gateway drops the second copy: replies by {@link
 * Reply#requestId()}, events by the actor's {@link Event#eventSeq()}, raw socket frames by their
 * {@link SocketFrame#seq()} and {@link SocketFrame#index()}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = OutboxRecord.Reply.class, name = "reply"),
  @JsonSubTypes.Type(value = OutboxRecord.Event.class, name = "event"),
  @JsonSubTypes.Type(value = OutboxRecord.Disconnect.class, name = "disconnect"),
  @JsonSubTypes.Type(value = OutboxRecord.SocketFrame.class, name = "socketFrame"),
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface OutboxRecord {
  /** The actor the record comes from. */
  ActorId actor();

  /** The answer to a request: exactly one of {@code output} and {@code error} is set. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Reply(String requestId, ActorId actor, JsonNode output, ErrorInfo error)
      implements OutboxRecord {
    public Reply {
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(actor, "actor");
      if ((output == null) == (error == null)) {
        throw new IllegalArgumentException("a reply has exactly one of output and error");
      }
    }

    public boolean ok() {
      return error == null;
    }
  }

  /**
   * Close a connection held by this gateway: the actor disconnected it, or was destroyed. {@code
   * code} is the close code the actor gave a raw socket ({@code RawSocket.close(code, reason)});
   * null: the gateway's default (1000).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Disconnect(ActorId actor, String connId, String reason, Integer code)
      implements OutboxRecord {
    public Disconnect {
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(connId, "connId");
    }

    /** Close a connection with the gateway's default code. */
    public Disconnect(ActorId actor, String connId, String reason) {
      this(actor, connId, reason, null);
    }
  }

  /**
   * A message the actor sends on a raw WebSocket held by this gateway: exactly one of {@code
   * text} and {@code binary} (base64). Delivered at most once, in order, and only while the socket
   * is open: the frames of one step have the step's {@code seq} (the actor's journal sequence
   * number) and increasing {@code index} (from 0, across the step's frames), so a gateway drops a
   * frame at or below the last {@code (seq, index)} it delivered to the socket (the duplicate of a
   * retried transaction).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record SocketFrame(ActorId actor, String connId, String text, String binary, long seq,
      int index) implements OutboxRecord {
    public SocketFrame {
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(connId, "connId");
      if ((text == null) == (binary == null)) {
        throw new IllegalArgumentException("a socket frame has exactly one of text and binary");
      }
    }
  }

  /**
   * An event for connections of {@code actor} at this gateway: every connection subscribed to
   * {@code name} when {@code connIds} is absent, only the listed connections otherwise.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Event(ActorId actor, long eventSeq, String name, JsonNode args, List<String> connIds)
      implements OutboxRecord {
    public Event {
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(args, "args");
    }
  }
}
