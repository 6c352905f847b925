package dev.rivulet.client;

/** A registered event handler; closing it removes the handler. */
public interface Subscription extends AutoCloseable {
  /** Stops calling the handler. */
  @Override
  void close();
}
