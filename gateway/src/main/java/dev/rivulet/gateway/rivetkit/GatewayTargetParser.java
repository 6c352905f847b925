package dev.rivulet.gateway.rivetkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads {@link GatewayTarget}s from paths, queries and headers, as RivetKit's gateway does. */
final class GatewayTargetParser {
  private GatewayTargetParser() {}

  /**
   * The target of {@code path} (starting with {@code /gateway/}, relative to the client's
   * endpoint) and {@code rawQuery} (without {@code ?}, undecoded; null when none).
   */
  static GatewayTarget parse(String path, String rawQuery) throws RivetKitProtocolException {
    if (!path.startsWith(GatewayTarget.PREFIX)) throw query("not a gateway path: " + path);
    if (path.contains("//")) throw query("a gateway path must not contain //: " + path);
    String afterPrefix = path.substring(GatewayTarget.PREFIX.length());
    int slash = afterPrefix.indexOf('/');
    String segment = slash < 0 ? afterPrefix : afterPrefix.substring(0, slash);
    String rest = slash < 0 || slash == afterPrefix.length() - 1 ? "/" : afterPrefix.substring(slash);
    if (segment.isEmpty()) throw query("a gateway path needs an actor id or name: " + path);
    String raw = rawQuery == null ? "" : rawQuery;

    List<String[]> rvt = new ArrayList<>();
    StringBuilder kept = new StringBuilder();
    for (String part : raw.split("&", -1)) {
      if (part.isEmpty()) continue;
      int eq = part.indexOf('=');
      String name = eq < 0 ? part : part.substring(0, eq);
      if (name.startsWith("rvt-")) {
        rvt.add(new String[] {name, formDecode(eq < 0 ? "" : part.substring(eq + 1), name)});
      } else {
        if (kept.length() > 0) kept.append('&');
        kept.append(part);
      }
    }

    if (rvt.isEmpty()) {
      int at = segment.indexOf('@');
      if (at == 0 || at == segment.length() - 1) {
        throw query("a gateway path's actor id and token must both be present: " + segment);
      }
      String actorId = percentDecode(at < 0 ? segment : segment.substring(0, at), "actor id");
      String token = at < 0 ? null : percentDecode(segment.substring(at + 1), "token");
      return new GatewayTarget.Direct(actorId, token, rest, kept.toString());
    }

    if (segment.indexOf('@') >= 0) {
      throw query("query gateway paths must not use the @token form");
    }
    String name = percentDecode(segment, "actor name");
    if (name.isEmpty()) throw query("the actor name of a query gateway path must not be empty");
    Params p = Params.of(rvt);
    return new GatewayTarget.Query(p.actorQuery(name), p.token, rest, kept.toString());
  }

  /**
   * The target of a request routed by headers: {@code x-rivet-target: actor} and {@code
   * x-rivet-actor}; {@code path} is the whole path under the endpoint.
   */
  static GatewayTarget fromHeaders(String target, String actorId, String token, String path,
      String rawQuery) throws RivetKitProtocolException {
    if (!"actor".equals(target)) {
      throw query("x-rivet-target must be \"actor\", got \"" + target + "\"");
    }
    if (actorId == null || actorId.isBlank()) {
      throw query("x-rivet-target: actor needs an x-rivet-actor header with the actor's id");
    }
    return new GatewayTarget.Direct(actorId, token, path.isEmpty() ? "/" : path,
        rawQuery == null ? "" : rawQuery);
  }

  /** The {@code rvt-} parameters of a query gateway path, checked. */
  static final class Params {
    private static final Set<String> KNOWN = Set.of("namespace", "method", "runner", "pool", "key",
        "input", "region", "crash-policy", "token", "skip-ready-wait");

    private String namespace;
    private String method;
    private String runner;
    private String pool;
    private String key;
    private String input;
    private String region;
    private String crashPolicy;
    private String token;
    private String skipReadyWait;

    private Params() {}

