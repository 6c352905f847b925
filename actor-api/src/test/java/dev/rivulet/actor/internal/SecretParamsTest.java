package dev.rivulet.actor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.actor.Secret;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which parts of a params type are secret, and the params as the engine keeps them. */
class SecretParamsTest {
  record Login(String user, @Secret String password, @Secret @JsonProperty("otp") String code) {}

  static class Form {
    public String user;
    @Secret public String pin;
  }

  @Secret
  record Token(String value) {}

  record Plain(String user) {}

  @SuppressWarnings("unused")
  void check(@Secret String token) {}

  @Test
  void theMarkedPartsOfATypeAreItsSecrets() throws Exception {
    assertThat(SecretParams.of(Login.class, List.of()))
        .isEqualTo(new SecretParams(false, Set.of("password", "otp")));
    assertThat(SecretParams.of(Form.class, List.of()))
        .isEqualTo(new SecretParams(false, Set.of("pin")));
    assertThat(SecretParams.of(Token.class, List.of()).whole()).isTrue();
    Method check = getClass().getDeclaredMethod("check", String.class);
    assertThat(SecretParams.of(String.class, List.of(check.getParameters()[0])).whole()).isTrue();
    assertThat(SecretParams.of(Plain.class, List.of()).any()).isFalse();
    assertThat(SecretParams.of(null, List.of()).any()).isFalse();
  }

  @Test
  void hidingNullsTheSecretsNamesThemAndIsTheSameTheSecondTime() {
    SecretParams login = SecretParams.of(Login.class, List.of());
    JsonNode sent = tree("{\"user\":\"ada\",\"password\":\"p\",\"otp\":\"1\",\"extra\":2}");
    JsonNode kept = login.hide(sent);
    assertThat(kept).hasToString("{\"user\":\"ada\",\"password\":null,\"otp\":null,\"extra\":2}");
    assertThat(sent.path("password").asText()).as("the params as sent are untouched").isEqualTo("p");
    assertThat(login.hidden(sent)).hasSize(2);
    assertThat(login.hide(kept)).isEqualTo(kept);
    assertThat(login.hidden(kept)).isEqualTo(login.hidden(sent));
    assertThat(login.hidden(tree("{\"user\":\"ada\"}"))).isNull();
    assertThat(login.hide(null)).isNull();

    SecretParams whole = SecretParams.of(Token.class, List.of());
    assertThat(whole.hide(tree("\"t0k\"")).isNull()).isTrue();
    assertThat(whole.hide(null).isNull()).isTrue();
    assertThat(whole.hidden(null)).hasToString("[\"*\"]");
  }

  private static JsonNode tree(String json) {
    try {
      return Json.mapper().readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
