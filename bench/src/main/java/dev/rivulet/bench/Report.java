package dev.rivulet.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The bench's results: one row per figure, each with its medians and, where it has one, its ratio
 * to the bare pipeline's counterpart measured in the same run. Printed as a table, written as JSON.
 */
final class Report {
  /** One figure. {@code ratio} is NaN when the figure has no bare counterpart. */
  record Row(String figure, String value, String unit, double ratio, String ratioTo,
      ObjectNode json) {}

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final List<Row> rows = new ArrayList<>();
  private final ObjectNode settings = JSON.createObjectNode();

  ObjectNode settings() {
    return settings;
  }

  /** A latency row: medians of p50 and p99; ratio of the p50 to {@code floorP50}. */
  void latency(String figure, Measurement m, Measurement floor, String floorName) {
    double p50 = Measurement.medianOf(m.p50s());
    double p99 = Measurement.medianOf(m.p99s());
    ObjectNode json = JSON.createObjectNode().put("p50_ms", p50).put("p99_ms", p99);
    json.set("p50_runs_ms", array(m.p50s()));
    json.set("p99_runs_ms", array(m.p99s()));
    double ratio = Double.NaN;
    if (floor != null) {
      ratio = p50 / Measurement.medianOf(floor.p50s());
      json.put("p50_ratio_to_floor", ratio);
    }
    rows.add(new Row(figure, String.format(Locale.ROOT, "p50 %.2f  p99 %.2f", p50, p99), "ms",
        ratio, floorName, json));
  }

  /** A rate row (median of runs); ratio to {@code floor}'s median. */
  void rate(String figure, double[] runs, String unit, double[] floor, String floorName) {
    double median = Measurement.medianOf(runs);
    ObjectNode json = JSON.createObjectNode().put("median", median).put("unit", unit);
    json.set("runs", array(runs));
    double ratio = Double.NaN;
    if (floor != null) {
      ratio = median / Measurement.medianOf(floor);
      json.put("ratio_to_floor", ratio);
    }
    rows.add(new Row(figure, String.format(Locale.ROOT, "%,.0f", median), unit, ratio, floorName,
        json));
  }

  /** CPU microseconds per action of one component, Rivulet's and the floor's per record. */
  void cpu(String figure, double rivuletMicros, double floorMicros) {
    ObjectNode json = JSON.createObjectNode().put("rivulet_us_per_action", rivuletMicros)
        .put("floor_us_per_record", floorMicros);
    rows.add(new Row(figure, String.format(Locale.ROOT, "%.1f (floor %.1f)", rivuletMicros,
        floorMicros), "µs", Double.NaN, null, json));
  }

  /**
   * CPU per action engine only (see {@link DirectInbox}): on the WebSocket figure's actors, each
   * with its connection, and on actors without connections; the floor's per record.
   */
  void engineOnlyCpu(String figure, double connectedMicros, double bareActorsMicros,
      double floorMicros) {
    ObjectNode json = JSON.createObjectNode().put("connected_us_per_action", connectedMicros)
        .put("without_connections_us_per_action", bareActorsMicros)
        .put("floor_us_per_record", floorMicros);
    rows.add(new Row(figure, String.format(Locale.ROOT, "%.1f / %.1f (floor %.1f)",
        connectedMicros, bareActorsMicros, floorMicros), "µs", Double.NaN, null, json));
  }

  /**
   * Counts of the broker's over {@code actions} actions (records for the floor): over
   * WebSockets, engine only on the same actors, engine only on actors without connections, and
   * the floor.
   */
  void traffic(String figure, long actions, long rivulet, long connected, long withoutConnections,
      long floor) {
    double r = rivulet / (double) actions;
    double c = connected / (double) actions;
    double e = withoutConnections / (double) actions;
    double f = floor / (double) actions;
    ObjectNode json = JSON.createObjectNode().put("rivulet_per_action", r)
        .put("engine_only_connected_per_action", c)
        .put("engine_only_without_connections_per_action", e).put("floor_per_record", f);
    rows.add(new Row(figure, String.format(Locale.ROOT, "%.2f / %.2f / %.2f (floor %.2f)", r, c,
        e, f), "", Double.NaN, null, json));
  }

  /**
   * Bytes the broker took in per action over {@code actions} actions, by topic (largest first),
   * against {@code messageBytes}, the size of what the action itself carried (NaN: no such
   * size).
   */
  void bytes(String figure, Map<String, Long> byTopic, long actions, double messageBytes) {
    perTopic(figure, byTopic, actions, "B", "bytes", messageBytes);
  }

