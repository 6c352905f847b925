package dev.rivulet.gateway.rivetkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.gateway.rivetkit.ClientProtocol.Frame;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every message captured between RivetKit's real client and RivetKit's own server (see {@code
 * src/test/resources/rivetkit/README.md}) decodes with this codec. What the client wrote encodes
 * back to the same bytes (check {@code exact}), but for values Rivulet's JSON cannot hold (a
 * BigInt, a typed array); what RivetKit's server wrote, Rivulet writes in its own form, which
 * decodes to the same message (check {@code same}).
 */
class CapturedMessagesTest {
  private static final String FIXTURES = "/rivetkit/captured-2.3.19.tsv";

  static List<Arguments> captured() throws IOException {
    List<Arguments> out = new ArrayList<>();
    try (InputStream in = Objects.requireNonNull(
            CapturedMessagesTest.class.getResourceAsStream(FIXTURES), FIXTURES);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.isBlank() || line.startsWith("#")) continue;
        String[] f = line.split("\t", 5);
        out.add(Arguments.of(f[0], f[1], f[2], f[3], f[4]));
      }
    }
    return out;
  }

  @ParameterizedTest(name = "{0} {1} ({2}): {3}")
  @MethodSource("captured")
  void decodesAndEncodesBack(String encodingName, String kind, String check, String note,
      String payload) throws Exception {
    Encoding encoding = Encoding.of(encodingName);
    byte[] bytes = encoding == Encoding.JSON ? payload.getBytes(StandardCharsets.UTF_8)
        : Hex.parse(payload);
    Object message = decode(encoding, kind, bytes);
    byte[] again = encode(encoding, kind, message);
    assertThat(decode(encoding, kind, again)).as("Rivulet's encoding, decoded").isEqualTo(message);
    if (check.equals("exact")) {
      assertThat(encoding == Encoding.JSON ? new String(again, StandardCharsets.UTF_8) : Hex.of(again))
          .as("the bytes the client wrote").isEqualTo(payload);
    }
  }

  private static Object decode(Encoding encoding, String kind, byte[] bytes)
      throws RivetKitProtocolException {
    Frame frame = encoding == Encoding.JSON
        ? Frame.text(new String(bytes, StandardCharsets.UTF_8)) : Frame.binary(bytes);
    return switch (kind) {
      case "toServer" -> ClientProtocol.decodeToServer(encoding, frame);
      case "toClient" -> ClientProtocol.decodeToClient(encoding, frame);
      case "httpActionRequest" -> HttpBodies.decodeActionRequest(encoding, bytes);
      case "httpActionResponse" -> HttpBodies.decodeActionResponse(encoding, bytes);
      case "httpError" -> HttpBodies.decodeResponseError(encoding, bytes);
      default -> throw new IllegalArgumentException("unknown kind " + kind);
    };
  }

  private static byte[] encode(Encoding encoding, String kind, Object message) {
    return switch (kind) {
      case "toServer" -> ClientProtocol.encodeToServer(encoding, (ToServer) message).payload();
      case "toClient" -> ClientProtocol.encodeToClient(encoding, (ToClient) message).payload();
      case "httpActionRequest" ->
          HttpBodies.encodeActionRequest(encoding, (Http.ActionRequest) message);
      case "httpActionResponse" ->
          HttpBodies.encodeActionResponse(encoding, (Http.ActionResponse) message);
      case "httpError" ->
          HttpBodies.encodeResponseError(encoding, (Http.ResponseError) message);
      default -> throw new IllegalArgumentException("unknown kind " + kind);
    };
  }
}
