package io.fedcredit.crypto;

/**
 * Access token required by every method that exposes secret key material (private-key bytes,
 * prime factors). It carries no power of its own: it exists so that each place that reads secrets
 * says so in a way that is easy to find with {@code grep InsecureSecretKeyAccess} in a review.
 *
 * <p>Pass {@link #get()} only from code that must persist or export a private key, and never log
 * what such a method returns.
 */
public final class InsecureSecretKeyAccess {
  private static final InsecureSecretKeyAccess INSTANCE = new InsecureSecretKeyAccess();

  private InsecureSecretKeyAccess() {}

  /** Returns the token. Every call site is a place where secret key material leaves its wrapper. */
  public static InsecureSecretKeyAccess get() {
    return INSTANCE;
  }

  /** Throws {@link NullPointerException} with a clear message when the token is missing. */
  public static void require(InsecureSecretKeyAccess access) {
    if (access == null) {
      throw new NullPointerException(
          "reading secret key material needs InsecureSecretKeyAccess.get()");
    }
  }
}
