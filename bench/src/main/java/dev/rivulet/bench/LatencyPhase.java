package dev.rivulet.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Section 1, sequential latency: increments one at a time over HTTP and over a WebSocket, run by
 * run interleaved with the bare pipelines (exactly-once read_uncommitted, the floor; at-least-once;
 * exactly-once read_committed) so that the machine's drift hits them all, with the time split of
 * each request; then, where node is installed, through RivetKit's own JavaScript client.
 */
final class LatencyPhase {
  private LatencyPhase() {}

  /** Runs the phase and reports it; returns the floor's latencies. */
  static Measurement run(BenchOptions o, String base, BarePipeline eosU, BarePipeline eosC,
      BarePipeline alos, Report report) throws Exception {
    String floorName = "bare EOS/read_uncommitted p50";
    SequentialLatency rivulet = new SequentialLatency(base);
    Bench.phase("warming up: %,d requests each over HTTP, WebSocket and the bare pipelines",
        o.warmup());
    rivulet.http("counter", "warmup", o.warmup(), null);
    rivulet.webSocket("counter", "warmup", o.warmup(), null);
    eosU.sequential("warmup", o.warmup());
    alos.sequential("warmup", o.warmup());

    Bench.phase("sequential latency: %d runs of %,d requests", o.runs(), o.requests());
    List<long[]> bareU = new ArrayList<>();
    List<long[]> bareC = new ArrayList<>();
    List<long[]> bareA = new ArrayList<>();
    List<long[]> http = new ArrayList<>();
    List<long[]> ws = new ArrayList<>();
    int committedRequests = Math.max(20, o.requests() / 40); // ~100 ms each
    TimeSplit httpSplit = new TimeSplit(base, "http");
    TimeSplit wsSplit = new TimeSplit(base, "websocket");
    List<TimeSplit.Split> httpSplits = new ArrayList<>();
    List<TimeSplit.Split> wsSplits = new ArrayList<>();
    for (int run = 1; run <= o.runs(); run++) {
      bareU.add(Measurement.logged("bare, exactly-once, read_uncommitted", run,
          eosU.sequential("seq", o.requests())));
      bareA.add(Measurement.logged("bare, at-least-once", run,
          alos.sequential("seq", o.requests())));
      bareC.add(Measurement.logged("bare, exactly-once, read_committed", run,
          eosC.sequential("seq", committedRequests)));
      long[] h = rivulet.http("counter", "http-" + run, o.requests(), httpSplit);
      httpSplits.add(httpSplit.of(h));
      http.add(Measurement.logged("Rivulet over HTTP", run, h));
      long[] w = rivulet.webSocket("counter", "ws-" + run, o.requests(), wsSplit);
      wsSplits.add(wsSplit.of(w));
      ws.add(Measurement.logged("Rivulet over WebSocket", run, w));
    }
    Measurement floor = Measurement.of("floor", bareU);
    report.latency("floor: bare Streams, exactly-once, read_uncommitted", floor, null, null);
    report.latency("bare Streams, at-least-once", Measurement.of("alos", bareA), floor,
        floorName);
    report.latency("bare Streams, exactly-once, read_committed", Measurement.of("c", bareC),
        floor, floorName);
    report.latency("1. sequential increment over HTTP", Measurement.of("http", http), floor,
        floorName);
    report.latency("1. sequential increment over WebSocket", Measurement.of("ws", ws), floor,
        floorName);
    report.split("1. HTTP, mean: " + TimeSplit.TERMS, httpSplits);
    report.split("1. WebSocket, mean: " + TimeSplit.TERMS, wsSplits);

    String noNode = NodeClients.unavailable(o.nodeClients());
    if (noNode == null) {
      Bench.phase("sequential latency from node: RivetKit's client and Rivulet's routes, %d runs "
          + "of %,d", o.runs(), o.requests());
      for (NodeClients.Figure f : NodeClients.measure(o.nodeClients(), base, o.runs(),
          o.requests(), Math.max(o.requests(), o.warmup() / 10))) {
        report.latency("1. from node: " + f.name(), f.measurement(), floor, floorName);
      }
    } else {
      Bench.phase("sequential latency through RivetKit's client: skipped: %s", noNode);
      report.plain("1. from node: RivetKit's client", "skipped: " + noNode, "",
          JsonNodeFactory.instance.objectNode().put("skipped", noNode));
    }
    return floor;
  }
}
