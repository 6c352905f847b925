/**
 * What you write actors against: {@link dev.rivulet.actor.Actor} and {@link
 * dev.rivulet.actor.Action} on a subclass of {@link dev.rivulet.actor.ActorBase}, the {@link
 * dev.rivulet.actor.ActorContext} an action sees (time, randomness, schedules, other actors,
 * effects, connections, publishing to Kafka topics), {@link dev.rivulet.actor.UserError} for
 * errors clients may see, {@link dev.rivulet.actor.ActorCatalog} to list your actors for the
 * launcher, and {@link dev.rivulet.actor.TopicSubscription} and {@link
 * dev.rivulet.actor.TopicOutput} for the Kafka topics of yours they read and write. No Kafka in
 * here: decoders and encoders are plain functions (a Kafka serde's methods fit them).
 */
package dev.rivulet.actor;
