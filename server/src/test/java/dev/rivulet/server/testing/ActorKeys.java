package dev.rivulet.server.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Utils;

/** Actor keys placed on chosen inbox partitions, the way the gateway's producer places them. */
public final class ActorKeys {
  private ActorKeys() {}

  /** The inbox partition of actor {@code type/key} among {@code partitions}. */
  public static int partition(String type, String key, int partitions) {
    byte[] id = (type + "/" + key).getBytes(StandardCharsets.UTF_8);
    return Utils.toPositive(Utils.murmur2(id)) % partitions;
  }

  /**
   * {@code perPartition} keys {@code <prefix><n>} of {@code type} on each of the {@code
   * partitions} inbox partitions, partition by partition.
   */
  public static List<String> spread(String type, String prefix, int partitions, int perPartition) {
    List<List<String>> byPartition = new ArrayList<>();
    for (int p = 0; p < partitions; p++) byPartition.add(new ArrayList<>());
    int full = 0;
    for (int i = 0; full < partitions; i++) {
      String key = prefix + i;
      List<String> mine = byPartition.get(partition(type, key, partitions));
      if (mine.size() < perPartition && mine.add(key) && mine.size() == perPartition) full++;
    }
    return byPartition.stream().flatMap(List::stream).toList();
  }

  /** {@code count} keys of {@code type} that share inbox partition {@code partition}. */
  public static List<String> onPartition(String type, String prefix, int partitions,
      int partition, int count) {
    List<String> keys = new ArrayList<>();
    for (int i = 0; keys.size() < count; i++) {
      if (partition(type, prefix + i, partitions) == partition) keys.add(prefix + i);
    }
    return keys;
  }
}
