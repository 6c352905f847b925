package dev.rivulet.gateway.rivetkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class GatewayTargetTest {
  @Test
  void byIdWithAndWithoutToken() throws Exception {
    assertThat(GatewayTarget.parse("/gateway/AWNvdW50ZXI/action/increment", null))
        .isEqualTo(new GatewayTarget.Direct("AWNvdW50ZXI", null, "/action/increment", ""));
    assertThat(GatewayTarget.parse("/gateway/a%2Fb@t%40k/connect", "x=1"))
        .isEqualTo(new GatewayTarget.Direct("a/b", "t@k", "/connect", "x=1"));
    assertThat(GatewayTarget.parse("/gateway/id", null))
        .isEqualTo(new GatewayTarget.Direct("id", null, "/", ""));
    assertThat(GatewayTarget.parse("/gateway/id/request/", "a=1&b"))
        .isEqualTo(new GatewayTarget.Direct("id", null, "/request/", "a=1&b"));
  }

  @Test
  void byQueryWithEveryParameter() throws Exception {
    String input = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(Hex.parse("a1 64 6d 6f 64 65 66 72 61 6e 6b 65 64")); // {"mode":"ranked"}
    GatewayTarget t = GatewayTarget.parse("/gateway/chat%20Room/action/send",
        "rvt-namespace=default&rvt-method=getOrCreate&rvt-runner=default&rvt-key=tenant%2Croom"
            + "&rvt-input=" + input + "&rvt-crash-policy=sleep&myParam=my+Value&rvt-token=s3"
            + "&rvt-region=eu&rvt-skip-ready-wait=true");
    assertThat(t).isInstanceOf(GatewayTarget.Query.class);
    GatewayTarget.Query q = (GatewayTarget.Query) t;
    assertThat(q.path()).isEqualTo("/action/send");
    assertThat(q.query()).isEqualTo("myParam=my+Value");
    assertThat(q.token()).isEqualTo("s3");
    GatewayTarget.ActorQuery a = q.actor();
    assertThat(a.method()).isEqualTo(GatewayTarget.Method.GET_OR_CREATE);
    assertThat(a.namespace()).isEqualTo("default");
    assertThat(a.name()).isEqualTo("chat Room");
    assertThat(a.key()).containsExactly("tenant", "room");
    assertThat(a.input()).isEqualTo(UserValues.readJson("{\"mode\":\"ranked\"}", "x"));
    assertThat(a.runner()).isEqualTo("default");
    assertThat(a.region()).isEqualTo("eu");
    assertThat(a.crashPolicy()).isEqualTo("sleep");
    assertThat(a.skipReadyWait()).isTrue();
  }

  @Test
  void getWithoutKeyIsTheEmptyKey() throws Exception {
    GatewayTarget.Query q = (GatewayTarget.Query) GatewayTarget.parse(
        "/gateway/counter/connect", "rvt-namespace=default&rvt-method=get");
    assertThat(q.actor().method()).isEqualTo(GatewayTarget.Method.GET);
    assertThat(q.actor().key()).isEmpty();
    assertThat(q.actor().input()).isNull();
    assertThat(q.path()).isEqualTo("/connect");
    assertThat(q.query()).isEmpty();
  }

  @Test
  void byHeaders() throws Exception {
    assertThat(GatewayTarget.fromHeaders("actor", "id1", null, "/request/api/hello", "a=1"))
        .isEqualTo(new GatewayTarget.Direct("id1", null, "/request/api/hello", "a=1"));
    assertThatThrownBy(() -> GatewayTarget.fromHeaders("actor", null, null, "/x", null))
        .hasMessageContaining("needs an x-rivet-actor header");
    assertThatThrownBy(() -> GatewayTarget.fromHeaders("runner", "id", null, "/x", null))
        .hasMessageContaining("x-rivet-target must be \"actor\"");
  }

  @Test
  void badQueriesAreClearErrors() {
    assertQuery("rvt-namespace=a&rvt-method=get&rvt-bogus=1", "unknown gateway parameter rvt-bogus",
        "query_invalid_params");
    assertQuery("rvt-namespace=a&rvt-namespace=b&rvt-method=get", "rvt-namespace is given more",
        "query_duplicate_param");
    assertQuery("rvt-method=get", "needs rvt-namespace", "query_invalid_params");
    assertQuery("rvt-namespace=a", "needs rvt-method", "query_invalid_params");
    assertQuery("rvt-namespace=a&rvt-method=create", "rvt-method must be get or getOrCreate",
        "query_invalid_params");
    assertQuery("rvt-namespace=a&rvt-method=get&rvt-input=oA", "does not take rvt-input",
        "query_invalid_params");
    assertQuery("rvt-namespace=a&rvt-method=getOrCreate&rvt-input=a+b",
        "base64url without padding", "query_invalid_input");
    assertQuery("rvt-namespace=a&rvt-method=getOrCreate&rvt-input=gg", "not a CBOR value",
        "query_invalid_input");
    assertQuery("rvt-namespace=a&rvt-method=getOrCreate&rvt-crash-policy=never",
        "rvt-crash-policy must be", "query_invalid_params");
    assertQuery("rvt-namespace=%zz&rvt-method=get", "invalid %-escape", "query_invalid_params");
    assertThatThrownBy(() -> GatewayTarget.parse("/gateway/a@b/x", "rvt-namespace=a&rvt-method=get"))
        .hasMessageContaining("must not use the @token form");
    assertThatThrownBy(() -> GatewayTarget.parse("/gateway//x", null))
        .hasMessageContaining("must not contain //");
    assertThatThrownBy(() -> GatewayTarget.parse("/gateway/@t/x", null))
        .hasMessageContaining("must both be present");
  }

  private static void assertQuery(String query, String message, String code) {
    assertThatThrownBy(() -> GatewayTarget.parse("/gateway/counter/action/a", query))
        .isInstanceOf(RivetKitProtocolException.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(((RivetKitProtocolException) e).code()).isEqualTo(code));
  }
}
