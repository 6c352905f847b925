package dev.rivulet.records;

/**
 * Client settings that engine and gateway share for request/response latency on Kafka (measured
 * in the bench; see docs/decisions/0009-latency-knobs.md).
 */
public final class KafkaTuning {
  private KafkaTuning() {}

  /**
   * {@code fetch.max.wait.ms} of the consumers on the request path (the engine's inbox and
   * journal, the gateway's outbox). A fetch parked on the broker returns as soon as a record or a
   * transaction marker arrives, so this only bounds how often an idle consumer asks again: at
   * 5 ms an idle engine and gateway burned ~80% of a core, at 500 ms ~30%, with the same latency.
   */
  public static final int FETCH_MAX_WAIT_MS = 100;
}
