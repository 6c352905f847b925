package dev.rivulet.gateway;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code /inspector/}: a page for developers, built on the gateway's own API: actor types and
 * actors, an actor's live state, its timeline of actions and events, stepping through its history
 * with the state and the change at each step, and calling an action.
 */
final class Inspector {
  private static final byte[] PAGE = load();

  private Inspector() {}

  static void page(Context ctx) {
    ctx.contentType("text/html; charset=utf-8").result(PAGE);
  }

  private static byte[] load() {
    try (InputStream in = Inspector.class.getResourceAsStream("inspector/index.html")) {
      if (in == null) throw new IllegalStateException("the inspector page is missing from the jar");
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
