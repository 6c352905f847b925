/**
 * Running Rivulet: {@link dev.rivulet.server.RivuletServer} starts an embedded Kafka broker
 * ({@link dev.rivulet.server.EmbeddedBroker}), an engine and a gateway in one process, or any of
 * them alone ({@link dev.rivulet.server.ServerConfig}); {@link dev.rivulet.server.RivuletMain} is
 * the launcher behind {@code ./rivulet} and the container image, whose options read their
 * defaults from the engine's and gateway's config classes.
 */
package dev.rivulet.server;
