package dev.rivulet.gateway.rivetkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.gateway.rivetkit.ClientProtocol.Frame;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ClientProtocolTest {
  /** A Rivulet value written as JSON (arrays like ["$x",1] are plain data), integers as longs. */
  private static JsonNode json(String text) throws Exception {
    return UserValues.fromWire(UserValues.toWire(UserValues.readJson(text, "test value"), true));
  }

  private static final BigInteger ID_3 = BigInteger.valueOf(3);
  private static final ActorSpecifier ACTOR = new ActorSpecifier("AWNvdW50ZXI", 2, "a/b");

  private static List<ToServer> toServer() throws Exception {
    return List.of(
        new ToServer.ActionRequest(BigInteger.ZERO, "increment", json("[5]")),
        new ToServer.ActionRequest(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE), "x.y",
            json("[{\"a\":[1,2.5,\"$s\"]},[\"$$t\",null],true]")),
        new ToServer.SubscriptionRequest("newCount", true),
        new ToServer.SubscriptionRequest("newCount", false));
  }

  private static List<ToClient> toClient() throws Exception {
    return List.of(
        new ToClient.Init("AWNvdW50ZXI", "9c2e-conn"),
        new ToClient.ActionResponse(ID_3, json("{\"count\":11,\"at\":1733400000000}")),
        new ToClient.Event("newCount", json("[11,\"x\"]")),
        new ToClient.Error("user", "room_full", "The room is full", json("{\"max\":8}"), ID_3,
            ACTOR),
        new ToClient.Error("actor", "not_found", "gone", null, null, null));
  }

  @ParameterizedTest
  @EnumSource(Encoding.class)
  void everyMessageRoundTrips(Encoding encoding) throws Exception {
    for (ToServer m : toServer()) {
      Frame f = ClientProtocol.encodeToServer(encoding, m);
      assertThat(f.isText()).isEqualTo(encoding == Encoding.JSON);
      assertThat(ClientProtocol.decodeToServer(encoding, f)).isEqualTo(m);
    }
    for (ToClient m : toClient()) {
      Frame f = ClientProtocol.encodeToClient(encoding, m);
      assertThat(ClientProtocol.decodeToClient(encoding, f)).isEqualTo(m);
    }
    Http.ActionRequest request = new Http.ActionRequest(json("[5,\"a\",[\"$x\",1]]"));
    assertThat(HttpBodies.decodeActionRequest(encoding,
        HttpBodies.encodeActionRequest(encoding, request))).isEqualTo(request);
    Http.ActionResponse response = new Http.ActionResponse(json("{\"n\":1}"));
    assertThat(HttpBodies.decodeActionResponse(encoding,
        HttpBodies.encodeActionResponse(encoding, response))).isEqualTo(response);
    for (Http.ResponseError error : List.of(
        new Http.ResponseError("user", "nope", "No", json("{\"why\":\"x\"}"), ACTOR),
        new Http.ResponseError("actor", "not_found", "gone", null, null))) {
      assertThat(HttpBodies.decodeResponseError(encoding,
          HttpBodies.encodeResponseError(encoding, error))).isEqualTo(error);
    }
    Http.QueueSendRequest queue = new Http.QueueSendRequest(json("{\"job\":1}"), "jobs", true, 500L);
    assertThat(HttpBodies.decodeQueueSendRequest(encoding,
        HttpBodies.encodeQueueSendRequest(encoding, queue))).isEqualTo(queue);
    Http.QueueSendResponse queued = new Http.QueueSendResponse("completed", json("[1]"));
    assertThat(HttpBodies.decodeQueueSendResponse(encoding,
        HttpBodies.encodeQueueSendResponse(encoding, queued))).isEqualTo(queued);
    Http.ResolveResponse resolved = new Http.ResolveResponse("AWNvdW50ZXI");
    assertThat(HttpBodies.decodeResolveResponse(encoding,
        HttpBodies.encodeResolveResponse(encoding, resolved))).isEqualTo(resolved);
  }

  @Test
  void bareLayoutsAreRivetKits() throws Exception {
    assertThat(bare(new ToServer.ActionRequest(BigInteger.ZERO, "increment", json("[5]"))))
        .isEqualTo("04 00 00 00 09 69 6e 63 72 65 6d 65 6e 74 02 81 05");
    assertThat(bare(new ToServer.SubscriptionRequest("newCount", true)))
        .isEqualTo("04 00 01 08 6e 65 77 43 6f 75 6e 74 01");
    assertThat(Hex.of(ClientProtocol.encodeToClient(Encoding.BARE,
        new ToClient.Init("a", "c")).bytes())).isEqualTo("04 00 00 01 61 01 63");
    assertThat(Hex.of(ClientProtocol.encodeToClient(Encoding.BARE,
        new ToClient.ActionResponse(BigInteger.ZERO, json("11"))).bytes()))
        .isEqualTo("04 00 02 00 01 0b");
    assertThat(Hex.of(ClientProtocol.encodeToClient(Encoding.BARE,
        new ToClient.Event("n", json("[11]"))).bytes())).isEqualTo("04 00 03 01 6e 02 81 0b");
    assertThat(Hex.of(ClientProtocol.encodeToClient(Encoding.BARE,
        new ToClient.Error("user", "no", "m", null, ID_3, null)).bytes()))
        .isEqualTo("04 00 01 04 75 73 65 72 02 6e 6f 01 6d 00 01 03 00");
    assertThat(Hex.of(ClientProtocol.encodeToClient(Encoding.BARE,
        new ToClient.Error("user", "no", "m", json("1"), null, new ActorSpecifier("i", 1, null)))
        .bytes())).isEqualTo("04 00 01 04 75 73 65 72 02 6e 6f 01 6d 01 01 01 00 01 01 69 01 00");
    assertThat(Hex.of(HttpBodies.encodeActionRequest(Encoding.BARE,
        new Http.ActionRequest(json("[5]"))))).isEqualTo("04 00 02 81 05");
    assertThat(Hex.of(HttpBodies.encodeActionResponse(Encoding.BARE,
        new Http.ActionResponse(json("11"))))).isEqualTo("04 00 01 0b");
  }

  @Test
  void olderVersionsAreWrittenAndRead() throws Exception {
    ToClient.Init init = new ToClient.Init("a", "c");
    Frame v1 = ClientProtocol.encodeToClient(Encoding.BARE, init, 1);
    assertThat(Hex.of(v1.bytes())).isEqualTo("01 00 00 01 61 01 63 00"); // empty connectionToken
    assertThat(ClientProtocol.decodeToClient(Encoding.BARE, v1)).isEqualTo(init);
    ToClient.Error error = new ToClient.Error("user", "no", "m", null, ID_3, ACTOR);
    Frame v3 = ClientProtocol.encodeToClient(Encoding.BARE, error, 3);
    assertThat(Hex.of(v3.bytes())).isEqualTo("03 00 01 04 75 73 65 72 02 6e 6f 01 6d 00 01 03");
    assertThat(ClientProtocol.decodeToClient(Encoding.BARE, v3))
        .isEqualTo(new ToClient.Error("user", "no", "m", null, ID_3, null));
    byte[] v2Request = Hex.parse("02 00 00 07 01 61 02 81 05");
    assertThat(ClientProtocol.decodeToServer(Encoding.BARE, Frame.binary(v2Request)))
        .isEqualTo(new ToServer.ActionRequest(BigInteger.valueOf(7), "a", json("[5]")));
    byte[] v3Error = HttpBodies.encodeResponseError(Encoding.BARE,
        new Http.ResponseError("a", "b", "c", null, ACTOR), 3);
    assertThat(Hex.of(v3Error)).isEqualTo("03 00 01 61 01 62 01 63 00");
  }

  @Test
  void jsonMessagesAreRivetKitsShapes() throws Exception {
    assertThat(ClientProtocol.encodeToServer(Encoding.JSON,
        new ToServer.ActionRequest(BigInteger.ZERO, "increment", json("[5]"))).text())
        .isEqualTo("{\"body\":{\"tag\":\"ActionRequest\",\"val\":{\"id\":[\"$BigInt\",\"0\"],"
            + "\"name\":\"increment\",\"args\":[5]}}}");
    assertThat(ClientProtocol.encodeToClient(Encoding.JSON,
        new ToClient.Error("user", "no", "m", null, ID_3, null)).text())
        .isEqualTo("{\"body\":{\"tag\":\"Error\",\"val\":{\"group\":\"user\",\"code\":\"no\","
            + "\"message\":\"m\",\"actionId\":[\"$BigInt\",\"3\"]}}}");
    assertThat(ClientProtocol.encodeToClient(Encoding.JSON,
        new ToClient.Error("user", "no", "m", json("{\"k\":[\"$x\",1]}"), null, ACTOR)).text())
        .isEqualTo("{\"body\":{\"tag\":\"Error\",\"val\":{\"group\":\"user\",\"code\":\"no\","
            + "\"message\":\"m\",\"metadata\":{\"k\":[\"$$x\",1]},\"actor\":{\"actorId\":"
            + "\"AWNvdW50ZXI\",\"generation\":2,\"key\":\"a/b\"},\"actionId\":null}}}");
    assertThat(new String(HttpBodies.encodeActionResponse(Encoding.JSON,
        new Http.ActionResponse(json("10"))), StandardCharsets.UTF_8))
        .isEqualTo("{\"output\":10}");
    // a plain number id is read too (RivetKit's server accepts it)
    assertThat(ClientProtocol.decodeToServer(Encoding.JSON, Frame.text(
        "{\"body\":{\"tag\":\"ActionRequest\",\"val\":{\"id\":7,\"name\":\"a\",\"args\":[]}}}")))
        .isEqualTo(new ToServer.ActionRequest(BigInteger.valueOf(7), "a", json("[]")));
  }

  @Test
  void cborIdsAre64BitIntegers() throws Exception {
    assertThat(Hex.of(ClientProtocol.encodeToClient(Encoding.CBOR,
        new ToClient.ActionResponse(BigInteger.ZERO, json("11"))).bytes()))
        .isEqualTo("b9 00 01 64 62 6f 64 79 b9 00 02 63 74 61 67 6e 41 63 74 69 6f 6e 52 65 73 70 "
            + "6f 6e 73 65 63 76 61 6c b9 00 02 62 69 64 1b 00 00 00 00 00 00 00 00 66 6f 75 74 70 "
            + "75 74 0b");
  }

  @Test
  void malformedMessagesAreClearErrors() {
    assertRejected(Encoding.BARE, Frame.binary(Hex.parse("05 00 00 00 01 61 01 80")),
        "unsupported protocol version 5 (this server reads 1 to 4)");
    assertRejected(Encoding.BARE, Frame.binary(Hex.parse("04 00 07")), "unknown message tag 7");
    assertRejected(Encoding.BARE, Frame.binary(Hex.parse("04 00 00 00 01 61 01 05")),
        "args must be a CBOR array");
    assertRejected(Encoding.BARE, Frame.binary(Hex.parse("04 00 00 00 01 61 01 80 00")),
        "bytes after its end");
    assertRejected(Encoding.BARE, Frame.text("hi"), "a text message on a bare connection");
    assertRejected(Encoding.CBOR, Frame.text("hi"), "a text message on a cbor connection");
    assertRejected(Encoding.JSON, Frame.text("{"), "message is not valid JSON");
    assertRejected(Encoding.JSON, Frame.text("{\"tag\":\"ActionRequest\"}"),
        "message must be {\"body\"");
    assertRejected(Encoding.JSON, Frame.text("{\"body\":{\"tag\":\"Nope\",\"val\":{}}}"),
        "unknown message tag \"Nope\"");
    assertRejected(Encoding.JSON, Frame.text(
        "{\"body\":{\"tag\":\"ActionRequest\",\"val\":{\"id\":-1,\"name\":\"a\",\"args\":[]}}}"),
        "ActionRequest id must be an unsigned 64-bit integer");
    assertRejected(Encoding.JSON, Frame.text("{\"body\":{\"tag\":\"ActionRequest\",\"val\":"
        + "{\"id\":[\"$BigInt\",\"18446744073709551616\"],\"name\":\"a\",\"args\":[]}}}"),
        "ActionRequest id must be an unsigned 64-bit integer");
    assertRejected(Encoding.JSON, Frame.text(
        "{\"body\":{\"tag\":\"ActionRequest\",\"val\":{\"id\":1,\"name\":\"\",\"args\":[]}}}"),
        "ActionRequest name must be a non-empty string");
    assertRejected(Encoding.JSON, Frame.text(
        "{\"body\":{\"tag\":\"ActionRequest\",\"val\":{\"id\":1,\"name\":\"a\",\"args\":5}}}"),
        "ActionRequest args must be an array");
    assertRejected(Encoding.JSON, Frame.text(
        "{\"body\":{\"tag\":\"SubscriptionRequest\",\"val\":{\"eventName\":\"e\"}}}"),
        "SubscriptionRequest needs a boolean subscribe");
    assertThatThrownBy(() -> HttpBodies.decodeActionRequest(Encoding.JSON,
        "[5]".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("action request body must be an object");
  }

  private static void assertRejected(Encoding encoding, Frame frame, String message) {
    assertThatThrownBy(() -> ClientProtocol.decodeToServer(encoding, frame))
        .isInstanceOf(RivetKitProtocolException.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(((RivetKitProtocolException) e).code())
            .isEqualTo("invalid_request"));
  }

  private static String bare(ToServer m) {
    return Hex.of(ClientProtocol.encodeToServer(Encoding.BARE, m).bytes());
  }
}
