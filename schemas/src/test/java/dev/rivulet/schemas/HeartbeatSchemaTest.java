package dev.rivulet.schemas;

import static dev.rivulet.schemas.ContractSchemas.HEARTBEAT;

import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Hand-written examples for gateway-heartbeat.schema.json: a gateway saying it is alive, or that
 * it stopped.
 */
class HeartbeatSchemaTest extends SchemaExamplesTest {
  static Stream<Arguments> examples() {
    return Stream.of(
        good(HEARTBEAT, "a live gateway", """
            {"gateway":"gw-03ba6fee","at":1700000000000,"alive":true}"""),
        good(HEARTBEAT, "a gateway that stopped", """
            {"gateway":"gw-03ba6fee","at":1700000000000,"alive":false}"""),
        bad(HEARTBEAT, "no alive", """
            {"gateway":"gw-03ba6fee","at":1700000000000}"""),
        bad(HEARTBEAT, "alive as a string", """
            {"gateway":"gw-03ba6fee","at":1,"alive":"true"}"""),
        bad(HEARTBEAT, "at as an ISO time", """
            {"gateway":"gw-03ba6fee","at":"2024-01-01T00:00:00Z","alive":true}"""),
        bad(HEARTBEAT, "an empty gateway id", """
            {"gateway":"","at":1,"alive":true}"""));
  }
}