    static Params of(List<String[]> pairs) throws RivetKitProtocolException {
      Params p = new Params();
      Set<String> seen = new HashSet<>();
      for (String[] pair : pairs) {
        String name = pair[0].substring("rvt-".length());
        if (!KNOWN.contains(name)) {
          throw query("unknown gateway parameter " + pair[0] + " (known: rvt-namespace, "
              + "rvt-method, rvt-key, rvt-input, rvt-runner, rvt-pool, rvt-region, "
              + "rvt-crash-policy, rvt-token, rvt-skip-ready-wait)");
        }
        if (!seen.add(name)) {
          throw new RivetKitProtocolException(
              RivetKitProtocolException.Reason.DUPLICATE_QUERY_PARAM,
              "gateway parameter " + pair[0] + " is given more than once");
        }
        String v = pair[1];
        switch (name) {
          case "namespace" -> p.namespace = v;
          case "method" -> p.method = v;
          case "runner" -> p.runner = v;
          case "pool" -> p.pool = v;
          case "key" -> p.key = v;
          case "input" -> p.input = v;
          case "region" -> p.region = v;
          case "crash-policy" -> p.crashPolicy = v;
          case "token" -> p.token = v;
          default -> p.skipReadyWait = v;
        }
      }
      return p;
    }

    GatewayTarget.ActorQuery actorQuery(String name) throws RivetKitProtocolException {
      if (namespace == null) throw query("a query gateway path needs rvt-namespace");
      if (method == null) throw query("a query gateway path needs rvt-method (get or getOrCreate)");
      boolean skip = skipReadyWait();
      List<String> k = ActorKeys.fromQuery(key);
      switch (method) {
        case "get" -> {
          if (input != null || region != null || crashPolicy != null || runner != null
              || pool != null) {
            throw query("rvt-method=get does not take rvt-input, rvt-region, rvt-crash-policy, "
                + "rvt-runner or rvt-pool");
          }
          return new GatewayTarget.ActorQuery(GatewayTarget.Method.GET, namespace, name, k, null, null, null, null, skip);
        }
        case "getOrCreate" -> {
          if (crashPolicy != null && !Set.of("restart", "sleep", "destroy").contains(crashPolicy)) {
            throw query("rvt-crash-policy must be restart, sleep or destroy, got \""
                + crashPolicy + "\"");
          }
          return new GatewayTarget.ActorQuery(GatewayTarget.Method.GET_OR_CREATE, namespace, name, k,
              input == null ? null : decodeInput(input), pool != null ? pool : runner, region,
              crashPolicy, skip);
        }
        default -> throw query("rvt-method must be get or getOrCreate, got \"" + method + "\"");
      }
    }

    private boolean skipReadyWait() throws RivetKitProtocolException {
      if (skipReadyWait == null) return false;
      return switch (skipReadyWait) {
        case "true", "1" -> true;
        case "false", "0" -> false;
        default -> throw query("rvt-skip-ready-wait must be true or false, got \""
            + skipReadyWait + "\"");
      };
    }
  }

  /** {@code rvt-input}: base64url without padding of the input's CBOR (JSON compat values). */
  private static JsonNode decodeInput(String value) throws RivetKitProtocolException {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_';
      if (!ok) throw input("rvt-input must be base64url without padding, found '" + c + "'");
    }
    if (value.length() % 4 == 1) throw input("rvt-input has an impossible base64 length");
    byte[] cbor;
    try {
      cbor = Base64.getUrlDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      throw input("rvt-input is not base64url: " + e.getMessage());
    }
    if (cbor.length > GatewayTarget.MAX_INPUT_BYTES) {
      throw input("rvt-input is " + cbor.length + " bytes; at most " + GatewayTarget.MAX_INPUT_BYTES);
    }
    try {
      return UserValues.fromCbor(cbor);
    } catch (RivetKitProtocolException e) {
      throw input("rvt-input is not a CBOR value: " + e.getMessage());
    }
  }

  /** A query value: {@code +} is a space, then percent-decoding (as URLSearchParams writes). */
  private static String formDecode(String raw, String name) throws RivetKitProtocolException {
    return percentDecode(raw.replace('+', ' '), name);
  }

  /** Percent-decoding to UTF-8; {@code +} stays a plus. */
  static String percentDecode(String raw, String what) throws RivetKitProtocolException {
    if (raw.indexOf('%') < 0) return raw;
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) throw query(what + " has an incomplete %-escape: " + raw);
        int hi = Character.digit(raw.charAt(i + 1), 16);
        int lo = Character.digit(raw.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) throw query(what + " has an invalid %-escape: " + raw);
        out.write(hi << 4 | lo);
        i += 2;
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < raw.length()) {
          b = raw.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        out.writeBytes(b);
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(out.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      throw query(what + " is not UTF-8 once decoded: " + raw);
    }
  }

  private static RivetKitProtocolException query(String message) {
    return new RivetKitProtocolException(RivetKitProtocolException.Reason.INVALID_QUERY, message);
  }

  private static RivetKitProtocolException input(String message) {
    return new RivetKitProtocolException(RivetKitProtocolException.Reason.INVALID_INPUT, message);
  }
}
