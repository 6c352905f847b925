package dev.rivulet.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headless Chromium driven over the DevTools protocol from Java: open a page, evaluate JavaScript
 * in it, wait for a condition on what it shows. No browser download and no Node: it uses the
 * system's {@code chromium} (Debian package {@code chromium}).
 */
public final class Chromium implements AutoCloseable {
  private static final Path BINARY = Path.of("/usr/bin/chromium");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

  private final Process process;
  private final WebSocket page;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> calls = new ConcurrentHashMap<>();

  /** Whether a Chromium is installed where this class looks for it. */
  public static boolean available() {
    return Files.isExecutable(BINARY);
  }

  public Chromium() throws Exception {
    Path profile = TempDirs.create("rivulet-chromium-");
    process = new ProcessBuilder(BINARY.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-quic", "--no-first-run", "--remote-debugging-port=0",
        "--user-data-dir=" + profile, "about:blank")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    CompletableFuture<String> browser = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader err = new BufferedReader(
          new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = err.readLine()) != null; ) {
          Matcher m = LISTENING.matcher(line);
          if (m.find()) browser.complete(m.group(1));
        }
        browser.completeExceptionally(new IllegalStateException("chromium exited"));
      } catch (IOException e) {
        browser.completeExceptionally(e);
      }
    }, "chromium-stderr");
    reader.setDaemon(true);
    reader.start();
    URI devtools = URI.create(browser.get(60, TimeUnit.SECONDS));
    HttpClient http = HttpClient.newHttpClient();
    String list = http.send(HttpRequest.newBuilder(
            URI.create("http://" + devtools.getAuthority() + "/json/list")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    String target = null;
    for (JsonNode t : JSON.readTree(list)) {
      if (t.path("type").asText().equals("page")) target = t.path("webSocketDebuggerUrl").asText();
    }
    if (target == null) throw new IllegalStateException("no page in chromium: " + list);
    page = http.newWebSocketBuilder().buildAsync(URI.create(target), new Listener()).get(30, TimeUnit.SECONDS);
    call("Runtime.enable", JSON.createObjectNode());
    call("Page.enable", JSON.createObjectNode());
  }

  /** Opens {@code url} and waits for the document to load. */
  public void open(String url) {
    ObjectNode params = JSON.createObjectNode().put("url", url);
    call("Page.navigate", params);
    waitFor("document.readyState === 'complete' && location.href === " + JSON.valueToTree(url),
        Duration.ofSeconds(30));
  }

  /** Evaluates {@code expression} (awaiting a promise) and returns its value as JSON. */
  public JsonNode eval(String expression) {
    ObjectNode params = JSON.createObjectNode()
        .put("expression", expression).put("returnByValue", true).put("awaitPromise", true);
    JsonNode result = call("Runtime.evaluate", params);
    if (result.has("exceptionDetails")) {
      throw new IllegalStateException("page error: " + result.path("exceptionDetails"));
    }
    return result.path("result").path("value");
  }

  /** The text of the first element matching {@code selector}, or null. */
  public String text(String selector) {
    JsonNode v = eval("(() => { const e = document.querySelector(" + JSON.valueToTree(selector)
        + "); return e ? e.textContent : null; })()");
    return v.isNull() || v.isMissingNode() ? null : v.asText();
  }

  /** Clicks the first element matching {@code selector}. */
  public void click(String selector) {
    eval("document.querySelector(" + JSON.valueToTree(selector) + ").click()");
  }

  /** Waits until {@code condition} (JavaScript) is true in the page. */
  public void waitFor(String condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonNode v;
      try {
        v = eval("!!(" + condition + ")");
      } catch (IllegalStateException e) {
        v = JSON.getNodeFactory().booleanNode(false);
      }
      if (v.asBoolean()) return;
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the page never showed: " + condition + "\npage: "
            + eval("document.body ? document.body.innerText : ''").asText());
      }
      try {
        Thread.sleep(50); // polling the page; the condition is the wait, not the sleep
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private synchronized JsonNode call(String method, ObjectNode params) {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    calls.put(id, reply);
    ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
    message.set("params", params);
    page.sendText(message.toString(), true).join();
    try {
      JsonNode r = reply.get(30, TimeUnit.SECONDS);
      if (r.has("error")) throw new IllegalStateException(method + " failed: " + r.path("error"));
      return r.path("result");
    } catch (IllegalStateException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(method + " got no answer", e);
    } finally {
      calls.remove(id);
    }
  }

  @Override
  public void close() {
    try {
      page.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    } catch (RuntimeException e) {
      // the browser is going anyway
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          JsonNode message = JSON.readTree(partial.toString());
          CompletableFuture<JsonNode> call = message.has("id") ? calls.get(message.get("id").asInt()) : null;
          if (call != null) call.complete(message);
        } catch (IOException e) {
          // not for us
        }
        partial.setLength(0);
      }
      ws.request(1);
      return null;
    }
  }
}