  /** Records per action by topic, as {@link #bytes} does bytes. */
  void records(String figure, Map<String, Long> byTopic, long actions) {
    perTopic(figure, byTopic, actions, "", "records", Double.NaN);
  }

  private void perTopic(String figure, Map<String, Long> byTopic, long actions, String unit,
      String what, double messageBytes) {
    long total = byTopic.values().stream().mapToLong(Long::longValue).sum();
    double perAction = total / (double) actions;
    String format = unit.isEmpty() ? "%.2f" : "%,.0f";
    ObjectNode json = JSON.createObjectNode().put(what + "_per_action", perAction);
    ObjectNode topics = json.putObject(what + "_per_action_by_topic");
    List<String> parts = new ArrayList<>();
    byTopic.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> {
          double b = e.getValue() / (double) actions;
          topics.put(e.getKey(), b);
          if (b >= (unit.isEmpty() ? 0.01 : 1)) {
            parts.add(shortName(e.getKey()) + " " + String.format(Locale.ROOT, format, b));
          }
        });
    String value = String.format(Locale.ROOT, format, perAction);
    double ratio = Double.NaN;
    if (!Double.isNaN(messageBytes)) {
      ratio = perAction / messageBytes;
      json.put("message_bytes", messageBytes).put("ratio_to_message", ratio);
    }
    rows.add(new Row(figure, value + " (" + String.join(", ", parts) + ")", unit, ratio,
        Double.isNaN(messageBytes) ? null
            : String.format(Locale.ROOT, "the message's %,.0f B", messageBytes), json));
  }

  /** A topic's name without its application's prefix: {@code journal}, {@code actors changelog}. */
  private static String shortName(String topic) {
    if (topic.endsWith("-changelog")) {
      String store = topic.substring(0, topic.length() - "-changelog".length());
      int engine = store.indexOf("-engine-");
      return (engine >= 0 ? store.substring(engine + "-engine-".length()) : store) + " changelog";
    }
    int dot = topic.lastIndexOf('.');
    return dot >= 0 ? topic.substring(dot + 1) : topic;
  }

  /** Where sequential actions' time went (see {@link TimeSplit}): medians over the runs. */
  void split(String figure, List<TimeSplit.Split> runs) {
    Map<String, ToDoubleFunction<TimeSplit.Split>> terms = new LinkedHashMap<>();
    terms.put("client_and_jetty_io_ms", TimeSplit.Split::client);
    terms.put("gateway_ms", TimeSplit.Split::gateway);
    terms.put("inbox_hop_ms", TimeSplit.Split::inbox);
    terms.put("engine_apply_ms", TimeSplit.Split::engine);
    terms.put("outbox_hop_ms", TimeSplit.Split::outbox);
    ObjectNode json = JSON.createObjectNode();
    List<String> values = new ArrayList<>();
    terms.forEach((name, term) -> {
      double median = Measurement.medianOf(runs.stream().mapToDouble(term).toArray());
      json.put(name, median);
      values.add(String.format(Locale.ROOT, "%.2f", median));
    });
    rows.add(new Row(figure, String.join(" / ", values), "ms", Double.NaN, null, json));
  }

  /** A row without a bare counterpart. */
  void plain(String figure, String value, String unit, ObjectNode json) {
    rows.add(new Row(figure, value, unit, Double.NaN, null, json));
  }

  String table() {
    StringBuilder sb = new StringBuilder();
    int width = rows.stream().mapToInt(r -> r.figure().length()).max().orElse(10);
    String format = "%-" + width + "s  %-34s %-6s %s%n";
    sb.append(String.format(Locale.ROOT, format, "figure", "median", "unit", "× floor"));
    sb.append("-".repeat(width + 64)).append('\n');
    for (Row r : rows) {
      String ratio = Double.isNaN(r.ratio()) ? ""
          : String.format(Locale.ROOT, "%.2f× (%s)", r.ratio(), r.ratioTo());
      sb.append(String.format(Locale.ROOT, format, r.figure(), r.value(), r.unit(), ratio));
    }
    return sb.toString();
  }

  void write(Path file) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.set("settings", settings);
    ArrayNode figures = root.putArray("figures");
    for (Row r : rows) {
      ObjectNode f = r.json().deepCopy();
      f.put("figure", r.figure());
      if (r.ratioTo() != null) f.put("floor", r.ratioTo());
      figures.add(f);
    }
    JSON.writeValue(file.toFile(), root);
  }

  private static ArrayNode array(double[] values) {
    ArrayNode a = JSON.createArrayNode();
    for (double v : values) a.add(v);
    return a;
  }
}
