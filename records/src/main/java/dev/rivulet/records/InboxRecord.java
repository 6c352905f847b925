package dev.rivulet.records;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A request to one actor, on the {@code <app>.inbox} topic, keyed by the actor id. Everything that
 * changes an actor enters through its inbox, one record at a time, in order.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = InboxRecord.Create.class, name = "create"),
  @JsonSubTypes.Type(value = InboxRecord.Action.class, name = "action"),
  @JsonSubTypes.Type(value = InboxRecord.Connect.class, name = "connect"),
  @JsonSubTypes.Type(value = InboxRecord.Disconnect.class, name = "disconnect"),
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface InboxRecord {
  /** The actor the record is for; its string form is the Kafka key. */
  ActorId actor();

  /** The record's kind, as in its JSON {@code kind} field. */
  String kind();

  /** How a request finds its actor. */
  enum Mode {
    /** The actor must exist. */
    @JsonProperty("get")
    GET,
    /** The actor is created (with the record's input) when it does not exist. */
    @JsonProperty("getOrCreate")
    GET_OR_CREATE,
    /** The actor must not exist; it is created. */
    @JsonProperty("create")
    CREATE
  }

  /** Where the reply to a request goes: a gateway, and the request's id there. */
  record ReplyTo(String gateway, String requestId) {
    public ReplyTo {
      Objects.requireNonNull(gateway, "replyTo.gateway");
      Objects.requireNonNull(requestId, "replyTo.requestId");
    }
  }

  /** Create an actor (mode {@code create} or {@code getOrCreate}). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Create(ActorId actor, ReplyTo replyTo, Mode mode, JsonNode input) implements InboxRecord {
    public Create {
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(replyTo, "replyTo");
      Objects.requireNonNull(mode, "mode");
    }

    @Override
    public String kind() {
      return "create";
    }
  }

  /** Run an action; {@code connId} is set when it came over a connection. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Action(
      ActorId actor,
      ReplyTo replyTo,
      Mode mode,
      JsonNode input,
      String action,
      JsonNode args,
      String connId)
      implements InboxRecord {
    public Action {
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(replyTo, "replyTo");
      Objects.requireNonNull(mode, "mode");
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(args, "args");
    }

    @Override
    public String kind() {
      return "action";
    }
  }

  /** Open a connection (WebSocket or SSE) held by the gateway in {@code replyTo}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Connect(
      ActorId actor,
      ReplyTo replyTo,
      Mode mode,
      JsonNode input,
      String connId,
      JsonNode params,
      String transport)
      implements InboxRecord {
    public Connect {
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(replyTo, "replyTo");
      Objects.requireNonNull(mode, "mode");
      Objects.requireNonNull(connId, "connId");
      Objects.requireNonNull(transport, "transport");
    }

    @Override
    public String kind() {
      return "connect";
    }
  }

  /** A connection ended: the client closed it, or its gateway lost it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Disconnect(ActorId actor, String gateway, String connId, String reason)
      implements InboxRecord {
    public Disconnect {
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(gateway, "gateway");
      Objects.requireNonNull(connId, "connId");
    }

    @Override
    public String kind() {
      return "disconnect";
    }
  }
}
