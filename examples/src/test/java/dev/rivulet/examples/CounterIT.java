package dev.rivulet.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.client.ActorConnection;
import dev.rivulet.client.RivuletClient;
import dev.rivulet.server.RivuletServer;
import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.SseProbe;
import dev.rivulet.server.testing.TestStack;
import dev.rivulet.server.testing.WsProbe;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The counter example, end to end: HTTP, WebSocket, SSE and the typed client. */
class CounterIT {
  static RivuletServer server;
  static HttpProbe http;

  @BeforeAll
  static void start() {
    server = TestStack.start(List.of(Counter.class, ChatRoom.class));
    http = new HttpProbe(server.url());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void theQuickStartCalls() {
    assertThat(http.action("counter", "demo", "increment", "[5]").text()).isEqualTo("{\"output\":5}");
    assertThat(http.action("counter", "demo", "increment", "[5]").text()).isEqualTo("{\"output\":10}");
    assertThat(http.action("counter", "demo", "getCount", "[]").text()).isEqualTo("{\"output\":10}");
  }

  @Test
  void incrementsAreBroadcastAsNewCountToSocketsAndSse() throws Exception {
    String ws = server.url().replace("http", "ws") + "/api/actors/counter/live/connect";
    try (WsProbe socket = WsProbe.connect(ws);
        SseProbe sse = new SseProbe(server.url() + "/api/actors/counter/live/events")) {
      socket.awaitTag("Init");
      sse.await("rivulet.connected");
      socket.subscribe("newCount");
      socket.action(0, "increment", "[2]");
      assertThat(socket.awaitTag("Event").path("body").path("val").toString())
          .startsWith("{\"name\":\"newCount\",\"args\":[2],\"id\":");
      assertThat(sse.await("newCount").data()).isEqualTo("[2]");
    }
  }

  @Test
  void theTypedClientUsesCounterApi() throws Exception {
    RivuletClient client = RivuletClient.create(server.url());
    var counter = client.actor("counter", CounterApi.class).getOrCreate("typed");
    assertThat(counter.api().increment(3)).isEqualTo(3);
    BlockingQueue<Long> counts = new LinkedBlockingQueue<>();
    try (ActorConnection<CounterApi> conn = counter.connect()) {
      conn.on("newCount", Long.class, counts::add);
      assertThat(conn.api().increment(4)).isEqualTo(7);
      assertThat(counts.poll(20, TimeUnit.SECONDS)).isEqualTo(7);
      assertThat(conn.api().getCount()).isEqualTo(7);
    }
  }
}
