package dev.rivulet.gateway;

import dev.rivulet.records.ErrorCode;
import io.javalin.http.Context;
import java.io.IOException;

/** Reads HTTP request bodies within the gateway's limit, for every route that takes one. */
final class RequestBodies {
  /** Refused bodies up to this size are read (and dropped) so that the client gets the 413. */
  private static final long DRAIN_LIMIT = 16L << 20;

  private RequestBodies() {}

  /**
   * The body's bytes; {@code message.incoming_too_long} when it is over {@code maxBytes}, {@code
   * request.malformed} when it cannot be read to its end.
   */
  static byte[] read(Context ctx, long maxBytes) {
    long declared = ctx.contentLength();
    if (declared > maxBytes) {
      discard(ctx, declared);
      throw new ApiError(ErrorCode.INCOMING_TOO_LONG,
          "request body is " + declared + " bytes; the limit is " + maxBytes);
    }
    byte[] bytes;
    try {
      bytes = ctx.bodyAsBytes();
    } catch (Exception e) { // Javalin passes Jetty's IOException on undeclared
      if (!(e instanceof IOException)) throw e;
      // The body ended before its declared length, or its chunked encoding is broken; most often
      // the client left, and then nobody reads this answer.
      throw new ApiError(ErrorCode.MALFORMED_REQUEST,
          "the request body could not be read to its end: " + e.getMessage());
    }
    if (bytes.length > maxBytes) {
      throw new ApiError(ErrorCode.INCOMING_TOO_LONG,
          "request body is larger than the limit of " + maxBytes + " bytes");
    }
    return bytes;
  }

  /**
   * Reads and drops a refused body of up to {@link #DRAIN_LIMIT} bytes. A client still sending
   * it would otherwise find the connection closed under it (Jetty closes a connection whose
   * request body was not read) and see a reset instead of the 413; larger bodies are not worth
   * reading, and get the reset.
   */
  private static void discard(Context ctx, long declared) {
    if (declared > DRAIN_LIMIT) return;
    byte[] sink = new byte[64 * 1024];
    try (var in = ctx.req().getInputStream()) {
      while (in.read(sink) >= 0) {
        // dropped
      }
    } catch (IOException e) {
      // the client went away: nobody reads the answer either
    }
  }
}
