package dev.rivulet.examples;

/** The counter's actions as a client sees them; {@link Counter} implements it. */
public interface CounterApi {
  /** Adds {@code amount} and returns the new count; broadcasts {@code newCount}. */
  long increment(long amount);

  /** The current count. */
  long getCount();
}
