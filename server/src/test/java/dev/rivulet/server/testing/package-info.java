/**
 * The test harness, published as the server module's test jar: {@link
 * dev.rivulet.server.testing.TestStack} starts a real stack (one embedded broker per test JVM)
 * with the actors a test needs, and the probes speak to its gateway over real HTTP ({@link
 * dev.rivulet.server.testing.HttpProbe}), WebSocket ({@link dev.rivulet.server.testing.WsProbe})
 * and SSE ({@link dev.rivulet.server.testing.SseProbe}); {@link dev.rivulet.server.testing.Await}
 * waits for conditions instead of sleeping.
 */
package dev.rivulet.server.testing;
