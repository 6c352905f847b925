package dev.rivulet.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;

/**
 * Section 2, throughput: increments over WebSockets from a client process of their own ({@link
 * ThroughputProcess}), then straight to the inbox and back with no gateway on the way ({@link
 * DirectInbox}, on actors without connections and on the WebSockets' own), each run beside the
 * bare pipeline's floor, with the CPU by component and the broker's traffic each path cost.
 */
final class ThroughputPhase {
  private ThroughputPhase() {}

  /** Runs the phase and reports it; returns the floor's rate of each run (records/s). */
  static double[] run(BenchOptions o, String base, String bootstrap, BarePipeline eosU,
      BarePipeline alos, Report report) throws Exception {
    String actors = String.format(Locale.ROOT, "%,d", o.actors());
    Bench.phase("throughput: %,d WebSockets on as many counters, %,d actions in flight, %d runs of "
        + "%,d", o.actors(), o.window(), o.runs(), o.actions());
    Driven bare = new Driven(o.runs());
    double[] bareAlosRate = new double[o.runs()];
    Driven webSockets = new Driven(o.runs());
    Driven direct = new Driven(o.runs());
    Driven connected = new Driven(o.runs());
    String wsPrefix = "tp";
    try (ThroughputProcess many =
             new ThroughputProcess(base, wsPrefix, o.actors(), o.window());
         DirectInbox inbox = new DirectInbox(bootstrap, "bench")) {
      int warmup = Math.max(o.actors(), o.actions() / 5); // every actor created
      many.run(warmup);
      inbox.throughput("direct", warmup, o.actors(), o.window());
      eosU.throughput(o.actions() / 5, o.actors(), o.window());
      for (int run = 0; run < o.runs(); run++) {
        bare.measure(run, () -> eosU.throughput(o.actions(), o.actors(), o.window()),
            () -> 0);
        bareAlosRate[run] = alos.throughput(o.actions(), o.actors(), o.window());
        webSockets.measure(run, () -> many.run(o.actions()), many::lastCpuNanos);
        direct.measure(run,
            () -> inbox.throughput("direct", o.actions(), o.actors(), o.window()), () -> 0);
        connected.measure(run,
            () -> inbox.throughput(wsPrefix, o.actions(), many.actors(), o.window()),
            () -> 0);
        System.err.printf(Locale.ROOT, "  run %d: bare EOS %,.0f/s, bare ALOS %,.0f/s, "
                + "Rivulet %,.0f actions/s; engine only %,.0f actions/s, on the connected "
                + "actors %,.0f actions/s%n", run + 1, bare.rates[run], bareAlosRate[run],
            webSockets.rates[run], direct.rates[run], connected.rates[run]);
      }
    }
    double[] bareRate = bare.rates;
    report.rate("floor: bare Streams throughput, exactly-once", bareRate, "records/s", null,
        null);
    report.rate("bare Streams throughput, at-least-once", bareAlosRate, "records/s", bareRate,
        "bare EOS records/s");
    report.rate("2. throughput over WebSockets, " + actors + " actors", webSockets.rates,
        "actions/s", bareRate, "bare EOS records/s");
    report.rate("2. engine only: straight to the inbox and back, " + actors
        + " actors without connections", direct.rates, "actions/s", bareRate,
        "bare EOS records/s");
    report.rate("2. engine only: straight to the inbox and back, the WebSockets' " + actors
        + " actors", connected.rates, "actions/s", bareRate, "bare EOS records/s");
    long measured = (long) o.runs() * o.actions();
    for (String component : CpuBreakdown.COMPONENTS) {
      report.cpu("2. CPU per action: " + component, webSockets.micros(component, measured),
          bare.micros(component, measured));
    }
    for (String component : CpuBreakdown.ENGINE_ONLY) {
      report.engineOnlyCpu("2. engine only, CPU per action, their actors / without "
          + "connections: " + component, connected.micros(component, measured),
          direct.micros(component, measured), bare.micros(component, measured));
    }
    String paths = " (WebSockets / engine only: their actors / without connections)";
    report.traffic("2. broker: records appended per action, all topics" + paths, measured,
        webSockets.traffic.records(), connected.traffic.records(), direct.traffic.records(),
        bare.traffic.records());
    report.traffic("2. broker: produce requests per action" + paths, measured,
        webSockets.traffic.produceRequests(), connected.traffic.produceRequests(),
        direct.traffic.produceRequests(), bare.traffic.produceRequests());
    report.traffic("2. broker: fetch requests per action" + paths, measured,
        webSockets.traffic.fetchRequests(), connected.traffic.fetchRequests(),
        direct.traffic.fetchRequests(), bare.traffic.fetchRequests());
    for (var path : List.of(Map.entry("over WebSockets", webSockets),
        Map.entry("engine only, the WebSockets' actors", connected),
        Map.entry("engine only, actors without connections", direct),
        Map.entry("floor, per record", bare))) {
      report.records("2. broker: records appended per action by topic, " + path.getKey(),
          path.getValue().records, measured);
      report.bytes("2. broker: bytes taken in per action by topic, " + path.getKey(),
          path.getValue().bytes, measured, Double.NaN);
    }
    return bareRate;
  }

  /**
   * One way of driving the throughput phase: its rate per run, and the CPU (by component) and the
   * broker's traffic it caused, summed over the runs.
   */
  private static final class Driven {
    final double[] rates;
    final Map<String, Long> cpu = new LinkedHashMap<>();
    BrokerTraffic traffic = new BrokerTraffic(0, 0, 0);
    final Map<String, Long> bytes = new TreeMap<>();
    final Map<String, Long> records = new TreeMap<>();

    Driven(int runs) {
      rates = new double[runs];
    }

    /** Runs {@code body} as run {@code run}; {@code clientCpu} (nanoseconds) is read after it. */
    void measure(int run, Callable<Double> body, LongSupplier clientCpu) throws Exception {
      CpuBreakdown before = new CpuBreakdown();
      BrokerTraffic trafficBefore = BrokerTraffic.now();
      Map<String, Long> bytesBefore = BrokerTraffic.bytesInByTopic();
      Map<String, Long> recordsBefore = BrokerTraffic.recordsInByTopic();
      rates[run] = body.call();
      CpuBreakdown.add(cpu, before.since(clientCpu.getAsLong()));
      traffic = traffic.plus(BrokerTraffic.now().since(trafficBefore));
      BrokerTraffic.bytesSince(bytesBefore, BrokerTraffic.bytesInByTopic())
          .forEach((topic, n) -> bytes.merge(topic, n, Long::sum));
      BrokerTraffic.bytesSince(recordsBefore, BrokerTraffic.recordsInByTopic())
          .forEach((topic, n) -> records.merge(topic, n, Long::sum));
    }

    /** {@code component}'s CPU per action over {@code actions} actions, in microseconds. */
    double micros(String component, long actions) {
      return cpu.get(component) / 1e3 / actions;
    }
  }
}
