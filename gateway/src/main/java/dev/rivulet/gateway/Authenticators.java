package dev.rivulet.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.rivulet.records.InboxRecord;
import dev.rivulet.records.RecordCodec;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Ready-made {@link Authenticator}s: JSON Web Tokens verified with Nimbus JOSE + JWT ({@link
 * #jwt}), and a fixed table of tokens ({@link #tokens}). Each refuses a request without a token
 * unless made {@link #anonymousAllowed lenient}.
 */
public final class Authenticators {
  private Authenticators() {}

  /** An identity for {@code subject} with {@code claims} (any JSON-serializable values; may be null). */
  public static InboxRecord.Identity identity(String subject, Map<String, ?> claims) {
    JsonNode tree = claims == null || claims.isEmpty() ? null
        : RecordCodec.mapper().valueToTree(claims);
    return new InboxRecord.Identity(subject, tree);
  }

  /**
   * How the JSON Web Tokens of {@link #jwt} are checked: signed with an HMAC {@code secret}
   * (HS256, HS384, HS512) or by a key of the JSON Web Key Set at {@code jwksUrl} (RS*, PS*, ES*;
   * fetched when needed and cached); with {@code issuer} as {@code iss} and {@code audience} among
   * {@code aud} when they are set. Every token needs a {@code sub} and an {@code exp} in the future
   * (with a minute of clock skew).
   */
  public record Jwt(String secret, String jwksUrl, String issuer, String audience) {
    public Jwt {
      if ((secret == null) == (jwksUrl == null)) {
        throw new IllegalArgumentException("a JWT is checked with a secret or a JWKS URL, one of them");
      }
      if (secret != null && secret.getBytes(StandardCharsets.UTF_8).length < 32) {
        throw new IllegalArgumentException("an HMAC secret for JWTs needs at least 32 bytes (256 bits)");
      }
    }

    /** Tokens signed with an HMAC secret of at least 32 bytes. */
    public static Jwt hmac(String secret) {
      return new Jwt(Objects.requireNonNull(secret, "secret"), null, null, null);
    }

    /** Tokens signed by a key of the JSON Web Key Set at {@code url}. */
    public static Jwt jwks(String url) {
      return new Jwt(null, Objects.requireNonNull(url, "url"), null, null);
    }

    /** The same, requiring {@code iss} to be {@code issuer}. */
    public Jwt issuer(String issuer) {
      return new Jwt(secret, jwksUrl, issuer, audience);
    }

    /** The same, requiring {@code audience} among the token's {@code aud}. */
    public Jwt audience(String audience) {
      return new Jwt(secret, jwksUrl, issuer, audience);
    }
  }

  /**
   * Verifies the request's {@link AuthRequest#token() token} as a JSON Web Token: its signature,
   * its expiry, issuer and audience ({@link Jwt}). The identity is the token's {@code sub}, with
   * every claim of the token as its claims. No token, or one that does not verify, is {@code
   * auth.unauthenticated}.
   */
  public static Authenticator jwt(Jwt settings) {
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    JWKSource<SecurityContext> keys;
    Set<JWSAlgorithm> algorithms = new HashSet<>();
    if (settings.secret() != null) {
      keys = new ImmutableSecret<>(settings.secret().getBytes(StandardCharsets.UTF_8));
      algorithms.addAll(JWSAlgorithm.Family.HMAC_SHA);
    } else {
      try {
        keys = JWKSourceBuilder.create(URI.create(settings.jwksUrl()).toURL()).build();
      } catch (MalformedURLException | IllegalArgumentException e) {
        throw new IllegalArgumentException("not a JWKS URL: " + settings.jwksUrl());
      }
      algorithms.addAll(JWSAlgorithm.Family.RSA);
      algorithms.addAll(JWSAlgorithm.Family.EC);
    }
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
    JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
    if (settings.issuer() != null) exact.issuer(settings.issuer());
    DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
        settings.audience() == null ? null : Set.of(settings.audience()), exact.build(),
        Set.of("sub", "exp"), null);
    claims.setMaxClockSkew(60);
    processor.setJWTClaimsSetVerifier(claims);
    return request -> {
      String token = request.token();
      if (token == null) throw AuthException.unauthenticated("a token is required (a JSON Web "
          + "Token, as Authorization: Bearer, x-rivet-token or RivetKit's client token)");
      JWTClaimsSet verified;
      try {
        verified = processor.process(token, null);
      } catch (ParseException e) {
        throw AuthException.unauthenticated("the token is not a JSON Web Token");
      } catch (BadJOSEException e) {
        throw AuthException.unauthenticated("the token was refused: " + e.getMessage());
      } catch (JOSEException e) {
        throw AuthException.unauthenticated("the token could not be verified: " + e.getMessage());
      }
      return identity(verified.getSubject(), new LinkedHashMap<>(verified.toJSONObject()));
    };
  }

  /**
   * A fixed table of tokens, each standing for an identity: for services, scripts and tests. The
   * tokens are compared in constant time. No token, or one not in the table, is {@code
   * auth.unauthenticated}.
   */
  public static Authenticator tokens(Map<String, InboxRecord.Identity> identities) {
    Map<String, InboxRecord.Identity> table = Map.copyOf(identities);
    return request -> {
      String token = request.token();
      if (token == null) throw AuthException.unauthenticated("a token is required");
      InboxRecord.Identity found = null;
      for (Map.Entry<String, InboxRecord.Identity> e : table.entrySet()) {
        if (sameSecret(e.getKey(), token)) found = e.getValue();
      }
      if (found == null) throw AuthException.unauthenticated("unknown token");
      return found;
    };
  }

  /**
   * {@code authenticator}, letting requests without any token through anonymously (the actors
   * then decide); a token that is there must still verify.
   */
  public static Authenticator anonymousAllowed(Authenticator authenticator) {
    Objects.requireNonNull(authenticator, "authenticator");
    return request -> request.token() == null ? null : authenticator.authenticate(request);
  }

  /** Whether two secrets are equal, in time that does not depend on where they differ. */
  static boolean sameSecret(String expected, String given) {
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
        given.getBytes(StandardCharsets.UTF_8));
  }
}
