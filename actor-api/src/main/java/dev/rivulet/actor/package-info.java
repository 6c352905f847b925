/**
 * What you write actors against: {@link dev.rivulet.actor.Actor} and {@link
 * dev.rivulet.actor.Action} on a subclass of {@link dev.rivulet.actor.ActorBase}, the {@link
 * dev.rivulet.actor.ActorContext} an action sees (time, randomness, schedules, other actors,
 * effects, connections), {@link dev.rivulet.actor.UserError} for errors clients may see, and
 * {@link dev.rivulet.actor.ActorCatalog} to list your actors for the launcher. No Kafka in here.
 */
package dev.rivulet.actor;
