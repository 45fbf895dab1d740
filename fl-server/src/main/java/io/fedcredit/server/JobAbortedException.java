package io.fedcredit.server;

import io.fedcredit.core.FedCreditException;

/** A job ended without completing its rounds (too few participants, no statistics, ...). */
public final class JobAbortedException extends FedCreditException {
  private static final long serialVersionUID = 1L;
  private final String jobId;

  public JobAbortedException(String jobId, String reason) {
    super("job " + jobId + " aborted: " + reason);
    this.jobId = jobId;
  }

  public String jobId() {
    return jobId;
  }
}
