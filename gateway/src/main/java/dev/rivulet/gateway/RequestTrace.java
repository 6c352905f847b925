package dev.rivulet.gateway;

import dev.rivulet.records.TraceParent;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The trace of one client request (or connection) at this gateway: the gateway's own span in the
 * client's trace (a child of the client's {@code traceparent}), or a new trace when the client
 * sent none or an invalid one. It goes to the engine as headers of the inbox record and back to
 * the client as the response's {@code traceparent}. Also when the request started, for timing.
 */
final class RequestTrace {
  /** The context attribute holding an HTTP request's trace. */
  static final String ATTRIBUTE = "rivulet.trace";

  private final TraceParent parent;
  private final String state;
  private final long startNanos;

  private RequestTrace(TraceParent parent, String state, long startNanos) {
    this.parent = parent;
    this.state = state;
    this.startNanos = startNanos;
  }

  /** The trace of a request with these headers (either may be null); never fails. */
  static RequestTrace of(String traceparent, String tracestate) {
    long start = System.nanoTime();
    TraceParent caller = TraceParent.parse(traceparent);
    if (caller == null) return new RequestTrace(TraceParent.newTrace(), null, start);
    return new RequestTrace(caller.child(), TraceParent.state(tracestate), start);
  }

  /** The trace of an HTTP request, as the gateway's routes set it up; null outside them. */
  static RequestTrace of(Context ctx) {
    return ctx.attribute(ATTRIBUTE);
  }

  /** What the gateway passes on: its own span in the trace. */
  TraceParent parent() {
    return parent;
  }

  String traceId() {
    return parent.traceId();
  }

  /** When the gateway received the request, in {@link System#nanoTime()}. */
  long startNanos() {
    return startNanos;
  }

  /** The inbox record's headers: {@code traceparent}, and {@code tracestate} when there is one. */
  Headers headers() {
    RecordHeaders headers = new RecordHeaders();
    headers.add(TraceParent.HEADER, parent.headerBytes());
    if (state != null) {
      headers.add(TraceParent.STATE_HEADER, state.getBytes(StandardCharsets.US_ASCII));
    }
    return headers;
  }
}
