package dev.rivulet.server.testing;

import dev.rivulet.actor.ActorBase;
import dev.rivulet.server.EmbeddedBroker;
import dev.rivulet.server.RivuletServer;
import dev.rivulet.server.ServerConfig;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Starts an engine and a gateway for one test class on the JVM's shared embedded broker, under an
 * application name of its own, so test classes never see each other's topics and one JVM starts
 * one broker. Its gateway serves the admin API to this machine ({@code adminOpen}), as {@code
 * ./rivulet} does.
 */
public final class TestStack {
  private TestStack() {}

  /** A server running {@code actors}, its gateway on a free port. */
  public static RivuletServer start(List<Class<? extends ActorBase<?>>> actors) {
    return start(actors, c -> {});
  }

  /** A server running {@code actors}, after {@code customize} changed its configuration. */
  public static RivuletServer start(
      List<Class<? extends ActorBase<?>>> actors, Consumer<ServerConfig> customize) {
    EmbeddedBroker broker = EmbeddedBroker.shared();
    ServerConfig config = new ServerConfig()
        .dataDir(TempDirs.create("rivulet-test-"))
        .bootstrapServers(broker.bootstrapServers())
        .application("t-" + UUID.randomUUID().toString().substring(0, 8))
        .actors(actors)
        // Tests reach the admin API (history, state, destroy, metrics) from this machine.
        .gateway(g -> g.port(0).adminOpen(true));
    customize.accept(config);
    return RivuletServer.start(config);
  }
}
