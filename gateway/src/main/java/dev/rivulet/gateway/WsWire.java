package dev.rivulet.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.gateway.rivetkit.ClientProtocol;
import dev.rivulet.gateway.rivetkit.ClientProtocol.Frame;
import dev.rivulet.gateway.rivetkit.Encoding;
import dev.rivulet.gateway.rivetkit.RivetKitProtocolException;
import dev.rivulet.gateway.rivetkit.ToClient;
import dev.rivulet.gateway.rivetkit.ToServer;
import dev.rivulet.records.ErrorCode;
import dev.rivulet.records.ErrorInfo;
import java.math.BigInteger;

/**
 * How one WebSocket connection's messages are written and read: Rivulet's own JSON frames on
 * {@code /api/actors/{name}/{key}/connect} ({@link WireFrames}: RivetKit's json encoding plus a
 * trace per action and a sequence number per event), or RivetKit's client protocol in the
 * encoding its client chose ({@link ClientProtocol}). There are four, each with an {@link
 * #index()} so that an event is encoded once per wire however many connections get it.
 */
enum WsWire {
  RIVULET(null),
  RIVETKIT_JSON(Encoding.JSON),
  RIVETKIT_CBOR(Encoding.CBOR),
  RIVETKIT_BARE(Encoding.BARE);

  private final Encoding encoding;

  WsWire(Encoding encoding) {
    this.encoding = encoding;
  }

  /** RivetKit's protocol in {@code encoding}. */
  static WsWire rivetKit(Encoding encoding) {
    return switch (encoding) {
      case JSON -> RIVETKIT_JSON;
      case CBOR -> RIVETKIT_CBOR;
      case BARE -> RIVETKIT_BARE;
    };
  }

  /** {@code Init}: the connection is open; Rivulet's frame says where the actor's events stand. */
  Frame init(String actorId, String connectionId, long eventSeq) {
    return this == RIVULET ? Frame.text(WireFrames.init(actorId, connectionId, eventSeq))
        : ClientProtocol.encodeToClient(encoding, new ToClient.Init(actorId, connectionId));
  }

  Frame actionResponse(BigInteger id, JsonNode output) {
    return this == RIVULET ? Frame.text(WireFrames.actionResponse(id, output))
        : ClientProtocol.encodeToClient(encoding, new ToClient.ActionResponse(id, output));
  }

  /** An event; Rivulet's frames carry its sequence number, for a client that resumes. */
  Frame event(String name, JsonNode args, long eventSeq) {
    return this == RIVULET ? Frame.text(WireFrames.event(name, args, eventSeq))
        : ClientProtocol.encodeToClient(encoding, new ToClient.Event(name, args));
  }

  /** An error of the call {@code actionId}, or of the connection itself when it is null. */
  Frame error(ErrorInfo error, BigInteger actionId) {
    return this == RIVULET ? Frame.text(WireFrames.error(error, actionId))
        : ClientProtocol.encodeToClient(encoding, new ToClient.Error(error.group(), error.code(),
            error.message(), error.metadata(), actionId, null));
  }

  /**
   * RivetKit's close reason for "the gateway cannot reach the actor now, open again": its client
   * retries a connection closed with it, with backoff, as it does behind Rivet's own gateway; it
   * gives up for good on any other error before {@code Init}.
   */
  static final String RIVETKIT_RETRY_LATER = "guard.service_unavailable";

  /**
   * The close reason that has this wire's client open the connection again later, when its opening
   * got no answer ({@code gateway.unavailable}: Kafka could not take the request; {@code
   * actor.action_timed_out}: no engine answered in time); null for any other error, and on
   * Rivulet's own wire, whose client retries {@code gateway.unavailable} by itself.
   */
  String retryLater(ErrorInfo error) {
    if (this == RIVULET) return null;
    boolean unanswered = is(error, ErrorCode.UNAVAILABLE) || is(error, ErrorCode.ACTION_TIMED_OUT);
    return unanswered ? RIVETKIT_RETRY_LATER : null;
  }

  private static boolean is(ErrorInfo error, ErrorCode code) {
    return code.group().equals(error.group()) && code.code().equals(error.code());
  }

  /** A message from the client. */
  WireFrames.ToServer parse(Frame frame) throws WireFrames.MalformedFrame {
    if (this == RIVULET) {
      if (!frame.isText()) throw new WireFrames.MalformedFrame("messages must be text (JSON)");
      return WireFrames.parse(frame.text());
    }
    if (frame.isText() == encoding.binary()) {
      throw new WireFrames.MalformedFrame("messages in " + encoding.wireName() + " must be "
          + (encoding.binary() ? "binary" : "text") + " frames");
    }
    ToServer message;
    try {
      message = ClientProtocol.decodeToServer(encoding, frame);
    } catch (RivetKitProtocolException e) {
      throw new WireFrames.MalformedFrame(e.getMessage());
    }
    if (message instanceof ToServer.ActionRequest a) {
      return new WireFrames.ActionRequest(a.id(), a.name(), a.args());
    }
    ToServer.SubscriptionRequest s = (ToServer.SubscriptionRequest) message;
    return new WireFrames.SubscriptionRequest(s.eventName(), s.subscribe());
  }
}
