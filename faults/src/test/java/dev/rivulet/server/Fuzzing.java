package dev.rivulet.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rivulet.gateway.rivetkit.Encoding;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** What the fuzzer's inputs share: how long to wait, RivetKit's query, and text helpers. */
final class Fuzzing {
  static final Duration WAIT = Duration.ofSeconds(15);
  static final ObjectMapper JSON = new ObjectMapper();
  static final List<Encoding> ENCODINGS = List.of(Encoding.values());
  /** The query of RivetKit's gateway routes that get or create actor {@code tally/fz}. */
  static final String QUERY = "rvt-namespace=default&rvt-method=getOrCreate&rvt-key=fz"
      + "&rvt-runner=default&rvt-crash-policy=sleep";

  private Fuzzing() {}

  static String readUntil(InputStream in, String end, int max) throws IOException {
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    while (seen.size() < max) {
      int c = in.read();
      if (c < 0) break;
      seen.write(c);
      if (seen.toString(StandardCharsets.UTF_8).endsWith(end)) break;
    }
    return seen.toString(StandardCharsets.UTF_8);
  }

  /** Percent-encodes everything but unreserved characters and {@code /}. */
  static String encodePath(String path) {
    return encode(path.startsWith("/") ? path : "/" + path, "/");
  }

  /** Percent-encodes everything but unreserved characters, {@code &} and {@code =}. */
  static String encodeQuery(String query) {
    return encode(query, "&=");
  }

  private static String encode(String s, String keep) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "-._~".indexOf(c) >= 0 || keep.indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  /** What an HTTP client can send as a header value: printable ASCII. */
  static String headerValue(String value) {
    StringBuilder out = new StringBuilder();
    for (char c : value.toCharArray()) out.append(c >= 0x20 && c < 0x7f ? c : '?');
    return out.toString().strip();
  }

  /** A WebSocket subprotocol must be a token. */
  static String token(String value) {
    StringBuilder out = new StringBuilder();
    for (char c : value.toCharArray()) {
      out.append(c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0 ? c : '_');
    }
    String t = out.toString();
    return t.isEmpty() || t.equals("rivet") ? "x" + t : t;
  }

  static String preview(byte[] body) {
    String s = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
    return s.replace('\n', ' ');
  }

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
