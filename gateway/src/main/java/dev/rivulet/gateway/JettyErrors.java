package dev.rivulet.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivulet.records.ErrorCode;
import dev.rivulet.records.ErrorInfo;
import dev.rivulet.records.RecordCodec;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ErrorHandler;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The refusals Jetty makes before any route runs (a request line or URI it will not parse, such
 * as an ambiguous or invalid path; a URI or headers too long) in the gateway's error shape,
 * {@code {"group","code","message"}} as JSON with a stable code, instead of Jetty's HTML page or
 * an empty body. The status stays Jetty's. This one serves the servlet context; {@link ForServer}
 * the refusals made before a request reaches it (a URI with a NUL or another control character),
 * which the servlet error handler would answer with an empty body.
 */
final class JettyErrors extends ErrorHandler {
  /** The server's handler, for what Jetty refuses before the servlet context: same shape. */
  static final class ForServer extends org.eclipse.jetty.server.handler.ErrorHandler {
    @Override
    public boolean errorPageForMethod(String method) {
      return true;
    }

    @Override
    protected boolean generateAcceptableResponse(Request request, Response response,
        Callback callback, String contentType, List<Charset> charsets, int code, String message,
        Throwable cause) {
      return writeJson(response, callback, code, message);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
      fields.put(HttpHeader.CONTENT_TYPE, "application/json");
      return ByteBuffer.wrap(body(status, reason));
    }
  }

  /** A body for every method: Jetty's default writes none for PUT, DELETE and others. */
  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  @Override
  protected boolean generateAcceptableResponse(Request request, Response response,
      Callback callback, String contentType, List<Charset> charsets, int code, String message,
      Throwable cause) {
    return writeJson(response, callback, code, message);
  }

  private static boolean writeJson(Response response, Callback callback, int code,
      String message) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(true, ByteBuffer.wrap(body(code, message)), callback);
    return true;
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, "application/json");
    return ByteBuffer.wrap(body(status, reason));
  }

  private static byte[] body(int status, String reason) {
    ErrorInfo error = errorFor(status, reason);
    ObjectNode body = RecordCodec.mapper().createObjectNode();
    body.put("group", error.group());
    body.put("code", error.code());
    body.put("message", error.message());
    return RecordCodec.encode(body);
  }

  /** The error a status Jetty refused a request with stands for. */
  static ErrorInfo errorFor(int status, String reason) {
    String why = reason == null || reason.isBlank() ? "" : ": " + reason;
    return switch (status) {
      case 404 -> ErrorCode.ROUTE_NOT_FOUND.error("No route for this request");
      case 405 -> ErrorCode.METHOD_NOT_ALLOWED.error("Method not allowed" + why);
      case 413 -> ErrorCode.INCOMING_TOO_LONG.error("request body is too large");
      case 414 -> ErrorCode.URI_TOO_LONG.error("the request's URI is too long" + why);
      case 431 -> ErrorCode.HEADERS_TOO_LARGE.error("the request's headers are too large" + why);
      default -> status >= 500
          ? ErrorCode.INTERNAL_ERROR.error(ErrorCode.INTERNAL_MESSAGE)
          : ErrorCode.MALFORMED_REQUEST.error("malformed HTTP request" + why);
    };
  }
}
