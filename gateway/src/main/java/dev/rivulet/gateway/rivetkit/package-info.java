/**
 * RivetKit's client protocol as data: the messages its JavaScript client ({@code rivetkit} on npm)
 * and RivetKit's servers exchange, and their three encodings ({@code json}, {@code cbor} and
 * {@code bare}), with the pieces of an HTTP request that address an actor ({@code rvt-*} query
 * parameters, the REST key form, WebSocket subprotocols).
 *
 * <p>Pure code: nothing here touches a socket, Kafka or another gateway class. {@link
 * dev.rivulet.gateway.rivetkit.ClientProtocol} encodes and decodes every message; the records it
 * reads and writes hold user values (arguments, outputs, event arguments, error metadata) as
 * Jackson {@link com.fasterxml.jackson.databind.JsonNode}s, converted the way RivetKit converts
 * JavaScript values ({@link dev.rivulet.gateway.rivetkit.UserValues}). Malformed input is a
 * {@link dev.rivulet.gateway.rivetkit.RivetKitProtocolException} with a stable group and code.
 *
 * <p>The contract these classes implement is written down in {@code docs/rivetkit-protocol.md}.
 * This package is the gateway's own: its types are public only so that the gateway's package can
 * use them; they are not a user-facing API.
 */
package dev.rivulet.gateway.rivetkit;
