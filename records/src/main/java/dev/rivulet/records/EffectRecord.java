package dev.rivulet.records;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A request for an effect, on the {@code <app>.effects} topic, keyed by actor id: written by the
 * engine in the transaction of the action that asked for it, read {@code read_committed} by the
 * effect runners, so an effect never runs for an action that did not commit. Its result comes back
 * as an {@link InboxRecord.Continue} with {@code source} {@code effect} and this {@code effectId}.
 *
 * @param at when the action that asked for it was applied, epoch milliseconds
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EffectRecord(ActorId actor, String effectId, String name, JsonNode args,
    String continuation, JsonNode extra, long at) {
  public EffectRecord {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(effectId, "effectId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(args, "args");
    Objects.requireNonNull(continuation, "continuation");
  }
}
