package dev.rivulet.actor;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * An action an actor scheduled for itself.
 *
 * @param id the schedule's id, to cancel it
 * @param at when it is due
 * @param action the action to run
 * @param args its arguments, as JSON
 */
public record ScheduledAction(String id, Instant at, String action, JsonNode args) {}
