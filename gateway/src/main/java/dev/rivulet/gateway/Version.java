package dev.rivulet.gateway;

/** The version of Rivulet, from the jar's manifest when packaged. */
final class Version {
  static final String VERSION = find();

  private Version() {}

  private static String find() {
    String v = Version.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
