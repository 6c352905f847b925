/**
 * The contract between engine and gateway: the records on the topics ({@link
 * dev.rivulet.records.InboxRecord}, {@link dev.rivulet.records.OutboxRecord}, {@link
 * dev.rivulet.records.JournalRecord}, {@link dev.rivulet.records.EffectRecord}), their codec
 * ({@link dev.rivulet.records.RecordCodec}), the topic names ({@link dev.rivulet.records.Topics}),
 * how gateways share the outbox ({@link dev.rivulet.records.OutboxPartitioning}), the error codes
 * clients see ({@link dev.rivulet.records.ErrorCode}) and the trace and logging context that
 * travel with a request. No dependency on engine, gateway or actor code.
 */
package dev.rivulet.records;
