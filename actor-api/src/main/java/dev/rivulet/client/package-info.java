/**
 * The typed Java client: {@link dev.rivulet.client.RivuletClient} gives handles to actors whose
 * methods are your actor's interface, called over HTTP, or over a WebSocket with {@link
 * dev.rivulet.client.ActorConnection} (events included). A connection reconnects by itself when
 * its socket drops, restores its subscriptions and resumes the events it missed ({@link
 * dev.rivulet.client.ConnectionOptions}, {@link dev.rivulet.client.ConnectionStatus}).
 */
package dev.rivulet.client;
