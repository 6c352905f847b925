package dev.rivulet.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.records.JournalRecord;
import dev.rivulet.records.RecordCodec;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Fetches an actor's journal from a gateway's history API, page by page, for the {@link
 * Replayer}:
 *
 * <pre>{@code
 * List<JournalRecord> history = HistoryClient.fetch("http://localhost:8080", "counter/demo");
 * Replayer.Result result = new Replayer(List.of(Counter.class)).replay(history);
 * }</pre>
 */
public final class HistoryClient {
  private static final int PAGE = 1_000;

  private HistoryClient() {}

  /** Every journal record of {@code actorId} ({@code name/key}), in order. */
  public static List<JournalRecord> fetch(String gatewayUrl, String actorId) {
    return fetch(gatewayUrl, actorId, Long.MAX_VALUE, (n, total) -> {});
  }

  /** The journal records of {@code actorId} up to step {@code to}, telling how many came so far. */
  public static List<JournalRecord> fetch(String gatewayUrl, String actorId, long to,
      Replayer.Progress progress) {
    return fetch(gatewayUrl, null, actorId, to, progress);
  }

  /**
   * The same from a gateway whose admin API needs a token ({@code adminToken}, sent as {@code
   * Authorization: Bearer}; null for none).
   */
  public static List<JournalRecord> fetch(String gatewayUrl, String adminToken, String actorId,
      long to, Replayer.Progress progress) {
    int slash = actorId.indexOf('/');
    if (slash < 0) throw new IllegalArgumentException("an actor id is name/key, got " + actorId);
    String base = gatewayUrl.replaceAll("/+$", "") + "/api/actors/"
        + URLEncoder.encode(actorId.substring(0, slash), StandardCharsets.UTF_8) + "/"
        + URLEncoder.encode(actorId.substring(slash + 1), StandardCharsets.UTF_8).replace("+", "%20")
        + "/history";
    HttpClient http = HttpClient.newHttpClient();
    List<JournalRecord> records = new ArrayList<>();
    long from = 1;
    while (from <= to) {
      JsonNode page = get(http, base + "?from=" + from + "&limit=" + PAGE, adminToken);
      for (JsonNode r : page.path("records")) {
        JournalRecord record = RecordCodec.mapper().convertValue(r, JournalRecord.class);
        if (record.seq() > to) return records;
        records.add(record);
      }
      progress.at(records.size(), (int) Math.min(Integer.MAX_VALUE, page.path("last").asLong()));
      if (page.path("next").isNull() || page.path("records").isEmpty()) break;
      from = page.path("next").asLong();
    }
    return records;
  }

  private static JsonNode get(HttpClient http, String url, String adminToken) {
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
          .timeout(Duration.ofSeconds(60)).GET();
      if (adminToken != null) request.header("Authorization", "Bearer " + adminToken);
      HttpResponse<byte[]> r = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      JsonNode body = RecordCodec.decodeTree(r.body());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("GET " + url + " answered " + r.statusCode() + ": "
            + body.path("message").asText(new String(r.body(), StandardCharsets.UTF_8)));
      }
      return body;
    } catch (IOException e) {
      throw new IllegalStateException("cannot reach " + url + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
