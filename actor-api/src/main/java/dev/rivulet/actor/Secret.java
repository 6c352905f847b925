package dev.rivulet.actor;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks connection params, or parts of them, as secret: they are never kept. Put it on a
 * component (or field) of the params type to hide that property, or on the params type (or on the
 * parameter of {@code onBeforeConnect}) to hide the whole params:
 *
 * <pre>{@code
 * record Login(String user, @Secret String password) {}
 *
 * protected void onBeforeConnect(Login params) {       // sees the password
 *   if (!passwords.matches(params.user(), params.password())) throw new UserError("forbidden", "...");
 * }
 * protected Member createConnState(Login params) {     // params.password() is null here
 *   return new Member(params.user());
 * }
 * }</pre>
 *
 * <p>A secret part reaches {@code onBeforeConnect} only, in the step that opens the connection.
 * Everywhere else it is null: in {@code createConnState}, in {@code conn.params()}, in the journal
 * (the request and the connection's {@code open}, which names the hidden parts in {@code secret}),
 * in the stored actor and its snapshots. The inbox record that carries the connect to the engine
 * holds it as sent. A replay has no secret to give {@code onBeforeConnect}: it does not run it for
 * an actor whose params have secret parts (the journal shows the connection was accepted), so
 * what {@code onBeforeConnect} changes besides accepting does not replay. Top-level properties
 * only.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.TYPE, ElementType.PARAMETER})
public @interface Secret {}
