package io.fedcredit.crypto.psi;

/**
 * Thrown when a party's own id list holds the same id twice. The rows are named, the id is not
 * (ids are private records). Deduplicate the input before the intersection.
 */
public class DuplicateIdException extends PsiException {
  private static final long serialVersionUID = 1L;
  private final int firstRow;
  private final int secondRow;

  /** Creates the exception for two rows that hold the same id. */
  public DuplicateIdException(int firstRow, int secondRow) {
    super("rows " + firstRow + " and " + secondRow + " hold the same id; a PSI input must list "
        + "each id once (deduplicate it first)");
    this.firstRow = firstRow;
    this.secondRow = secondRow;
  }

  /** The first row holding the id. */
  public int firstRow() {
    return firstRow;
  }

  /** The later row holding the same id. */
  public int secondRow() {
    return secondRow;
  }
}
