package dev.rivulet.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;

/** The gateway's settings, with defaults fit for one machine. Mutable. */
public final class GatewayConfig {
  private String bootstrapServers;
  private String application = "rivulet";
  private String gatewayId = "gw-" + UUID.randomUUID().toString().substring(0, 8);
  private String host = "127.0.0.1";
  private int port = 8080;
  private long maxBodyBytes = 1 << 20;
  private int maxWsMessageBytes = 64 << 10;
  private Duration actionTimeout = Duration.ofSeconds(60);
  private boolean readUncommitted = true;
  private Duration sseHeartbeat = Duration.ofSeconds(15);
  private Duration heartbeatInterval = Duration.ofSeconds(2);
  private List<String> allowedOrigins = Cors.LOCAL;
  private String adminToken;
  private int adminPort = -1;
  private String adminHost = "127.0.0.1";
  private boolean adminOpen;
  private Authenticator authenticator;
  private int maxConnectionsPerAddress = 1000;
  private int maxMessagesPerSecond = 1000;
  private int maxRequestsPerSecond = 0;
  private List<String> trustedProxies = List.of();
  private long maxOutgoingBufferBytes = 4L << 20;
  private LocalReads localReads;
  private MeterRegistry meterRegistry;
  private final Map<String, Object> kafkaProperties = new LinkedHashMap<>();

  /** Kafka's bootstrap servers. Required. */
  public GatewayConfig bootstrapServers(String servers) {
    this.bootstrapServers = Objects.requireNonNull(servers);
    return this;
  }

  /** The application's name (default {@code rivulet}); the same as the engine's. */
  public GatewayConfig application(String name) {
    this.application = Objects.requireNonNull(name);
    return this;
  }

  /**
   * This gateway's id (default {@code gw-} and 8 random hex digits): the key of its outbox records.
   * Every running gateway needs its own.
   */
  public GatewayConfig gatewayId(String id) {
    this.gatewayId = Objects.requireNonNull(id);
    return this;
  }

  /** The interface to listen on (default {@code 127.0.0.1}; {@code 0.0.0.0} for all). */
  public GatewayConfig host(String host) {
    this.host = Objects.requireNonNull(host);
    return this;
  }

  /** The port (default 8080; 0 picks a free one). */
  public GatewayConfig port(int port) {
    this.port = port;
    return this;
  }

  /** The largest HTTP request body (default 1 MiB); larger ones get 413. */
  public GatewayConfig maxBodyBytes(long bytes) {
    this.maxBodyBytes = bytes;
    return this;
  }

  /** The largest WebSocket message from a client (default 64 KiB, as RivetKit). */
  public GatewayConfig maxWsMessageBytes(int bytes) {
    this.maxWsMessageBytes = bytes;
    return this;
  }

  /** How long a request waits for its reply (default 60 s) before {@code actor.action_timed_out}. */
  public GatewayConfig actionTimeout(Duration timeout) {
    this.actionTimeout = Objects.requireNonNull(timeout);
    return this;
  }

  /**
   * Whether the gateway reads the outbox {@code read_uncommitted} (default {@code true}): replies
   * leave as soon as the engine produced them instead of after its next commit. Safe because the
   * engine is deterministic: the gateway drops the duplicates an aborted transaction leaves.
   */
  public GatewayConfig readUncommitted(boolean readUncommitted) {
    this.readUncommitted = readUncommitted;
    return this;
  }

  /** How often an idle SSE stream gets a comment line, to detect closed clients (default 15 s). */
  public GatewayConfig sseHeartbeat(Duration interval) {
    this.sseHeartbeat = Objects.requireNonNull(interval);
    return this;
  }

  /**
   * How often the gateway tells the engines it is alive (default 2 s); keep it well under the
   * engines' gateway timeout (15 s by default).
   */
  public GatewayConfig heartbeatInterval(Duration interval) {
    this.heartbeatInterval = Objects.requireNonNull(interval);
    return this;
  }

  /**
   * Where the gateway's meters go (default: a Prometheus registry of its own). {@code GET /metrics}
   * serves the Prometheus registry in it (itself, or one inside a composite registry); give the
   * engine of the same process the same registry and it shows both.
   */
  public GatewayConfig meterRegistry(MeterRegistry registry) {
    this.meterRegistry = Objects.requireNonNull(registry);
    return this;
  }

  /**
   * A Kafka client setting given to every client the gateway creates (its inbox producer, its
   * outbox and journal consumers): TLS ({@code security.protocol=SSL}, {@code ssl.truststore.*},
   * {@code ssl.keystore.*}), SASL ({@code security.protocol=SASL_SSL}, {@code sasl.mechanism},
   * {@code sasl.jaas.config}) and the like. The gateway's own choices for a client (acks,
   * isolation level, timeouts) are set over these, and {@link #bootstrapServers(String)} over
   * {@code bootstrap.servers}.
   */
  public GatewayConfig kafkaProperty(String key, Object value) {
    kafkaProperties.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
    return this;
  }

  /** Every entry of {@code properties} as a {@link #kafkaProperty(String, Object)}. */
  public GatewayConfig kafkaProperties(Map<String, ?> properties) {
    properties.forEach(this::kafkaProperty);
    return this;
  }

