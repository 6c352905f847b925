package dev.rivulet.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.rivulet.records.ActorId;
import dev.rivulet.records.OutboxRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Events reach this gateway's connections of the actor once each, in order, never older ones. */
class LocalConnectionsTest {
  private static final ActorId A = ActorId.of("counter", "a");
  private static final ActorId B = ActorId.of("counter", "b");

  /** A connection that records what it was given. */
  private record FakeConnection(String connId, ActorId actor, List<String> received)
      implements ClientConnection {
    FakeConnection(String connId, ActorId actor) {
      this(connId, actor, new ArrayList<>());
    }

    @Override
    public void deliver(OutgoingEvent event) {
      received.add(event.name() + "#" + event.eventSeq() + event.args());
    }

    @Override
    public void closeByServer(String reason) {
      received.add("closed: " + reason);
    }

    @Override
    public String transport() {
      return connId.startsWith("sse") ? "sse" : "websocket";
    }

    @Override
    public RequestTrace trace() {
      return null;
    }
  }

  private final LocalConnections connections = new LocalConnections();

  private static OutboxRecord.Event event(ActorId actor, long seq, List<String> connIds) {
    return new OutboxRecord.Event(actor, seq, "newCount",
        JsonNodeFactory.instance.arrayNode().add(seq * 10), connIds);
  }

  @Test
  void anEventReachesEveryConnectionOfItsActorOnly() {
    FakeConnection a1 = add("c1", A);
    FakeConnection a2 = add("c2", A);
    FakeConnection b1 = add("c3", B);

    connections.deliver(event(A, 1, null));

    assertThat(a1.received()).containsExactly("newCount#1[10]");
    assertThat(a2.received()).containsExactly("newCount#1[10]");
    assertThat(b1.received()).isEmpty();
  }

  /** A connection that records the events it was given and the threads that gave them. */
  private static final class Watched implements ClientConnection {
    final String connId;
    final List<Long> events = new ArrayList<>();
    final List<String> threads = new ArrayList<>();

    Watched(String connId) {
      this.connId = connId;
    }

    @Override
    public void deliver(OutgoingEvent event) {
      events.add(event.eventSeq());
      threads.add(Thread.currentThread().getName());
    }

    @Override
    public String connId() {
      return connId;
    }

    @Override
    public ActorId actor() {
      return A;
    }

    @Override
    public String transport() {
      return "websocket";
    }

    @Override
    public RequestTrace trace() {
      return null;
    }

    @Override
    public void closeByServer(String reason) {}
  }

  @Test
  void aLargeRoomsBroadcastIsWrittenBySeveralThreadsEachConnectionInOrder() {
    try (LocalConnections shared = new LocalConnections(3)) {
      List<Watched> room = new ArrayList<>();
      for (int i = 0; i < 1_000; i++) {
        Watched c = new Watched("c" + i);
        room.add(c);
        shared.add(c);
      }
      for (long seq = 1; seq <= 30; seq++) {
        shared.deliver(event(A, seq, null));
        long delivered = seq;
        // deliver returns once every connection has it: the next outbox record waits for that
        assertThat(room).allSatisfy(c -> assertThat(c.events).hasSize((int) delivered));
      }
      List<Long> inOrder = new ArrayList<>();
      for (long seq = 1; seq <= 30; seq++) inOrder.add(seq);
      assertThat(room).allSatisfy(c -> assertThat(c.events).isEqualTo(inOrder));
      Set<String> threads = new HashSet<>();
      room.forEach(c -> threads.addAll(c.threads));
      assertThat(threads).hasSize(3).contains(Thread.currentThread().getName());
    }
  }

  @Test
  void aSmallRoomsBroadcastAndEventsToChosenConnectionsStayOnTheCallersThread() {
    try (LocalConnections shared = new LocalConnections(3)) {
      List<Watched> room = new ArrayList<>();
      for (int i = 0; i < LocalConnections.SHARED_FROM - 1; i++) {
        Watched c = new Watched("c" + i);
        room.add(c);
        shared.add(c);
      }
      shared.deliver(event(A, 1, null));
      shared.add(new Watched("one more"));
      shared.deliver(event(A, 2, List.of("c1", "c2")));
      assertThat(room.get(1).events).containsExactly(1L, 2L);
      assertThat(room.get(3).events).containsExactly(1L);
      assertThat(room).allSatisfy(c -> assertThat(c.threads)
          .containsOnly(Thread.currentThread().getName()));
    }
  }

  @Test
  void openConnectionsAreCountedByTransport() {
    FakeConnection ws = add("c1", A);
    add("c2", B);
    FakeConnection sse = add("sse1", A);
    connections.add(ws); // already there
    assertThat(connections.active("websocket")).isEqualTo(2);
    assertThat(connections.active("sse")).isEqualTo(1);

    connections.remove(ws);
    connections.remove(ws);
    connections.remove(sse);
    assertThat(connections.active("websocket")).isEqualTo(1);
    assertThat(connections.active("sse")).isZero();
    assertThat(connections.count()).isEqualTo(1);
  }

