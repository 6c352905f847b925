package dev.rivulet.server.tsnames;

/** A top-level record named like the declaration's {@code Input} helper. */
public record Input(int value) {}