  /** The {@link #kafkaProperty(String, Object) client settings} given so far, read-only. */
  public Map<String, Object> kafkaProperties() {
    return Collections.unmodifiableMap(kafkaProperties);
  }

  /** The configured meter registry, or null when unset. */
  public MeterRegistry meterRegistry() {
    return meterRegistry;
  }

  String bootstrapServers() {
    if (bootstrapServers == null) throw new IllegalStateException("bootstrapServers is required");
    return bootstrapServers;
  }

  /** What every Kafka client of the gateway starts from: the client settings and the servers. */
  Properties clientProperties() {
    Properties p = new Properties();
    p.putAll(kafkaProperties);
    p.put("bootstrap.servers", bootstrapServers());
    return p;
  }

  /**
   * The origins of browser pages that may call the gateway (CORS, with credentials, as RivetKit's
   * client needs): exact ({@code https://app.example.com}), with a port wildcard ({@code
   * http://localhost:*}), or {@code *} for any. Default: pages on this machine ({@code
   * http://localhost:*}, {@code http://127.0.0.1:*}, {@code http://[::1]:*}).
   */
  public GatewayConfig allowedOrigins(List<String> origins) {
    this.allowedOrigins = List.copyOf(origins);
    return this;
  }

  /** The origins of browser pages that may call the gateway. */
  public List<String> allowedOrigins() {
    return allowedOrigins;
  }

  // ---------------------------------------------------------------------------- access

  /**
   * The admin API's token (default none): a request of the admin API (history, state, diff, fork,
   * the actor lists, destroy by URL, the inspector's data, metrics) must then bear {@code
   * Authorization: Bearer <token>}, on whichever listener serves it. Without a token, an {@link
   * #adminPort admin port} or {@link #adminOpen}, the admin API is closed.
   */
  public GatewayConfig adminToken(String token) {
    this.adminToken = token == null || token.isBlank() ? null : token;
    return this;
  }

  /** The admin API's token, or null. */
  public String adminToken() {
    return adminToken;
  }

  /**
   * A listener of its own for the admin API (default -1: none; 0: any free port), on {@link
   * #adminHost}: it serves every route, the admin API to whoever reaches it, and the main
   * listener then serves none of the admin API. With an {@link #adminToken} as well, both serve
   * it to holders of the token only. Keep the port off the public network (the compose files do
   * not publish it).
   */
  public GatewayConfig adminPort(int port) {
    this.adminPort = port;
    return this;
  }

  /** The admin listener's port, or -1 for none. */
  public int adminPort() {
    return adminPort;
  }

  /** The interface the admin listener listens on (default {@code 127.0.0.1}). */
  public GatewayConfig adminHost(String host) {
    this.adminHost = Objects.requireNonNull(host);
    return this;
  }

  /** The interface the admin listener listens on. */
  public String adminHost() {
    return adminHost;
  }

  /**
   * Development only (default false; {@code ./rivulet} sets it): without an admin token or port,
   * the admin API is served without a token to requests from this machine's loopback addresses,
   * and the gateway says so when it starts. Behind a reverse proxy on the same machine every
   * request comes from loopback: never use it there.
   */
  public GatewayConfig adminOpen(boolean open) {
    this.adminOpen = open;
    return this;
  }

  /** Whether the admin API is open to this machine without a token. */
  public boolean adminOpen() {
    return adminOpen;
  }

  /**
   * The one authentication hook of the client API (default none: every client is anonymous and
   * the actors decide): it runs for every HTTP request, WebSocket and SSE stream of the client API
   * and says who the caller is, or refuses it. See {@link Authenticator}, {@link Authenticators}.
   */
  public GatewayConfig authenticator(Authenticator authenticator) {
    this.authenticator = authenticator;
    return this;
  }

  /** The client API's authenticator, or null. */
  public Authenticator authenticator() {
    return authenticator;
  }

  // ---------------------------------------------------------------------------- limits

  /**
   * How many WebSockets and SSE streams one client address may hold at once (default 1,000; 0:
   * no limit); more are refused with {@code gateway.too_many_connections}. Behind a proxy, every
   * client has the proxy's address: raise it there.
   */
  public GatewayConfig maxConnectionsPerAddress(int connections) {
    this.maxConnectionsPerAddress = connections;
    return this;
  }

  /** How many connections one client address may hold (0: no limit). */
  public int maxConnectionsPerAddress() {
    return maxConnectionsPerAddress;
  }

  /**
   * How many messages per second one WebSocket may send (default 1,000, with bursts of as many;
   * 0: no limit); a connection going faster is closed with {@code gateway.rate_limited}.
   */
  public GatewayConfig maxMessagesPerSecond(int messages) {
    this.maxMessagesPerSecond = messages;
    return this;
  }

  /** How many messages per second one connection may send (0: no limit). */
  public int maxMessagesPerSecond() {
    return maxMessagesPerSecond;
  }

