package dev.rivulet.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.rivulet.records.InboxRecord;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ready-made authenticators: JSON Web Tokens (with Nimbus) and a table of tokens. */
class AuthenticatorsTest {
  static final String SECRET = "a-secret-of-more-than-thirty-two-bytes!";
  static final Authenticator JWT = Authenticators.jwt(Authenticators.Jwt.hmac(SECRET)
      .issuer("https://issuer.example").audience("rivulet"));

  @Test
  void aValidTokenIsItsSubjectWithItsClaims() throws Exception {
    String token = token(SECRET, "ada", "https://issuer.example", "rivulet", 60_000);
    InboxRecord.Identity who = JWT.authenticate(request(Map.of("Authorization", "Bearer " + token)));
    assertThat(who.subject()).isEqualTo("ada");
    assertThat(who.claims().path("role").asText()).isEqualTo("admin");
    assertThat(who.claims().path("iss").asText()).isEqualTo("https://issuer.example");
  }

  @Test
  void everyWayATokenCanBeWrongIsUnauthenticated() throws Exception {
    String[] wrong = {
        null,
        "not-a-jwt",
        token("another-secret-of-more-than-thirty-two-bytes", "ada", "https://issuer.example",
            "rivulet", 60_000),
        token(SECRET, "ada", "https://issuer.example", "rivulet", -120_000), // expired
        token(SECRET, "ada", "https://elsewhere.example", "rivulet", 60_000),
        token(SECRET, "ada", "https://issuer.example", "another-service", 60_000),
        token(SECRET, null, "https://issuer.example", "rivulet", 60_000), // no subject
    };
    for (String token : wrong) {
      Map<String, String> headers = token == null ? Map.of()
          : Map.of("Authorization", "Bearer " + token);
      assertThatThrownBy(() -> JWT.authenticate(request(headers))).as(String.valueOf(token))
          .isInstanceOfSatisfying(AuthException.class,
              e -> assertThat(e.error().qualifiedCode()).isEqualTo("auth.unauthenticated"));
    }
  }

  @Test
  void anonymousAllowedLetsRequestsWithoutATokenInButStillChecksOne() {
    Authenticator lenient = Authenticators.anonymousAllowed(JWT);
    assertThat(lenient.authenticate(request(Map.of()))).isNull();
    assertThatThrownBy(() -> lenient.authenticate(request(Map.of("x-rivet-token", "bad"))))
        .isInstanceOf(AuthException.class);
  }

  @Test
  void aTableOfTokensAnswersItsIdentities() {
    InboxRecord.Identity bot = Authenticators.identity("bot", Map.of("role", "service"));
    Authenticator table = Authenticators.tokens(Map.of("bot-token", bot));
    assertThat(table.authenticate(request(Map.of("x-rivet-token", "bot-token")))).isEqualTo(bot);
    assertThatThrownBy(() -> table.authenticate(request(Map.of("x-rivet-token", "bot-tokem"))))
        .isInstanceOf(AuthException.class);
  }

  @Test
  void aShortHmacSecretIsRefusedAtConfiguration() {
    assertThatThrownBy(() -> Authenticators.Jwt.hmac("short"))
        .hasMessageContaining("at least 32 bytes");
  }

  @Test
  void theTokenComesFromWhereverRivetKitsClientOrABrowserPutsIt() {
    assertThat(request(Map.of("Authorization", "Bearer a")).token()).isEqualTo("a");
    assertThat(request(Map.of("authorization", "bearer b")).token()).isEqualTo("b");
    assertThat(request(Map.of("x-rivet-token", "c")).token()).isEqualTo("c");
    assertThat(request(Map.of("Sec-WebSocket-Protocol", "rivet, rivet_token.d")).token())
        .isEqualTo("d");
    assertThat(new AuthRequest("POST", "/gateway/x/action/a", "http", "127.0.0.1", Map.of(),
        Map.of(), "x", List.of(), "a", null, "e").token()).isEqualTo("e");
    assertThat(new AuthRequest("GET", "/events", "sse", "127.0.0.1", Map.of(),
        Map.of("rvt-token", List.of("f")), "x", List.of(), null, null, null).token())
        .isEqualTo("f");
    assertThat(request(Map.of("Authorization", "Basic Zm9vOmJhcg==")).token()).isNull();
    assertThat(request(Map.of()).token()).isNull();
  }

  static AuthRequest request(Map<String, String> headers) {
    return new AuthRequest("POST", "/api/actors/vault/a/actions/x", "http", "127.0.0.1", headers,
        Map.of(), "vault", List.of("a"), "x", null, null);
  }

  static String token(String secret, String subject, String issuer, String audience,
      long expiresInMillis) throws Exception {
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer).audience(audience)
        .expirationTime(new Date(System.currentTimeMillis() + expiresInMillis))
        .claim("role", "admin");
    if (subject != null) claims.subject(subject);
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
    jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
    return jwt.serialize();
  }
}
