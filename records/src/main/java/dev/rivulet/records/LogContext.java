package dev.rivulet.records;

import org.slf4j.MDC;

/**
 * The ids a log line carries (SLF4J's MDC) while the engine works on one record or the gateway
 * handles one request: {@code actorId}, {@code requestId} (the gateway's id for the request) and
 * {@code traceId} (of its W3C trace). Engine and gateway use these same keys, so that one search
 * finds a request on both sides.
 */
public final class LogContext {
  public static final String ACTOR_ID = "actorId";
  public static final String REQUEST_ID = "requestId";
  public static final String TRACE_ID = "traceId";

  private LogContext() {}

  /** Sets the ids; a null one is left out. */
  public static void enter(String actorId, String requestId, String traceId) {
    if (actorId != null) MDC.put(ACTOR_ID, actorId);
    if (requestId != null) MDC.put(REQUEST_ID, requestId);
    if (traceId != null) MDC.put(TRACE_ID, traceId);
  }

  /** Sets the request id, known later than the others. */
  public static void requestId(String requestId) {
    MDC.put(REQUEST_ID, requestId);
  }

  /** Removes the ids. */
  public static void exit() {
    MDC.remove(ACTOR_ID);
    MDC.remove(REQUEST_ID);
    MDC.remove(TRACE_ID);
  }
}
