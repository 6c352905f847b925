package dev.rivulet.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.records.ActorId;
import dev.rivulet.records.InboxRecord;
import dev.rivulet.records.OutboxRecord;

/**
 * An engine in the gateway's JVM that can answer some read-only actions from its state store,
 * without a trip through Kafka. {@code RivuletServer} plugs its engine in when it runs both.
 */
@FunctionalInterface
public interface LocalReads {
  /**
   * The reply to {@code action} on {@code actor} with {@code args} (a JSON array) by the caller
   * {@code identity} (null: anonymous), or {@code null} when the call must go through the inbox.
   */
  OutboxRecord.Reply read(ActorId actor, String action, JsonNode args,
      InboxRecord.Identity identity);
}
