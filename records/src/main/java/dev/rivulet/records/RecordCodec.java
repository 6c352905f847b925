package dev.rivulet.records;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads and writes the topic records as JSON. Unknown fields are ignored when reading, so that
 * readers of one version accept records from a newer writer that added fields.
 */
public final class RecordCodec {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          // Numbers keep their exact value and scale: 12.50 stays 12.50, never a double.
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          // Reads and writes the records' fields through generated lambdas, not reflection.
          .addModule(new BlackbirdModule())
          .build();

  private RecordCodec() {}

  /** The mapper used for records; do not reconfigure it. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * JSON (or, through a CBOR mapper, CBOR) read as a tree by {@code mapper}. A number that no
   * decimal can hold, such as {@code 1e99999999999} (its exponent is beyond an {@code int}), is
   * refused like any other malformed input, with an {@link IOException}: Jackson itself throws a
   * bare {@link NumberFormatException} for it, which no caller expects from a parse.
   */
  public static JsonNode readTree(ObjectMapper mapper, byte[] bytes) throws IOException {
    try {
      return mapper.readTree(bytes);
    } catch (NumberFormatException | ArithmeticException e) {
      throw outOfRange(e);
    }
  }

  /** {@link #readTree(ObjectMapper, byte[])} of a text. */
  public static JsonNode readTree(ObjectMapper mapper, String text) throws IOException {
    try {
      return mapper.readTree(text);
    } catch (NumberFormatException | ArithmeticException e) {
      throw outOfRange(e);
    }
  }

  /** {@link #readTree(ObjectMapper, byte[])} of the next value of a parser. */
  public static JsonNode readTree(ObjectMapper mapper, JsonParser parser) throws IOException {
    try {
      return mapper.readTree(parser);
    } catch (NumberFormatException | ArithmeticException e) {
      throw outOfRange(e);
    }
  }

  private static JsonParseException outOfRange(RuntimeException e) {
    String why = e.getMessage() == null ? "" : e.getMessage();
    if (why.length() > 120) why = why.substring(0, 120) + "...";
    return new JsonParseException(null, "a number is out of range: " + why, e);
  }

  /** Any record as UTF-8 JSON. */
  public static byte[] encode(Object record) {
    try {
      return MAPPER.writeValueAsBytes(record);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + record.getClass().getSimpleName(), e);
    }
  }

  /**
   * An inbox record.
   *
   * @throws MalformedRecordException when the bytes are not a valid inbox record
   */
  public static InboxRecord decodeInbox(byte[] bytes) {
    return decode(bytes, InboxRecord.class);
  }

  /** An outbox record. */
  public static OutboxRecord decodeOutbox(byte[] bytes) {
    return decode(bytes, OutboxRecord.class);
  }

  /** A journal record. */
  public static JournalRecord decodeJournal(byte[] bytes) {
    return decode(bytes, JournalRecord.class);
  }

  /** An effect record. */
  public static EffectRecord decodeEffect(byte[] bytes) {
    return decode(bytes, EffectRecord.class);
  }

  /** A gateway heartbeat. */
  public static GatewayHeartbeat decodeHeartbeat(byte[] bytes) {
    return decode(bytes, GatewayHeartbeat.class);
  }

  /** Any JSON value. */
  public static JsonNode decodeTree(byte[] bytes) {
    try {
      return readTree(MAPPER, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T> T decode(byte[] bytes, Class<T> type) {
    if (bytes == null) throw new MalformedRecordException("record has no value");
    try {
      T value = MAPPER.readValue(bytes, type);
      if (value == null) throw new MalformedRecordException("record is the JSON literal null");
      return value;
    } catch (IOException | NumberFormatException | ArithmeticException e) {
      // Jackson throws a bare NumberFormatException for a number no decimal can hold.
      throw new MalformedRecordException(
          "not a valid " + type.getSimpleName() + ": " + firstLine(e.getMessage()), e);
    }
  }

  private static String firstLine(String s) {
    if (s == null) return "";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** The bytes are not a record of the expected type. */
  public static final class MalformedRecordException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MalformedRecordException(String message) {
      super(message);
    }

    MalformedRecordException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
