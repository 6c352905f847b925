package dev.rivulet.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivulet.records.ErrorCode;
import dev.rivulet.records.ErrorInfo;
import dev.rivulet.records.InboxRecord;
import dev.rivulet.records.OutboxRecord;
import dev.rivulet.records.RecordCodec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Idempotency keys: an action sent again with the key of one already applied gets the first
 * result, and is not applied again. Results are kept per actor and key for a while (24 h by
 * default); the same key with another action or other arguments is refused.
 */
final class Idempotency {
  static final String STORE = "idempotency";
  static final String EXPIRY = "idempotency-expiry";

  private final KeyValueStore<String, byte[]> results;
  private final KeyValueStore<String, byte[]> expiry;
  private final long ttlMillis;

  Idempotency(KeyValueStore<String, byte[]> results, KeyValueStore<String, byte[]> expiry,
      long ttlMillis) {
    this.results = results;
    this.expiry = expiry;
    this.ttlMillis = ttlMillis;
  }

  /** The reply to a request whose key was used before, or null to apply it. */
  OutboxRecord.Reply repeated(InboxRecord request) {
    if (!(request instanceof InboxRecord.Action a) || a.idempotencyKey() == null
        || a.replyTo() == null) {
      return null;
    }
    byte[] stored = results.get(key(a));
    if (stored == null) return null;
    JsonNode first = RecordCodec.decodeTree(stored);
    String requestId = a.replyTo().requestId();
    if (!first.path("fingerprint").asText().equals(fingerprint(a))) {
      return new OutboxRecord.Reply(requestId, a.actor(), null, ErrorCode.IDEMPOTENCY_KEY_REUSED
          .error("idempotency key " + a.idempotencyKey() + " was used for another request to "
              + a.actor()));
    }
    JsonNode error = first.get("error");
    return error == null
        ? new OutboxRecord.Reply(requestId, a.actor(), first.get("output"), null)
        : new OutboxRecord.Reply(requestId, a.actor(), null,
            RecordCodec.mapper().convertValue(error, ErrorInfo.class));
  }

  /** Keeps the reply of an applied request that carried a key. */
  void remember(InboxRecord request, Step step) {
    if (!(request instanceof InboxRecord.Action a) || a.idempotencyKey() == null
        || a.replyTo() == null) {
      return;
    }
    for (Step.Outgoing out : step.outbox()) {
      if (out.record() instanceof OutboxRecord.Reply reply
          && reply.requestId().equals(a.replyTo().requestId())) {
        ObjectNode kept = RecordCodec.mapper().createObjectNode();
        kept.put("fingerprint", fingerprint(a));
        kept.put("at", step.journal().at());
        if (reply.error() == null) kept.set("output", reply.output());
        else kept.set("error", RecordCodec.mapper().valueToTree(reply.error()));
        String key = key(a);
        results.put(key, RecordCodec.encode(kept));
        expiry.put(KeyDigits.of(step.journal().at()) + "/" + key,
            key.getBytes(StandardCharsets.UTF_8));
        return;
      }
    }
  }

  /** Forgets the keys older than the time to live. */
  void expire(long now) {
    String upTo = KeyDigits.of(Math.max(0, now - ttlMillis)) + "/";
    try (var old = expiry.range(KeyDigits.of(0) + "/", upTo)) {
      while (old.hasNext()) {
        var entry = old.next();
        results.delete(new String(entry.value, StandardCharsets.UTF_8));
        expiry.delete(entry.key);
      }
    }
  }

  private static String key(InboxRecord.Action a) {
    return a.actor() + "\0" + a.idempotencyKey();
  }

  private static String fingerprint(InboxRecord.Action a) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(a.action().getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(RecordCodec.encode(a.args()));
      return HexFormat.of().formatHex(sha.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
