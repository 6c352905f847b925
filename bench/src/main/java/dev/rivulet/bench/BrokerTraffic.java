package dev.rivulet.bench;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * What the embedded broker was asked to do, read from its own counters (the broker runs in the
 * bench's JVM and registers them with the platform MBean server): records appended on every
 * topic (transaction and offset bookkeeping included), produce requests and fetch requests.
 * Divided by the actions of a phase, they tell whether the broker's CPU goes on records or on
 * requests.
 */
record BrokerTraffic(long records, long produceRequests, long fetchRequests) {
  private static final MBeanServer MBEANS = ManagementFactory.getPlatformMBeanServer();

  /** The broker's counters now; all zero when no broker in this JVM registered them. */
  static BrokerTraffic now() {
    return new BrokerTraffic(
        count("kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec"),
        count("kafka.network:type=RequestMetrics,name=RequestsPerSec,request=Produce,*"),
        count("kafka.network:type=RequestMetrics,name=RequestsPerSec,request=Fetch,*"));
  }

  /** What happened between {@code before} and this snapshot. */
  BrokerTraffic since(BrokerTraffic before) {
    return new BrokerTraffic(records - before.records, produceRequests - before.produceRequests,
        fetchRequests - before.fetchRequests);
  }

  BrokerTraffic plus(BrokerTraffic other) {
    return new BrokerTraffic(records + other.records, produceRequests + other.produceRequests,
        fetchRequests + other.fetchRequests);
  }

  /**
   * The bytes the broker took in for each topic so far (record batches as produced, compressed
   * when the producer compressed them); topics that got nothing yet are absent.
   */
  static Map<String, Long> bytesInByTopic() {
    return byTopic("BytesInPerSec");
  }

  /**
   * The bytes each topic's logs hold on the broker's disk now (segments as stored: compressed
   * when the producer or the topic compressed them, transaction markers included).
   */
  static Map<String, Long> bytesStoredByTopic() {
    Map<String, Long> sizes = new TreeMap<>();
    try {
      for (ObjectName name : MBEANS.queryNames(
          new ObjectName("kafka.log:type=Log,name=Size,topic=*,partition=*"), null)) {
        sizes.merge(name.getKeyProperty("topic"),
            ((Number) MBEANS.getAttribute(name, "Value")).longValue(), Long::sum);
      }
    } catch (JMException e) {
      throw new IllegalStateException("cannot read the broker's log sizes", e);
    }
    return sizes;
  }

  /** The records the broker appended to each topic so far; topics that got none are absent. */
  static Map<String, Long> recordsInByTopic() {
    return byTopic("MessagesInPerSec");
  }

  private static Map<String, Long> byTopic(String metric) {
    Map<String, Long> counts = new TreeMap<>();
    try {
      for (ObjectName name : MBEANS.queryNames(new ObjectName(
          "kafka.server:type=BrokerTopicMetrics,name=" + metric + ",topic=*"), null)) {
        counts.put(name.getKeyProperty("topic"),
            ((Number) MBEANS.getAttribute(name, "Count")).longValue());
      }
    } catch (JMException e) {
      throw new IllegalStateException("cannot read the broker's " + metric + " by topic", e);
    }
    return counts;
  }

  /** What each topic took in between {@code before} and {@code after} (both by topic). */
  static Map<String, Long> bytesSince(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> delta = new TreeMap<>();
    after.forEach((topic, n) -> {
      long d = n - before.getOrDefault(topic, 0L);
      if (d > 0) delta.put(topic, d);
    });
    return delta;
  }

  /** The sum of the {@code Count} of every MBean the pattern matches (one per API version). */
  private static long count(String pattern) {
    try {
      long sum = 0;
      for (ObjectName name : MBEANS.queryNames(new ObjectName(pattern), null)) {
        sum += ((Number) MBEANS.getAttribute(name, "Count")).longValue();
      }
      return sum;
    } catch (JMException e) {
      throw new IllegalStateException("cannot read the broker's counter " + pattern, e);
    }
  }
}
