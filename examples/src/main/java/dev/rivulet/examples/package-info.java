/**
 * The example actors the launcher serves (listed by {@link dev.rivulet.examples.ExampleActors}),
 * each written only against {@code dev.rivulet.actor}, as an application would be.
 */
package dev.rivulet.examples;
