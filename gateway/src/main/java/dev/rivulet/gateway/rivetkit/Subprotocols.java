package dev.rivulet.gateway.rivetkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What RivetKit's client says in a WebSocket's {@code Sec-WebSocket-Protocol} header: always
 * {@code rivet} and {@code rivet_encoding.<json|cbor|bare>}; {@code rivet_conn_params.<params>}
 * (the params' JSON, URL-encoded) when it has params; {@code rivet_target.actor}, {@code
 * rivet_actor.<id>} and {@code rivet_token.<token>} when it routes by header; {@code
 * rivet_skip_ready_wait}. The server must answer with one of the offered protocols ({@link
 * #selected()}), or Node's {@code ws} refuses the socket.
 *
 * @param offered every protocol in the header, in order
 * @param encoding the connection's encoding ({@link Encoding#JSON} when none is named)
 * @param params the connection params, or null
 * @param target {@code rivet_target.}'s value, or null
 * @param actorId {@code rivet_actor.}'s value, or null
 * @param token {@code rivet_token.}'s value, or null
 * @param skipReadyWait whether {@code rivet_skip_ready_wait} is there
 */
public record Subprotocols(List<String> offered, Encoding encoding, JsonNode params, String target,
    String actorId, String token, boolean skipReadyWait) {
  public static final String STANDARD = "rivet";
  public static final String ENCODING = "rivet_encoding.";
  public static final String CONN_PARAMS = "rivet_conn_params.";
  public static final String TARGET = "rivet_target.";
  public static final String ACTOR = "rivet_actor.";
  public static final String TOKEN = "rivet_token.";
  public static final String SKIP_READY_WAIT = "rivet_skip_ready_wait";

  public Subprotocols {
    offered = List.copyOf(offered);
  }

  /** Reads the header's value (null when there is none). */
  public static Subprotocols parse(String header) throws RivetKitProtocolException {
    List<String> offered = new ArrayList<>();
    if (header != null) {
      for (String p : header.split(",")) if (!p.isBlank()) offered.add(p.trim());
    }
    Encoding encoding = null;
    JsonNode params = null;
    String target = null;
    String actorId = null;
    String token = null;
    boolean skip = false;
    for (String p : offered) {
      if (p.startsWith(ENCODING)) {
        if (encoding != null) throw bad("more than one " + ENCODING + " subprotocol");
        encoding = Encoding.of(p.substring(ENCODING.length()));
      } else if (p.startsWith(CONN_PARAMS)) {
        if (params != null) throw bad("more than one " + CONN_PARAMS + " subprotocol");
        params = ConnParams.fromSubprotocol(p.substring(CONN_PARAMS.length()));
      } else if (p.startsWith(TARGET)) {
        target = p.substring(TARGET.length());
      } else if (p.startsWith(ACTOR)) {
        actorId = GatewayTargetParser.percentDecode(p.substring(ACTOR.length()), "actor id");
      } else if (p.startsWith(TOKEN)) {
        token = p.substring(TOKEN.length());
      } else if (p.equals(SKIP_READY_WAIT)) {
        skip = true;
      }
    }
    return new Subprotocols(offered, encoding == null ? Encoding.JSON : encoding, params, target,
        actorId, token, skip);
  }

  /** The protocol to answer with: {@code rivet} when offered, else null (answer none). */
  public String selected() {
    return offered.contains(STANDARD) ? STANDARD : null;
  }

  private static RivetKitProtocolException bad(String message) {
    return RivetKitProtocolException.invalid(message);
  }
}
