package dev.rivulet.bench;

import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * Where a sequential action's time goes, from the stack's own metrics ({@code /metrics}) read
 * before and after a run, as means:
 *
 * <ol>
 *   <li><b>client + Jetty I/O</b>: the client's round trip less the gateway's time from the
 *       request's arrival to its reply ({@code rivulet_request_duration_seconds}, by transport):
 *       the client, the socket, Jetty's parsing and the response write;
 *   <li><b>gateway</b>: the gateway's time less its Kafka round trip
 *       ({@code rivulet_reply_wait_seconds}, inbox send to reply): routing, encoding, the hand-offs
 *       between Jetty's and the outbox reader's threads;
 *   <li><b>inbox hop</b>: from the gateway's send to the engine taking the record up
 *       ({@code rivulet_inbox_wait_seconds}, from the record's millisecond timestamp: unbiased as
 *       a mean, not per action);
 *   <li><b>engine</b>: applying {@code increment} ({@code rivulet_action_duration_seconds});
 *   <li><b>outbox hop</b>: the rest of the round trip: from the engine's forward of the reply to
 *       its arrival at the gateway.
 * </ol>
 */
final class TimeSplit {
  private static final String ENGINE = "rivulet_action_duration_seconds";
  private static final String GATEWAY = "rivulet_request_duration_seconds";
  private static final String ROUND_TRIP = "rivulet_reply_wait_seconds";
  private static final String INBOX_WAIT = "rivulet_inbox_wait_seconds";

  /** The terms, in order, as the report names them. */
  static final String TERMS = "client+Jetty I/O / gateway / inbox / engine / outbox";

  private final URI base;
  private final String transport;
  private Map<String, Double> before;
  private Map<String, Double> after;

  /** Where a mean action went, in milliseconds. */
  record Split(double client, double gateway, double inbox, double engine, double outbox) {}

  TimeSplit(String base, String transport) {
    this.base = URI.create(base);
    this.transport = transport;
  }

  /** Reads the metrics before the run's first request (after its connection is open). */
  void start() throws IOException {
    before = scrape();
  }

  /** Reads them again after its last answer. */
  void stop() throws IOException {
    after = scrape();
  }

  /**
   * The split of the run between {@link #start} and {@link #stop}, whose client round trips were
   * {@code latencies}.
   */
  Split of(long[] latencies) {
    double engine = mean(ENGINE + ":increment");
    double gateway = mean(GATEWAY + ":increment:" + transport);
    double roundTrip = mean(ROUND_TRIP);
    double inbox = mean(INBOX_WAIT);
    double sum = 0;
    for (long l : latencies) sum += l;
    double client = sum / latencies.length / 1e6;
    return new Split(client - gateway, gateway - roundTrip, inbox, engine,
        roundTrip - inbox - engine);
  }

  private double mean(String key) {
    double sum = after.getOrDefault(key + ":sum", 0.0) - before.getOrDefault(key + ":sum", 0.0);
    double count = after.getOrDefault(key + ":count", 0.0)
        - before.getOrDefault(key + ":count", 0.0);
    return count == 0 ? Double.NaN : sum / count * 1e3;
  }

  /**
   * Sums and counts of the histograms: the engine's and the gateway's for {@code increment} (the
   * gateway's by transport), and the two round-trip timers, which have no labels (nothing but
   * the run's increments goes through Kafka while it runs).
   */
  private Map<String, Double> scrape() throws IOException {
    Map<String, Double> values = new HashMap<>();
    try (LeanHttp http = new LeanHttp(base)) {
      for (String line : http.get("/metrics").body().split("\n")) {
        for (String metric : new String[] {ENGINE, GATEWAY, ROUND_TRIP, INBOX_WAIT}) {
          for (String part : new String[] {"sum", "count"}) {
            String key = key(line, metric, part);
            if (key == null) continue;
            double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            values.merge(key + ":" + part, value, Double::sum);
          }
        }
      }
    }
    return values;
  }

  /** The key {@code line} adds to, when it is {@code metric}'s {@code part}; else null. */
  private static String key(String line, String metric, String part) {
    String name = metric + "_" + part;
    if (metric.equals(ROUND_TRIP) || metric.equals(INBOX_WAIT)) { // with or without common tags
      return line.startsWith(name + " ") || line.startsWith(name + "{") ? metric : null;
    }
    if (!line.startsWith(name + "{") || !line.contains("action=\"increment\"")) return null;
    String key = metric + ":increment";
    if (metric.equals(GATEWAY)) {
      int t = line.indexOf("transport=\"");
      key += ":" + line.substring(t + 11, line.indexOf('"', t + 11));
    }
    return key;
  }
}
