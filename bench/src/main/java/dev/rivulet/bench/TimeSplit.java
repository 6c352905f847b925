package dev.rivulet.bench;

import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * Where a sequential action's time goes, from the stack's own metrics ({@code /metrics}) read
 * before and after a run: the engine's time applying {@code increment}
 * ({@code rivulet_action_duration_seconds}), the gateway's time from a request's arrival to its
 * reply ({@code rivulet_request_duration_seconds}, by transport), and the client's round trip.
 * The differences: the gateway's own handling of the request and the Kafka hops (inbox → engine,
 * engine → outbox → gateway, with any wait for the stream thread), and outside the gateway's
 * timer, the client side (client, socket, Jetty's parsing and the response write). Means.
 */
final class TimeSplit {
  private static final String ENGINE = "rivulet_action_duration_seconds";
  private static final String GATEWAY = "rivulet_request_duration_seconds";

  private final URI base;
  private final String transport;
  private Map<String, Double> before;

  /** Where a mean action went, in milliseconds. */
  record Split(double client, double gatewayAndKafka, double engine) {}

  TimeSplit(String base, String transport) {
    this.base = URI.create(base);
    this.transport = transport;
  }

  void start() throws IOException {
    before = scrape();
  }

  /** The split of the run since {@link #start}, whose client round trips were {@code latencies}. */
  Split end(long[] latencies) throws IOException {
    Map<String, Double> after = scrape();
    double engine = mean(after, ENGINE, false);
    double gateway = mean(after, GATEWAY, true);
    double sum = 0;
    for (long l : latencies) sum += l;
    double client = sum / latencies.length / 1e6;
    return new Split(client - gateway, gateway - engine, engine);
  }

  private double mean(Map<String, Double> after, String metric, boolean byTransport) {
    String key = metric + (byTransport ? ":" + transport : "");
    double sum = after.getOrDefault(key + ":sum", 0.0) - before.getOrDefault(key + ":sum", 0.0);
    double count = after.getOrDefault(key + ":count", 0.0)
        - before.getOrDefault(key + ":count", 0.0);
    return count == 0 ? Double.NaN : sum / count * 1e3;
  }

  /** Sums and counts of the two histograms for the {@code increment} action. */
  private Map<String, Double> scrape() throws IOException {
    Map<String, Double> values = new HashMap<>();
    try (LeanHttp http = new LeanHttp(base)) {
      for (String line : http.get("/metrics").body().split("\n")) {
        if (!line.contains("action=\"increment\"")) continue;
        for (String metric : new String[] {ENGINE, GATEWAY}) {
          for (String part : new String[] {"sum", "count"}) {
            if (!line.startsWith(metric + "_" + part + "{")) continue;
            String key = metric;
            if (metric.equals(GATEWAY)) {
              int t = line.indexOf("transport=\"");
              key += ":" + line.substring(t + 11, line.indexOf('"', t + 11));
            }
            double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            values.merge(key + ":" + part, value, Double::sum);
          }
        }
      }
    }
    return values;
  }
}
