package dev.rivulet.gateway.rivetkit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Connection params as the client sends them: plain JSON ({@code JSON.stringify}, not JSON
 * compat) in the {@code x-rivet-conn-params} header of HTTP calls, URL-encoded in the {@code
 * rivet_conn_params.} WebSocket subprotocol. The client sends none when its params are {@code
 * undefined}; RivetKit's server then uses null.
 */
public final class ConnParams {
  /** The header of HTTP calls (actions, raw requests, queue messages). */
  public static final String HEADER = "x-rivet-conn-params";

  private ConnParams() {}

  /** The params of an HTTP call; null when the header is absent. */
  public static JsonNode fromHeader(String header) throws RivetKitProtocolException {
    if (header == null) return null;
    return UserValues.readJson(header, HEADER);
  }

  /** The params of a WebSocket, from what follows {@code rivet_conn_params.}. */
  public static JsonNode fromSubprotocol(String encoded) throws RivetKitProtocolException {
    return UserValues.readJson(GatewayTargetParser.percentDecode(encoded, "connection params"),
        "connection params");
  }
}