  @Test
  void duplicateAndOlderSequenceNumbersAreDropped() {
    FakeConnection c = add("c1", A);

    connections.deliver(event(A, 1, null));
    connections.deliver(event(A, 1, null));
    connections.deliver(event(A, 3, null));
    connections.deliver(event(A, 2, null));
    connections.deliver(event(A, 3, null));
    connections.deliver(event(A, 4, null));

    assertThat(c.received()).containsExactly("newCount#1[10]", "newCount#3[30]", "newCount#4[40]");
  }

  @Test
  void sequenceNumbersAreTrackedPerActor() {
    FakeConnection a = add("c1", A);
    FakeConnection b = add("c2", B);

    connections.deliver(event(A, 5, null));
    connections.deliver(event(B, 1, null));
    connections.deliver(event(B, 5, null));

    assertThat(a.received()).containsExactly("newCount#5[50]");
    assertThat(b.received()).containsExactly("newCount#1[10]", "newCount#5[50]");
  }

  @Test
  void connIdsTargetOnlyTheListedConnections() {
    FakeConnection c1 = add("c1", A);
    FakeConnection c2 = add("c2", A);
    FakeConnection c3 = add("c3", A);

    connections.deliver(event(A, 1, List.of("c2", "elsewhere")));
    connections.deliver(event(A, 2, List.of()));
    connections.deliver(event(A, 3, List.of("c1", "c3")));

    assertThat(c1.received()).containsExactly("newCount#3[30]");
    assertThat(c2.received()).containsExactly("newCount#1[10]");
    assertThat(c3.received()).containsExactly("newCount#3[30]");
  }

  @Test
  void aTargetedEventAlsoAdvancesTheActorsSequence() {
    FakeConnection c1 = add("c1", A);
    add("c2", A);

    connections.deliver(event(A, 2, List.of("c2")));
    connections.deliver(event(A, 1, null));

    assertThat(c1.received()).isEmpty();
  }

  @Test
  void anEventForAnActorWithoutConnectionsHereIsIgnored() {
    FakeConnection b = add("c1", B);
    connections.deliver(event(A, 1, null));
    assertThat(b.received()).isEmpty();
    assertThat(connections.count(A)).isZero();
  }

  @Test
  void removingOneConnectionKeepsTheOthersAndTheSequence() {
    FakeConnection c1 = add("c1", A);
    FakeConnection c2 = add("c2", A);
    connections.deliver(event(A, 5, null));

    connections.remove(c1);
    connections.deliver(event(A, 5, null));
    connections.deliver(event(A, 6, null));

    assertThat(connections.count(A)).isEqualTo(1);
    assertThat(c1.received()).containsExactly("newCount#5[50]");
    assertThat(c2.received()).containsExactly("newCount#5[50]", "newCount#6[60]");
  }

  @Test
  void removingTheLastConnectionForgetsTheActor() {
    FakeConnection c1 = add("c1", A);
    connections.deliver(event(A, 5, null));
    connections.remove(c1);
    assertThat(connections.count(A)).isZero();

    FakeConnection again = add("c2", A);
    connections.deliver(event(A, 1, null));

    assertThat(again.received()).containsExactly("newCount#1[10]");
  }

  @Test
  void removingAnUnknownConnectionChangesNothing() {
    add("c1", A);
    connections.remove(new FakeConnection("c9", A));
    connections.remove(new FakeConnection("c1", B));
    assertThat(connections.count(A)).isEqualTo(1);
    assertThat(connections.count(B)).isZero();
  }

  @Test
  void countsConnectionsPerActorAndInTotal() {
    add("c1", A);
    add("c2", A);
    add("c3", B);
    assertThat(connections.count(A)).isEqualTo(2);
    assertThat(connections.count(B)).isEqualTo(1);
    assertThat(connections.count(ActorId.of("counter", "z"))).isZero();
    assertThat(connections.count()).isEqualTo(3);
  }

  private FakeConnection add(String connId, ActorId actor) {
    FakeConnection c = new FakeConnection(connId, actor);
    connections.add(c);
    return c;
  }

  @Test
  void aServerDisconnectClosesOnlyThatConnection() {
    FakeConnection a1 = add("c1", A);
    FakeConnection a2 = add("c2", A);
    connections.disconnect(new OutboxRecord.Disconnect(A, "c2", "kicked"));
    connections.disconnect(new OutboxRecord.Disconnect(B, "c1", "wrong actor"));
    assertThat(a1.received()).isEmpty();
    assertThat(a2.received()).containsExactly("closed: kicked");
  }
}
