package dev.rivulet.gateway;

import org.slf4j.MDC;

/**
 * The logging context (SLF4J's MDC) while the gateway handles a request: {@code actorId},
 * {@code requestId} and {@code traceId}, the same keys as the engine's, so that one search finds
 * a request on both sides.
 */
final class LogContext {
  static final String ACTOR_ID = "actorId";
  static final String REQUEST_ID = "requestId";
  static final String TRACE_ID = "traceId";

  private LogContext() {}

  /** Sets the ids; a null one is left out. */
  static void enter(String actorId, String requestId, String traceId) {
    if (actorId != null) MDC.put(ACTOR_ID, actorId);
    if (requestId != null) MDC.put(REQUEST_ID, requestId);
    if (traceId != null) MDC.put(TRACE_ID, traceId);
  }

  static void requestId(String requestId) {
    MDC.put(REQUEST_ID, requestId);
  }

  static void exit() {
    MDC.remove(ACTOR_ID);
    MDC.remove(REQUEST_ID);
    MDC.remove(TRACE_ID);
  }
}
