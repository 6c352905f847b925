package dev.rivulet.compat;

import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.HttpRequest;
import dev.rivulet.actor.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Ports of the driver suite's raw HTTP: {@code raw-http.ts}; see {@link DriverSuiteActors}. */
public final class RawHttpActors {
  private RawHttpActors() {}

  // ------------------------------------------------------------------ raw-http.ts

  /** {@code rawHttpActor}: raw HTTP routes, counting requests. */
  @Actor("rawHttpActor")
  public static class RawHttpActor extends ActorBase<RawHttpActor.State> {
    public record State(long requestCount) {}

    @Override
    protected State initialState() {
      return new State(0);
    }

    @Override
    protected HttpResponse onRequest(HttpRequest request) {
      long count = state().requestCount() + 1;
      setState(new State(count));
      String path = request.path();
      if (path.equals("/api/hello")) {
        return HttpResponse.json(200, Map.of("message", "Hello from actor!"));
      }
      if (path.equals("/api/echo") && request.method().equals("POST")) {
        return new HttpResponse(200, echoHeaders(request), request.body());
      }
      if (path.equals("/api/state")) return HttpResponse.json(200, Map.of("requestCount", count));
      if (path.equals("/api/headers")) return HttpResponse.json(200, request.headers());
      return HttpResponse.text(404, "Not Found");
    }

    private static Map<String, String> echoHeaders(HttpRequest request) {
      Map<String, String> out = new LinkedHashMap<>();
      String type = request.header("content-type");
      if (type != null) out.put("content-type", type);
      return out;
    }
  }

  /** {@code rawHttpNoHandlerActor}: no {@code onRequest}, so every raw request is a 404. */
  @Actor("rawHttpNoHandlerActor")
  public static class RawHttpNoHandlerActor extends ActorBase<Map<String, Object>> {
    @Override
    protected Map<String, Object> initialState() {
      return Map.of();
    }
  }

  /** {@code rawHttpRequestPropertiesActor}: describes the raw request it received. */
  @Actor("rawHttpRequestPropertiesActor")
  public static class RawHttpRequestPropertiesActor extends ActorBase<Map<String, Object>> {
    @Override
    protected Map<String, Object> initialState() {
      return Map.of();
    }

    @Override
    protected HttpResponse onRequest(HttpRequest request) {
      if (request.method().equals("HEAD")) return new HttpResponse(200, Map.of(), new byte[0]);
      if (request.method().equals("OPTIONS")) return new HttpResponse(204, Map.of(), new byte[0]);
      StringBuilder search = new StringBuilder();
      Map<String, String> params = new LinkedHashMap<>();
      for (Map.Entry<String, List<String>> e : request.query().entrySet()) {
        for (String v : e.getValue()) {
          search.append(search.length() == 0 ? '?' : '&').append(e.getKey()).append('=').append(v);
          params.putIfAbsent(e.getKey(), v);
        }
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("url", "http://actor" + request.path() + search);
      out.put("pathname", request.path());
      out.put("search", search.toString());
      out.put("searchParams", params);
      out.put("method", request.method());
      out.put("headers", request.headers());
      out.put("body", request.body().length == 0 ? null
          : new String(request.body(), StandardCharsets.UTF_8));
      return HttpResponse.json(200, out);
    }
  }
}
