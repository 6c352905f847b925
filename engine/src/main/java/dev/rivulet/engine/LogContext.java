package dev.rivulet.engine;

import org.slf4j.MDC;

/**
 * The logging context (SLF4J's MDC) while the engine works on one record: {@code actorId},
 * {@code requestId} (the gateway's id for the request, when it has one) and {@code traceId} (of
 * its W3C trace). The gateway uses the same keys, so one grep finds a request on both sides.
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

  static void exit() {
    MDC.remove(ACTOR_ID);
    MDC.remove(REQUEST_ID);
    MDC.remove(TRACE_ID);
  }
}
