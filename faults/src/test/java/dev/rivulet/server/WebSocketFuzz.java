package dev.rivulet.server;

import static dev.rivulet.server.Fuzzing.ENCODINGS;
import static dev.rivulet.server.Fuzzing.JSON;
import static dev.rivulet.server.Fuzzing.QUERY;
import static dev.rivulet.server.Fuzzing.WAIT;
import static dev.rivulet.server.Fuzzing.encodePath;
import static dev.rivulet.server.Fuzzing.encodeQuery;
import static dev.rivulet.server.Fuzzing.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.rivulet.gateway.rivetkit.ClientProtocol;
import dev.rivulet.gateway.rivetkit.ClientProtocol.Frame;
import dev.rivulet.gateway.rivetkit.Encoding;
import dev.rivulet.gateway.rivetkit.ToClient;
import dev.rivulet.gateway.rivetkit.ToServer;
import dev.rivulet.server.testing.FrameSocket;
import dev.rivulet.server.testing.Mutator;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

/** The fuzzer's WebSocket inputs: handshakes and messages, mutated from valid ones. */
final class WebSocketFuzz {
  private final String base;
  private final FuzzTally tally;

  WebSocketFuzz(String base, FuzzTally tally) {
    this.base = base;
    this.tally = tally;
  }

  /**
   * One connection, on Rivulet's JSON route or RivetKit's {@code .../connect} in a random
   * encoding, sometimes with a bad handshake; mutated messages, then a well-formed call that must
   * be answered unless the server closed the socket saying why.
   */
  void session(Mutator m) throws Exception {
    boolean rivulet = m.random().nextInt(4) == 0;
    Encoding encoding = rivulet ? Encoding.JSON : m.pick(ENCODINGS);
    String kind = "websocket-" + (rivulet ? "rivulet" : "rivetkit-" + encoding.wireName());
    String key = "fzw" + m.random().nextInt(8);
    String path = rivulet ? "/api/actors/tally/" + key + "/connect"
        : "/api/rivet/gateway/tally/connect";
    String query = rivulet ? null : QUERY.replace("rvt-key=fz", "rvt-key=" + key);
    List<String> protocols = new ArrayList<>(List.of("rivet",
        "rivet_encoding." + encoding.wireName()));
    boolean badHandshake = m.random().nextInt(8) == 0;
    if (badHandshake) {
      switch (m.random().nextInt(3)) {
        case 0 -> path = m.mutate(path);
        case 1 -> query = m.mutate(query == null ? "" : query);
        default -> protocols.set(1, token(m.mutate(protocols.get(1))));
      }
    }
    tally.tried(kind + (badHandshake ? " handshake" : ""));
    URI uri = URI.create(base.replace("http", "ws") + encodePath(path)
        + (query == null ? "" : "?" + encodeQuery(query)));
    FrameSocket socket;
    try {
      socket = FrameSocket.open(uri, protocols, WAIT);
    } catch (CompletionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException h) {
        tally.answered(kind + " handshake refused " + h.getResponse().statusCode());
        if (!badHandshake) tally.problem(kind + ": a well-formed handshake refused", uri + " "
            + h.getResponse().statusCode());
      } else {
        tally.problem(kind + ": no answer to the handshake", uri + ": " + e.getCause());
      }
      return;
    }
    try (socket) {
      Frame first = socket.await(f -> true, WAIT);
      if (first == null) {
        tally.problem(kind + ": no first message", uri + " " + socket.closedBy());
        return;
      }
      Object opened = read(kind, encoding, rivulet, first);
      if (!(opened instanceof ToClient.Init)) {
        tally.answered(kind + " refused at open");
        boolean timedOut = opened instanceof ToClient.Error e
            && (e.group() + "." + e.code()).equals("actor.action_timed_out");
        if (!badHandshake && !timedOut) {
          tally.problem(kind + ": a well-formed connection refused", uri + " " + first);
        }
        return;
      }
      List<Frame> seeds = List.of(
          ClientProtocol.encodeToServer(encoding, new ToServer.ActionRequest(BigInteger.ONE,
              "add", JsonNodeFactory.instance.arrayNode().add(1))),
          ClientProtocol.encodeToServer(encoding, new ToServer.ActionRequest(BigInteger.TWO,
              "total", JsonNodeFactory.instance.arrayNode())),
          ClientProtocol.encodeToServer(encoding, new ToServer.SubscriptionRequest("changed",
              true)));
      int messages = 1 + m.random().nextInt(5);
      for (int i = 0; i < messages; i++) {
        byte[] bytes = m.mutate(m.pick(seeds).payload(), m.pick(seeds).payload());
        boolean asText = encoding.binary() == (m.random().nextInt(10) == 0); // mostly right
        tally.tried(kind + " message");
        if (!socket.send(asText ? Frame.text(new String(bytes, StandardCharsets.UTF_8))
            : Frame.binary(bytes))) {
          break;
        }
      }
      // A well-formed call after the garbage: answered, unless the server closed the socket.
      BigInteger probe = BigInteger.valueOf(1_000_000 + m.random().nextInt(1_000_000));
      boolean sent = socket.send(ClientProtocol.encodeToServer(encoding,
          new ToServer.ActionRequest(probe, "total", JsonNodeFactory.instance.arrayNode())));
      Frame answer = sent ? socket.await(f -> read(kind, encoding, rivulet, f)
          instanceof ToClient.ActionResponse r && r.id().equals(probe), WAIT) : null;
      List<Object> got = new ArrayList<>();
      for (Frame f : socket.received()) got.add(read(kind, encoding, rivulet, f));
      if (answer != null) {
        tally.answered(kind + " still serving");
      } else if (socket.closedBy() != null) {
        FrameSocket.Closed closed = socket.closedBy();
        tally.answered(kind + " closed " + closed.status());
        boolean said = got.stream().anyMatch(o -> o instanceof ToClient.Error e
            && e.actionId() == null);
        if (!said && (closed.reason() == null || closed.reason().isBlank())) {
          tally.problem(kind + ": closed without saying why", uri + " " + closed);
        }
      } else {
        tally.problem(kind + ": a well-formed call after bad messages not answered", uri + " got "
            + got);
      }
    }
  }

  /** A frame from the server, decoded; its error code checked. Unreadable is a problem. */
  private Object read(String kind, Encoding encoding, boolean rivulet, Frame frame) {
    Object message;
    try {
      if (rivulet) {
        JsonNode body = JSON.readTree(frame.text()).path("body");
        JsonNode val = body.path("val");
        message = switch (body.path("tag").asText()) {
          case "Init" -> new ToClient.Init(val.path("actorId").asText(),
              val.path("connectionId").asText());
          case "Error" -> new ToClient.Error(val.path("group").asText(),
              val.path("code").asText(), val.path("message").asText(), null,
              val.path("actionId").isMissingNode() || val.path("actionId").isNull() ? null
                  : BigInteger.ONE, null);
          case "ActionResponse" -> new ToClient.ActionResponse(new BigInteger(
              val.path("id").isArray() ? val.path("id").get(1).asText()
                  : val.path("id").asText()), val.path("output"));
          case "Event" -> new ToClient.Event(val.path("name").asText(),
              val.path("args").isArray() ? val.path("args")
                  : JsonNodeFactory.instance.arrayNode());
          default -> throw new IllegalArgumentException("no message tag: " + frame);
        };
      } else {
        message = decodeAny(encoding, frame);
      }
    } catch (Exception e) {
      tally.problem(kind + ": an unreadable frame from the server", frame + ": " + e);
      return null;
    }
    if (message instanceof ToClient.Error e) {
      tally.checkCode(kind, e.group() + "." + e.code(), frame.toString());
    }
    return message;
  }

  /**
   * A message in the connection's encoding, or in another one: a socket whose encoding could not
   * be read from its handshake is refused in JSON.
   */
  private static ToClient decodeAny(Encoding expected, Frame frame) throws Exception {
    try {
      return ClientProtocol.decodeToClient(expected, frame);
    } catch (Exception e) {
      for (Encoding other : ENCODINGS) {
        if (other == expected || other.binary() == frame.isText()) continue;
        try {
          return ClientProtocol.decodeToClient(other, frame);
        } catch (Exception notThisOne) {
          // the next, or none
        }
      }
      throw e;
    }
  }
}
