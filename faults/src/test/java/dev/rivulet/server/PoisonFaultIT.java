package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.actor.ActorBase;
import dev.rivulet.gateway.Gateway;
import dev.rivulet.gateway.GatewayConfig;
import dev.rivulet.records.Topics;
import dev.rivulet.server.testing.ActorKeys;
import dev.rivulet.server.testing.Await;
import dev.rivulet.server.testing.ExactlyOnce;
import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.JvmProcess;
import dev.rivulet.server.testing.KafkaTopics;
import dev.rivulet.server.testing.RivuletProcess;
import dev.rivulet.server.testing.SteadyLoad;
import dev.rivulet.server.testing.TempDirs;
import dev.rivulet.server.testing.TopicReader;
import dev.rivulet.server.testing.WsProbe;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Poison never blocks the actors behind it. Under a steady load on actors sharing the poisoned
 * inbox partition (and on others), with a client calling an action that always throws: records no
 * engine can read are written to every topic the engine reads (the inbox, the journal it indexes,
 * the effects it runs, the gateways' heartbeats, keyed by the live gateway) and to the outbox the
 * gateway reads. The engine (its own JVM) dead-letters the unreadable inbox records, answers every
 * throwing call with the same stable error and keeps none of its changes, keeps the live gateway's
 * connections, and every actor keeps answering; every acknowledged action is applied exactly
 * once.
 */
class PoisonFaultIT {
  private static final int PARTITIONS = 4;
  private static final Duration SETTLE = Duration.ofSeconds(90);
  private static final Duration GATEWAY_TIMEOUT = Duration.ofSeconds(4);
  private static final List<Class<? extends ActorBase<?>>> ACTORS = Stream.concat(
      TestActors.ALL.stream(), ModelActors.ALL.stream()).toList();

  @Test
  void poisonAndAnAlwaysThrowingActionBlockNoActor() throws Exception {
    String bootstrap = EmbeddedBroker.shared().bootstrapServers();
    String app = "poison-" + Long.toHexString(System.nanoTime());
    Topics topics = new Topics(app);
    JvmProcess engine = RivuletProcess.engine("poisoned-engine", bootstrap, app,
        TempDirs.create("rivulet-poison-"), ACTORS, "--partitions", String.valueOf(PARTITIONS),
        "--gateway-timeout", GATEWAY_TIMEOUT.toMillis() + "ms");
    Gateway gateway = Gateway.start(new GatewayConfig().bootstrapServers(bootstrap)
        .application(app).port(0).gatewayId("gw-poisoned"));
    String url = "http://127.0.0.1:" + gateway.port();
    HttpProbe http = new HttpProbe(url);
    // Behind the poison: actors on its partition (0), and one on each other partition.
    List<String> keys = new ArrayList<>(ActorKeys.onPartition("tally", "p", PARTITIONS, 0, 4));
    for (int p = 1; p < PARTITIONS; p++) keys.add(ActorKeys.onPartition("tally", "o", PARTITIONS, p, 1).get(0));
    String poisoned = keys.get(0);
    String thrower = ActorKeys.onPartition("tally", "t", PARTITIONS, 0, 1).get(0);
    String params = URLEncoder.encode("{\"user\":\"ada\",\"token\":\"secret\"}",
        StandardCharsets.UTF_8).replace("+", "%20");
    Map<String, Integer> throwerAnswers = new TreeMap<>();
    CountDownLatch stopThrowing = new CountDownLatch(1);
    Thread throwing = new Thread(() -> {
      HttpProbe own = new HttpProbe(url);
      try {
        while (!stopThrowing.await(50, TimeUnit.MILLISECONDS)) { // pacing
          HttpProbe.Response r = own.action("tally", thrower, "addThenCrash", "[1]");
          synchronized (throwerAnswers) {
            throwerAnswers.merge(r.status() + " " + r.errorCode(), 1, Integer::sum);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "always-throwing");
    try (SteadyLoad load = SteadyLoad.start(() -> url, "tally", keys, "add", "[1]",
            Duration.ofMillis(20));
        WsProbe member = WsProbe.connect(url.replace("http", "ws")
            + "/api/actors/lobby/poison/connect", "rivet", "rivet_encoding.json",
            "rivet_conn_params." + params);
        KafkaProducer<String, byte[]> producer = KafkaTopics.producer(bootstrap)) {
      member.awaitTag("Init");
      throwing.start();
      awaitProgress(load, keys, System.nanoTime());

      long poisonedAt = System.nanoTime();
      byte[] garbage = "\u0000not json{".getBytes(StandardCharsets.UTF_8);
      String actor = "tally/" + poisoned;
      // The inbox: unreadable, another actor's record under this key, no value at all.
      producer.send(new ProducerRecord<>(topics.inbox(), actor, garbage));
      producer.send(new ProducerRecord<>(topics.inbox(), actor, ("{\"kind\":\"action\","
          + "\"actor\":\"tally/elsewhere\",\"replyTo\":{\"gateway\":\"g\",\"requestId\":\"r\"},"
          + "\"mode\":\"get\",\"action\":\"add\",\"args\":[1]}").getBytes(StandardCharsets.UTF_8)));
      producer.send(new ProducerRecord<>(topics.inbox(), actor, null));
      // What the engine reads besides: its journal, its effects, the gateways' heartbeats.
      producer.send(new ProducerRecord<>(topics.journal(), actor, garbage));
      producer.send(new ProducerRecord<>(topics.effects(), actor, garbage));
      producer.send(new ProducerRecord<>(topics.gateways(), gateway.id(), garbage));
      // And what the gateway reads: its outbox, on every partition.
      for (var p : producer.partitionsFor(topics.outbox())) {
        producer.send(new ProducerRecord<>(topics.outbox(), p.partition(), gateway.id(), garbage));
      }
      producer.flush();

      // Every actor keeps answering, through more than a gateway timeout.
      awaitProgress(load, keys, System.nanoTime());
      long checkedFrom = System.nanoTime();
      Await.until("two gateway timeouts to pass", SETTLE, () -> System.nanoTime() - checkedFrom
          > 2 * GATEWAY_TIMEOUT.toNanos());
      awaitProgress(load, keys, System.nanoTime());
      long longest = load.longestWaitMillis(keys, poisonedAt, System.nanoTime());
      System.out.printf("poison: the longest wait for an answer after the poison was %d ms%n",
          longest);
      assertThat(longest).as("longest wait for an answer, ms").isLessThan(10_000);

      // The live gateway's connection is still there (its heartbeats were not misread).
      assertThat(http.action("lobby", "poison", "roster", "[]").json().at("/output/present")
          .toString()).isEqualTo("[\"ada\"]");
      member.action(1, "whoAmI", "[]");
      assertThat(member.await(f -> f.path("body").path("tag").asText().equals("ActionResponse"),
          SETTLE).at("/body/val/output").asText()).isEqualTo("ada");

      List<TopicReader.Rec> dead = TopicReader.readUntil(bootstrap, topics.deadLetter(), SETTLE,
          rs -> rs.size() >= 3);
      assertThat(dead).hasSize(3).allSatisfy(r -> assertThat(r.headers())
          .containsKey("rivulet.error"));

      stopThrowing.countDown();
      throwing.join(TimeUnit.SECONDS.toMillis(60));
      // The throwing action: the same stable error every time, none of its changes kept.
      System.out.printf("poison: the always-throwing action answered %s%n", throwerAnswers);
      assertThat(throwerAnswers).containsOnlyKeys("500 core.internal_error");
      assertThat(http.action("tally", thrower, "total", "[]").json().path("output").asLong())
          .isZero();
      // The garbage written to the journal is no step of the actor's: the check passes it over.
      ExactlyOnce.verify("poison", load, keys, "tally", "add", "total", http, bootstrap, app);
      assertThat(engine.alive()).isTrue();
    } finally {
      stopThrowing.countDown();
      gateway.close();
      engine.close();
    }
  }

  private static void awaitProgress(SteadyLoad load, List<String> keys, long since) {
    Await.until("every actor to answer", SETTLE,
        () -> keys.stream().allMatch(k -> load.answeredSince(k, since) >= 5));
  }
}
