package dev.rivulet.server;

import static dev.rivulet.server.Fuzzing.WAIT;
import static dev.rivulet.server.Fuzzing.b;
import static dev.rivulet.server.Fuzzing.encodePath;
import static dev.rivulet.server.Fuzzing.encodeQuery;
import static dev.rivulet.server.Fuzzing.headerValue;
import static dev.rivulet.server.Fuzzing.preview;
import static dev.rivulet.server.Fuzzing.readUntil;
import static dev.rivulet.server.HttpFuzz.errorCode;

import dev.rivulet.server.testing.Mutator;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The fuzzer's SSE inputs: event streams asked for with mutated requests. */
final class SseFuzz {
  private final String base;
  private final HttpClient http;
  private final FuzzTally tally;

  SseFuzz(String base, HttpClient http, FuzzTally tally) {
    this.base = base;
    this.http = http;
    this.tally = tally;
  }

  /** One event stream opened with a mutated path, query or {@code Last-Event-ID}. */
  void stream(Mutator m) throws Exception {
    String path = "/api/actors/tally/fzs" + m.random().nextInt(4) + "/events";
    String query = m.pick(List.of("", "lastEventId=1", "events=changed", "lastEventId=0&events="
        + "changed,shout"));
    Map<String, String> headers = new LinkedHashMap<>();
    int what = m.random().nextInt(4);
    if (what == 0) path = m.mutate(path);
    else if (what == 1) query = m.mutate(query);
    else if (what == 2) headers.put("Last-Event-ID", m.mutate("3"));
    tally.tried("sse");
    URI uri = URI.create(base + encodePath(path) + (query.isEmpty() ? "" : "?"
        + encodeQuery(query)));
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(WAIT).GET();
    headers.forEach((name, value) -> b.header(name, headerValue(value)));
    HttpResponse<InputStream> r;
    try {
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      tally.problem("sse: no answer", uri + ": " + e);
      return;
    }
    try (InputStream in = r.body()) {
      tally.answered("sse " + r.statusCode());
      boolean stream = r.headers().firstValue("content-type").orElse("")
          .startsWith("text/event-stream");
      if (r.statusCode() == 200 && !stream) return; // a mutated path that is another GET route
      if (r.statusCode() == 200) {
        // The first event, then leave: the stream is endless.
        String first = readUntil(in, "\n\n", 4_096);
        if (!first.contains("event: rivulet.connected")) {
          tally.problem("sse: a stream without its first event", uri + " -> " + first);
        }
        return;
      }
      byte[] body = in.readAllBytes();
      tally.checkCode("sse", errorCode(r.headers().firstValue("content-type").orElse(""), body, null),
          uri + " -> " + r.statusCode() + " " + preview(body));
    }
  }
}
