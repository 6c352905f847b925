package dev.rivulet.gateway.rivetkit;

import java.util.Locale;

/**
 * The three encodings of RivetKit's client protocol, chosen per HTTP request ({@code
 * x-rivet-encoding} header) and per WebSocket ({@code rivet_encoding.<name>} subprotocol). The
 * client's default is {@link #BARE}.
 */
public enum Encoding {
  /** JSON text; user values in JSON compat form. WebSocket messages are text frames. */
  JSON("json", "application/json"),
  /** The JSON message shapes as CBOR. WebSocket messages are binary frames. */
  CBOR("cbor", "application/octet-stream"),
  /** A 2-byte little-endian protocol version, then a BARE message; user values are CBOR. */
  BARE("bare", "application/octet-stream");

  /** The header that names a request's encoding. */
  public static final String HEADER = "x-rivet-encoding";

  private final String wireName;
  private final String contentType;

  Encoding(String wireName, String contentType) {
    this.wireName = wireName;
    this.contentType = contentType;
  }

  /** The name on the wire: {@code json}, {@code cbor} or {@code bare}. */
  public String wireName() {
    return wireName;
  }

  /** The content type of bodies in this encoding. */
  public String contentType() {
    return contentType;
  }

  /** Whether messages are bytes (binary WebSocket frames) rather than text. */
  public boolean binary() {
    return this != JSON;
  }

  /** The encoding named {@code name} (case-insensitive). */
  public static Encoding of(String name) throws RivetKitProtocolException {
    if (name != null) {
      switch (name.trim().toLowerCase(Locale.ROOT)) {
        case "json" -> {
          return JSON;
        }
        case "cbor" -> {
          return CBOR;
        }
        case "bare" -> {
          return BARE;
        }
        default -> { }
      }
    }
    throw new RivetKitProtocolException(RivetKitProtocolException.Reason.UNSUPPORTED_ENCODING,
        "unsupported encoding \"" + name + "\"; expected json, cbor or bare");
  }

  /**
   * The encoding of an HTTP request from its {@code x-rivet-encoding} header: JSON when absent
   * (raw requests and the REST API carry none), as RivetKit's server does.
   */
  public static Encoding ofHeader(String header) throws RivetKitProtocolException {
    return header == null || header.isBlank() ? JSON : of(header);
  }
}
