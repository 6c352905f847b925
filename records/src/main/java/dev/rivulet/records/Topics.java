package dev.rivulet.records;

import java.util.regex.Pattern;

/**
 * The names of an application's topics. Every topic starts with the application's name, so
 * several Rivulet applications can share one Kafka cluster.
 *
 * <ul>
 *   <li>{@code <app>.inbox}: requests to actors, keyed by actor id;
 *   <li>{@code <app>.journal}: one record per applied inbox record, keyed by actor id, co-partitioned
 *       with the inbox, kept forever;
 *   <li>{@code <app>.outbox}: replies and events for gateways, keyed by gateway id;
 *   <li>{@code <app>.registry}: the registered actor types, compacted, keyed by type name;
 *   <li>{@code <app>.deadletter}: inbox records the engine could not read, with the reason;
 *   <li>{@code <app>.effects}: effects asked for by committed actions, keyed by actor id;
 *   <li>{@code <app>.gateways}: gateways' heartbeats, compacted, keyed by gateway id.
 * </ul>
 */
public record Topics(String app) {
  private static final Pattern APP = Pattern.compile("[A-Za-z0-9_\\-]{1,100}");
  private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._\\-]{1,249}");

  public Topics {
    if (app == null || !APP.matcher(app).matches()) {
      throw new IllegalArgumentException(
          "application name must be 1 to 100 characters of [A-Za-z0-9_-], got " + app);
    }
  }

  public String inbox() {
    return app + ".inbox";
  }

  public String journal() {
    return app + ".journal";
  }

  public String outbox() {
    return app + ".outbox";
  }

  public String registry() {
    return app + ".registry";
  }

  public String deadLetter() {
    return app + ".deadletter";
  }

  public String effects() {
    return app + ".effects";
  }

  public String gateways() {
    return app + ".gateways";
  }

  /** Whether {@code name} is a legal Kafka topic name: 1 to 249 characters of [A-Za-z0-9._-]. */
  public static boolean isTopicName(String name) {
    return name != null && TOPIC.matcher(name).matches() && !name.equals(".")
        && !name.equals("..");
  }

  /**
   * Whether {@code topic} is one of the application's own: its topics above, and Kafka Streams'
   * internal topics of its engines ({@code <app>-engine-...}). Actors neither subscribe to nor
   * publish to these.
   */
  public boolean owns(String topic) {
    return topic.startsWith(app + ".") || topic.startsWith(app + "-engine-");
  }
}
