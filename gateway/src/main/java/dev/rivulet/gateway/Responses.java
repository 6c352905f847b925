package dev.rivulet.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivulet.records.ErrorCode;
import dev.rivulet.records.ErrorInfo;
import dev.rivulet.records.RecordCodec;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes JSON bodies, and every error as {@code {"group","code","message","metadata"?}}. */
final class Responses {
  private static final Logger log = LoggerFactory.getLogger(Responses.class);

  private Responses() {}

  static void json(Context ctx, JsonNode body) {
    ctx.contentType("application/json").result(RecordCodec.encode(body));
  }

  static void error(Context ctx, ErrorInfo error) {
    ctx.appData(GatewayMetrics.KEY).error(GatewayMetrics.HTTP, error);
    ObjectNode body = RecordCodec.mapper().createObjectNode();
    body.put("group", error.group());
    body.put("code", error.code());
    body.put("message", error.message());
    if (error.metadata() != null) body.set("metadata", error.metadata());
    ctx.status(ErrorCode.httpStatusOf(error));
    json(ctx, body);
  }

  /** Marks an error answer written in another encoding as final (RivetKit's cbor and bare). */
  static void answered(Context ctx) {
    ctx.attribute(ANSWERED, Boolean.TRUE);
  }

  private static final String ANSWERED = "rivulet.answered";

  /** Answers requests no route matched (Javalin's 404 and 405) in the same JSON shape. */
  static void unmatched(Context ctx) {
    if (ctx.attribute(ANSWERED) != null) return; // an error answer of a route's own
    String type = ctx.res().getContentType();
    if (type != null && type.startsWith("application/json")) return; // already one of ours
    error(ctx, fromStatus(ctx.statusCode(), null, ctx));
  }

  /** The one place where exceptions become error responses. */
  static void exception(Exception e, Context ctx) {
    try {
      respondTo(e, ctx);
    } catch (RuntimeException gone) {
      // The request has already ended (the client left or the server is stopping).
      log.debug("cannot answer a request that has ended: {}", gone.toString());
    }
  }

  private static void respondTo(Exception e, Context ctx) {
    Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    if (t instanceof ApiError api) {
      error(ctx, api.error());
    } else if (t instanceof HttpResponseException http) {
      error(ctx, fromStatus(http.getStatus(), http.getMessage(), ctx));
    } else {
      log.error("unexpected failure on {} {}", ctx.method(), ctx.path(), t);
      error(ctx, ErrorCode.INTERNAL_ERROR.error(ErrorCode.INTERNAL_MESSAGE));
    }
  }

  private static ErrorInfo fromStatus(int status, String message, Context ctx) {
    return switch (status) {
      case 404 -> ErrorCode.ROUTE_NOT_FOUND.error("No route for " + ctx.method() + " " + ctx.path());
      case 405 -> ErrorCode.METHOD_NOT_ALLOWED.error(ctx.method() + " is not allowed on " + ctx.path());
      case 413 -> ErrorCode.INCOMING_TOO_LONG.error("request body is too large");
      default -> status >= 500
          ? ErrorCode.INTERNAL_ERROR.error(ErrorCode.INTERNAL_MESSAGE)
          : ErrorCode.INVALID_REQUEST.error(message == null ? "bad request" : message);
    };
  }
}
