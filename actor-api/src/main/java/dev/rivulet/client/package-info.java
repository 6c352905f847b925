/**
 * The typed Java client: {@link dev.rivulet.client.RivuletClient} gives handles to actors whose
 * methods are your actor's interface, called over HTTP, or over a WebSocket with {@link
 * dev.rivulet.client.ActorConnection} (events included).
 */
package dev.rivulet.client;
