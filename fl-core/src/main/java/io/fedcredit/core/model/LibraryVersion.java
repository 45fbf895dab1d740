package io.fedcredit.core.model;

/** The FedCredit version and the runtime, for provenance and the join handshake. */
public final class LibraryVersion {
  private LibraryVersion() {}

  /** The version from the jar manifest, or {@code dev} when running from classes. */
  public static String get() {
    String v = LibraryVersion.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /** JVM and OS, e.g. {@code Java 17.0.15 (Debian) on Linux amd64}. */
  public static String runtime() {
    return "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor")
        + ") on " + System.getProperty("os.name") + " " + System.getProperty("os.arch");
  }
}
