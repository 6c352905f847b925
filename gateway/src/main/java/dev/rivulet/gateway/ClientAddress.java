package dev.rivulet.gateway;

import io.javalin.http.Context;
import io.javalin.websocket.WsContext;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The address a request comes from, as the per-address limits, the admin API's loopback rule and
 * the authenticator ({@link AuthRequest#remoteAddress()}) see it: the address at the other end of
 * the gateway's socket, unless that is one of the trusted proxies ({@code --trusted-proxies},
 * {@link GatewayConfig#trustedProxies}). Then the proxies' {@code X-Forwarded-For} is believed,
 * read from the right (each proxy appends the address it got the request from): the client is the
 * nearest address in it that is not a trusted proxy's. Whatever a client writes in that header
 * itself lies to the left of what the trusted proxies appended, so it is never reached while an
 * untrusted address comes first; an entry that is not an IP address ends the walk at the address
 * after it. With no trusted proxy (the default) the header is ignored.
 *
 * <p>Only IP literals are read, never looked up by name. Addresses read from the header are given
 * in Java's canonical form ({@code 2001:db8:0:0:0:0:0:1}; an IPv4-mapped IPv6 address as IPv4).
 */
final class ClientAddress {
  static final String FORWARDED_FOR = "X-Forwarded-For";
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
  private static final ClientAddress PEER_ONLY = new ClientAddress(List.of());

  /** A trusted range: an address and how many of its leading bits a match shares. */
  private record Range(byte[] network, int bits) {
    boolean contains(byte[] address) {
      if (address.length != network.length) return false;
      int whole = bits / 8;
      for (int i = 0; i < whole; i++) {
        if (address[i] != network[i]) return false;
      }
      int rest = bits % 8;
      if (rest == 0) return true;
      int mask = 0xff << (8 - rest) & 0xff;
      return (address[whole] & mask) == (network[whole] & mask);
    }
  }

  private final List<Range> trusted;

  private ClientAddress(List<Range> trusted) {
    this.trusted = trusted;
  }

  /**
   * The client addresses behind the proxies of {@code ranges}: IP addresses ({@code 10.0.0.7},
   * {@code ::1}) or CIDR ranges ({@code 10.0.0.0/8}, {@code fd00::/8}); empty: none trusted.
   *
   * @throws IllegalArgumentException naming the first entry that is neither
   */
  static ClientAddress trusting(List<String> ranges) {
    if (ranges.isEmpty()) return PEER_ONLY;
    List<Range> parsed = new ArrayList<>();
    for (String range : ranges) parsed.add(range(range));
    return new ClientAddress(List.copyOf(parsed));
  }

  private static Range range(String text) {
    String entry = text.trim();
    int slash = entry.indexOf('/');
    byte[] network = literal(slash < 0 ? entry : entry.substring(0, slash));
    if (network == null) {
      throw new IllegalArgumentException("--trusted-proxies: " + text + " is not an IP address "
          + "or a CIDR range such as 10.0.0.0/8 or fd00::/8 (names are not looked up)");
    }
    int max = network.length * 8;
    int bits = max;
    if (slash >= 0) {
      String prefix = entry.substring(slash + 1);
      try {
        bits = Integer.parseInt(prefix);
      } catch (NumberFormatException e) {
        bits = -1;
      }
      if (bits < 0 || bits > max || !prefix.matches("\\d{1,3}")) {
        throw new IllegalArgumentException("--trusted-proxies: the prefix length of " + text
            + " must be a number from 0 to " + max);
      }
    }
    return new Range(network, bits);
  }

  /** Whether any proxy is trusted. */
  boolean trustsProxies() {
    return !trusted.isEmpty();
  }

  /** The client address of an HTTP request (an SSE stream's too). */
  String of(Context ctx) {
    String peer = ctx.req().getRemoteAddr();
    if (trusted.isEmpty()) return peer;
    return of(peer, Collections.list(ctx.req().getHeaders(FORWARDED_FOR)));
  }

  /** The client address of a WebSocket, from its upgrade request. */
  String of(WsContext ctx) {
    String peer = AuthRequest.address(ctx.session.getRemoteSocketAddress());
    if (trusted.isEmpty()) return peer;
    List<String> forwarded = ctx.session.getUpgradeRequest().getHeaders(FORWARDED_FOR);
    return of(peer, forwarded == null ? List.of() : forwarded);
  }

  /**
   * The client address of a request from {@code peer} that bore the {@code X-Forwarded-For}
   * headers {@code forwardedFor} (each a comma-separated list; several headers read as one list).
   */
  String of(String peer, List<String> forwardedFor) {
    if (!trusts(literal(peer))) return peer;
    List<String> hops = new ArrayList<>();
    for (String header : forwardedFor) {
      for (String hop : header.split(",")) {
        if (!hop.isBlank()) hops.add(hop.trim());
      }
    }
    String client = peer;
    for (int i = hops.size() - 1; i >= 0; i--) {
      byte[] address = literal(withoutPort(hops.get(i)));
      if (address == null) return client; // not written by a trusted proxy
      client = canonical(address);
      if (!trusts(address)) return client;
    }
    return client; // every hop a trusted proxy: the farthest one
  }

  private boolean trusts(byte[] address) {
    if (address == null) return false;
    for (Range range : trusted) {
      if (range.contains(address)) return true;
    }
    return false;
  }

  /** {@code 203.0.113.7:4711} and {@code [2001:db8::1]:4711} without their ports. */
  private static String withoutPort(String hop) {
    if (hop.startsWith("[")) {
      int end = hop.indexOf(']');
      return end < 0 ? hop : hop.substring(1, end);
    }
    int colon = hop.indexOf(':');
    if (colon > 0 && hop.indexOf(':', colon + 1) < 0 && hop.indexOf('.') >= 0) {
      return hop.substring(0, colon);
    }
    return hop;
  }

  /** The bytes of an IPv4 or IPv6 literal (IPv4 for an IPv4-mapped one), or null: never DNS. */
  static byte[] literal(String text) {
    if (text == null || text.isEmpty()) return null;
    String s = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1)
        : text;
    if (IPV4.matcher(s).matches()) {
      String[] parts = s.split("\\.");
      byte[] bytes = new byte[4];
      for (int i = 0; i < 4; i++) {
        int part = Integer.parseInt(parts[i]);
        if (part > 255) return null;
        bytes[i] = (byte) part;
      }
      return bytes;
    }
    int zone = s.indexOf('%');
    if (zone >= 0) s = s.substring(0, zone);
    if (!IPV6.matcher(s).matches()) return null;
    try {
      // A string with a colon is parsed as an IPv6 literal or refused, never looked up.
      return InetAddress.getByName(s).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static String canonical(byte[] address) {
    try {
      return InetAddress.getByAddress(address).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e); // only for a wrong length, which literal() never gives
    }
  }
}
