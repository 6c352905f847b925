/**
 * The engine: Kafka Streams applying inbox records to actors. The hot path, in order:
 *
 * <ol>
 *   <li>a gateway writes a request to the {@code <app>.inbox} topic, keyed by actor id (the
 *       gateway's {@code RequestPath}); schedules ({@code ScheduleIndex}), other actors and
 *       effects ({@code EffectRunner}) write there too, and so does {@code SubscriptionProcessor},
 *       turning each record of a subscribed topic into an action by the rules of {@code
 *       Subscribed}, in the transaction that commits the topic's offset;
 *   <li>{@code ActionProcessor} takes each record: guard (decode or dead-letter, repeated
 *       idempotency keys), load the stored actor ({@code ActorRecord});
 *   <li>{@code ActorMachine} decides what runs for the record's kind;
 *   <li>{@code Turn} runs it: user code on a {@code Draft} of the actor, lifecycle hooks by the
 *       rules of {@code Lifecycle}, ending in exactly one {@code succeed} or {@code fail};
 *   <li>{@code StepBuilder} turns the turn into a {@code Step}: the stored actor, the journal
 *       record, replies, events and raw WebSocket frames, records for other actors, effects,
 *       records for output topics ({@code Published}), index changes;
 *   <li>{@code ActionProcessor} writes the step in one transaction: outbox (read by the
 *       gateway's {@code OutboxRouter}), stores, {@code <app>.journal} (indexed by {@code
 *       JournalIndexer}), inbox, effects, output topics; a subscribed record whose action failed
 *       also goes to {@code <app>.deadletter}.
 * </ol>
 *
 * <p>Public: {@link dev.rivulet.engine.Engine} and {@link dev.rivulet.engine.EngineConfig} to run
 * one, {@link dev.rivulet.engine.Replayer} to replay a journal through the current code.
 * Everything else is package-private. The engine never imports the gateway or Javalin.
 */
package dev.rivulet.engine;
