package io.fedcredit.crypto.psi;

/** The two parties of a vertical job's intersection. */
public enum PsiRole {
  /** The label holder (a bank). */
  GUEST,
  /** The feature holder (the platform's data node). */
  HOST;

  /** The other role. */
  public PsiRole peer() {
    return this == GUEST ? HOST : GUEST;
  }
}
