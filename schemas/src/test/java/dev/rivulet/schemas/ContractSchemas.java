package dev.rivulet.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The schemas of this module, loaded from the class path through their {@code $id}s (so that the
 * references between them resolve as they would for any user), and validation with readable
 * failures. Test code only: the module itself ships nothing but the schema files.
 */
final class ContractSchemas {
  /** The prefix of every schema's {@code $id}. */
  static final String BASE = "https://rivulet.dev/schemas/";

  static final String ERROR = "error";
  static final String INBOX = "inbox-record";
  static final String OUTBOX = "outbox-record";
  static final String JOURNAL = "journal-record";
  static final String REGISTRY = "registry-record";
  static final String EFFECT = "effect-record";
  static final String HEARTBEAT = "gateway-heartbeat";
  static final String WS_TO_SERVER = "ws-to-server";
  static final String WS_TO_CLIENT = "ws-to-client";

  /** Every schema of the module, by short name. */
  static final List<String> ALL =
      List.of(ERROR, INBOX, OUTBOX, JOURNAL, REGISTRY, EFFECT, HEARTBEAT, WS_TO_SERVER,
          WS_TO_CLIENT);

  /** A plain mapper: the tests read what is on the wire without Rivulet's codec. */
  static final ObjectMapper JSON = new ObjectMapper();

  private final SchemaRegistry registry =
      SchemaRegistry.withDefaultDialect(
          SpecificationVersion.DRAFT_2020_12,
          builder -> builder.schemaIdResolvers(r -> r.mapPrefix(BASE, "classpath:schemas/")));
  private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

  /** The schema {@code name} ({@code inbox-record}, ...), loaded once. */
  Schema schema(String name) {
    return schemas.computeIfAbsent(name, n -> {
      Schema s = registry.getSchema(SchemaLocation.of(BASE + n + ".schema.json"));
      s.initializeValidators(); // fail now on a broken $ref, not in the middle of a test
      return s;
    });
  }

  /** The 2020-12 meta-schema, as bundled with the validator. */
  Schema metaSchema() {
    return registry.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
  }

  /** The errors of {@code value} against schema {@code name}; empty when it fits. */
  List<Error> errors(String name, JsonNode value) {
    return schema(name).validate(value);
  }

  /** Fails, naming {@code what} and showing the value, unless {@code value} fits {@code name}. */
  void assertValid(String name, JsonNode value, String what) {
    List<Error> errors = errors(name, value);
    if (!errors.isEmpty()) {
      throw new AssertionError(what + " does not fit " + name + ".schema.json:\n  "
          + errors.stream().map(Error::toString).collect(Collectors.joining("\n  "))
          + "\nvalue: " + value.toPrettyString());
    }
  }

  /** Fails unless {@code value} is rejected by {@code name}; returns the errors. */
  List<Error> assertInvalid(String name, JsonNode value, String what) {
    List<Error> errors = errors(name, value);
    if (errors.isEmpty()) {
      throw new AssertionError(what + " should not fit " + name + ".schema.json, but does: "
          + value);
    }
    return errors;
  }

  /** The raw JSON of schema file {@code name}. */
  static JsonNode raw(String name) {
    String path = "schemas/" + name + ".schema.json";
    try (InputStream in = ContractSchemas.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) throw new IllegalStateException(path + " is not on the class path");
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses JSON text, failing the test (not throwing a checked exception) when it is not JSON. */
  static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }
}
