package dev.rivulet.server.testing;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * A Docker Compose project of the repository's compose files, under a name of its own so that it
 * touches nothing else on the engine: {@code up}, {@code kill}, {@code restart}, and {@code down
 * -v} with a check that nothing of it is left. Runs {@code docker compose} (v2) where the engine's
 * CLI has it, else {@code docker-compose} (Debian's 1.29).
 */
public final class Compose implements AutoCloseable {
  private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(6);

  private final String project;
  private final List<String> base;
  private final Map<String, String> env;

  private Compose(String project, List<String> base, Map<String, String> env) {
    this.project = project;
    this.base = base;
    this.env = env;
  }

  /**
   * A project named {@code <prefix>-<random>} of {@code files} (relative to the working
   * directory), with {@code env} for the files' variables (ports, images).
   */
  public static Compose project(String prefix, Map<String, String> env, Path... files) {
    String project = (prefix + "-" + UUID.randomUUID().toString().substring(0, 8))
        .toLowerCase(Locale.ROOT);
    List<String> base = new ArrayList<>(cli());
    base.addAll(List.of("-p", project));
    for (Path file : files) base.addAll(List.of("-f", file.toAbsolutePath().toString()));
    return new Compose(project, base, Map.copyOf(env));
  }

  /** The compose command line this engine has: {@code docker compose} or {@code docker-compose}. */
  public static List<String> cli() {
    if (Docker.run(Duration.ofSeconds(20), List.of("docker", "compose", "version")).exit() == 0) {
      return List.of("docker", "compose");
    }
    return List.of("docker-compose");
  }

  /** Whether there is a compose command line at all. */
  public static boolean available() {
    try {
      List<String> cli = new ArrayList<>(cli());
      cli.add("version");
      return Docker.run(Duration.ofSeconds(20), cli).exit() == 0;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** {@code count} free TCP ports of this host, for the files' published ports. */
  public static List<Integer> freePorts(int count) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) sockets.add(new ServerSocket(0));
      return sockets.stream().map(ServerSocket::getLocalPort).toList();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    } finally {
      for (ServerSocket s : sockets) {
        try {
          s.close();
        } catch (java.io.IOException e) {
          // closing a socket we only opened for its port
        }
      }
    }
  }

  /** The project's name (its containers, networks and volumes carry it). */
  public String name() {
    return project;
  }

  /** {@code up -d [services]}: returns once compose started them (and waited for what they need). */
  public void up(String... services) {
    Docker.Result up = compose(concat(List.of("up", "-d"), services));
    if (up.exit() != 0) {
      throw new AssertionError("up failed: " + up.out() + "\nthe services' last log lines:\n"
          + logs(30) + "\nhealth: " + Docker.run(Duration.ofSeconds(30), List.of("docker", "ps",
          "-a", "--filter", "label=com.docker.compose.project=" + project, "--format",
          "{{.Names}} {{.Status}}")).out());
    }
  }

  /** The id of {@code service}'s container. */
  public String containerId(String service) {
    String id = compose(List.of("ps", "-q", service)).ok();
    if (id.isEmpty()) throw new AssertionError(service + " has no container in " + project);
    return id.lines().findFirst().orElseThrow();
  }

  /**
   * {@code docker kill}: SIGKILL, no goodbye. Returns the {@link System#nanoTime()} just before
   * the signal was asked for (the container's id is looked up first: compose is slow to start).
   */
  public long kill(String service) {
    return docker(service, "kill");
  }

  /** {@code docker start} of a stopped (or killed) service's container; when it was asked for. */
  public long start(String service) {
    return docker(service, "start");
  }

  /** {@code docker restart}: a graceful stop, then a start; when it was asked for. */
  public long restart(String service) {
    return docker(service, "restart");
  }

  private long docker(String service, String command) {
    String id = containerId(service);
    long asked = System.nanoTime();
    Docker.docker(command, id);
    return asked;
  }

  /** The container's health ({@code starting}, {@code healthy}, {@code unhealthy}) or state. */
  public String health(String service) {
    return Docker.docker("inspect", "--format",
        "{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}",
        containerId(service));
  }

  /** The container's address on the project's network. */
  public String address(String service) {
    return Docker.docker("inspect", "--format",
        "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", containerId(service));
  }

  /** The last {@code lines} lines of the services' logs (all services when none named). */
  public String logs(int lines, String... services) {
    return compose(concat(List.of("logs", "--no-color", "--tail", String.valueOf(lines)),
        services)).out();
  }

  /**
   * What is left of the project on the engine: containers, volumes and networks labelled with its
   * name, one line each (empty after {@link #close()}).
   */
  public List<String> leftovers() {
    String label = "label=com.docker.compose.project=" + project;
    List<String> left = new ArrayList<>();
    for (String[] kind : new String[][] {
        {"ps", "-a", "--filter", label, "--format", "container {{.Names}}"},
        {"volume", "ls", "--filter", label, "--format", "volume {{.Name}}"},
        {"network", "ls", "--filter", label, "--format", "network {{.Name}}"}}) {
      Docker.docker(kind).lines().filter(l -> !l.isBlank()).forEach(left::add);
    }
    return left;
  }

  /** Writes every service's log to {@code file} (for a look after the test; CI keeps target/). */
  public void saveLogs(Path file) {
    try {
      java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
      java.nio.file.Files.writeString(file, compose(List.of("logs", "--no-color",
          "--timestamps")).out());
    } catch (java.io.IOException e) {
      System.out.println("cannot write " + file + ": " + e);
    }
  }

  /** {@code down -v}: stops and removes the containers, the network and the volumes. */
  @Override
  public void close() {
    compose(List.of("down", "-v", "--remove-orphans", "-t", "20")).ok();
  }

  private Docker.Result compose(List<String> args) {
    List<String> command = new ArrayList<>(base);
    command.addAll(args);
    Map<String, String> environment = new LinkedHashMap<>(env);
    return Docker.run(COMMAND_TIMEOUT, command, environment);
  }

  private static List<String> concat(List<String> head, String... tail) {
    List<String> all = new ArrayList<>(head);
    all.addAll(Arrays.asList(tail));
    return all;
  }
}