  /**
   * How many HTTP requests per second one client address may make on the client API (default 0:
   * no limit; bursts of as many): a request over it is answered 429 {@code gateway.rate_limited}
   * with {@code Retry-After: 1}. {@code /health} and the admin listener are not counted. The
   * address is the one the gateway sees, or behind {@link #trustedProxies trusted proxies} the
   * client's they forward.
   */
  public GatewayConfig maxRequestsPerSecond(int requests) {
    this.maxRequestsPerSecond = requests;
    return this;
  }

  /** How many HTTP requests per second one client address may make (0: no limit). */
  public int maxRequestsPerSecond() {
    return maxRequestsPerSecond;
  }

  /**
   * The proxies in front of the gateway whose {@code X-Forwarded-For} header is believed (default
   * none: the header is ignored), as IP addresses or CIDR ranges ({@code 10.0.0.0/8}, {@code
   * ::1}). A request from one of them counts, for the per-address limits, the admin API's loopback
   * rule ({@link #adminOpen}) and the authenticator's {@code remoteAddress}, as a request of the
   * nearest address in that header that is not a trusted proxy's. Trust only proxies that set or
   * append the header themselves: anyone who may connect from a trusted address can claim any
   * client address.
   *
   * @throws IllegalArgumentException for an entry that is neither an IP address nor a CIDR range
   */
  public GatewayConfig trustedProxies(List<String> ranges) {
    List<String> copy = ranges.stream().map(String::trim).filter(r -> !r.isEmpty()).toList();
    ClientAddress.trusting(copy); // refuses a bad entry now, not at the first request
    this.trustedProxies = copy;
    return this;
  }

  /** The proxies whose {@code X-Forwarded-For} is believed; empty: none. */
  public List<String> trustedProxies() {
    return trustedProxies;
  }

  /**
   * How many bytes may wait to be written to one connection (default 4 MiB; 0: no limit): a
   * client that stops reading is dropped ({@code gateway.slow_consumer}) once its events pile up
   * past it, and the others are not held up.
   */
  public GatewayConfig maxOutgoingBufferBytes(long bytes) {
    this.maxOutgoingBufferBytes = bytes;
    return this;
  }

  /** How many bytes may wait to be written to one connection (0: no limit). */
  public long maxOutgoingBufferBytes() {
    return maxOutgoingBufferBytes;
  }

  /**
   * An engine in this JVM that answers eligible read-only HTTP action calls from its state store
   * (see {@link LocalReads}); unset, every call goes through Kafka. {@code RivuletServer} sets it
   * when it runs both the engine and the gateway.
   */
  public GatewayConfig localReads(LocalReads reads) {
    this.localReads = reads;
    return this;
  }

  LocalReads localReads() {
    return localReads;
  }

  String application() {
    return application;
  }

  String gatewayId() {
    return gatewayId;
  }

  /** The interface it listens on. */
  public String host() {
    return host;
  }

  /** The port it listens on (0: any free one). */
  public int port() {
    return port;
  }

  /** The largest HTTP request body. */
  public long maxBodyBytes() {
    return maxBodyBytes;
  }

  /** The largest WebSocket message from a client. */
  public int maxWsMessageBytes() {
    return maxWsMessageBytes;
  }

  /** How long a request waits for its reply. */
  public Duration actionTimeout() {
    return actionTimeout;
  }

  /** Whether the outbox is read {@code read_uncommitted}. */
  public boolean readUncommitted() {
    return readUncommitted;
  }

  /** How often the gateway tells the engines it is alive. */
  public Duration heartbeatInterval() {
    return heartbeatInterval;
  }

  /** How often an idle SSE stream gets a comment line. */
  public Duration sseHeartbeat() {
    return sseHeartbeat;
  }

  // ---------------------------------------------------------------------------- static files

  /** A directory served as it is, under a URL path. */
  record StaticFiles(String urlPath, String directory, boolean onClassPath) {}

  private final List<StaticFiles> staticFiles = new ArrayList<>();

  /**
   * Serves the files of a directory as they are under {@code urlPath} (GET and HEAD; a
   * directory's {@code index.html} for its path with a trailing {@code /}): a web app's build,
   * next to the actors it calls, so its pages need no CORS. The gateway's own routes win over a
   * file of the same path. {@code directory} is a directory of the file system, or {@code
   * classpath:<dir>} for resources on the class path (in a jar).
   *
   * @throws IllegalArgumentException when {@code urlPath} does not start with {@code /}, or the
   *     file-system directory does not exist
   */
  public GatewayConfig staticFiles(String urlPath, String directory) {
    if (!urlPath.startsWith("/")) {
      throw new IllegalArgumentException("static files: the URL path must start with /, got "
          + urlPath);
    }
    if (directory.startsWith("classpath:")) {
      staticFiles.add(new StaticFiles(urlPath, directory.substring("classpath:".length()), true));
    } else {
      if (!Files.isDirectory(Path.of(directory))) {
        throw new IllegalArgumentException("static files: " + directory + " is not a directory");
      }
      staticFiles.add(new StaticFiles(urlPath, Path.of(directory).toAbsolutePath().toString(),
          false));
    }
    return this;
  }

  List<StaticFiles> staticFiles() {
    return List.copyOf(staticFiles);
  }
}
