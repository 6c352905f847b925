/**
 * <b>Internal, not an API</b>: how the runtime sees actor classes (their actions, hooks and types,
 * resolved once to method handles) and binds a run to an instance. Public only because the engine
 * lives in another module; it changes without notice. Actor code and examples never import it
 * (held by the server module's {@code ArchitectureTest}).
 */
package dev.rivulet.actor.internal;
