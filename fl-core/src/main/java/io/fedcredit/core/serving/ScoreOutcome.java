package io.fedcredit.core.serving;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How scoring one applicant ended: scored with a decision, or one of the typed failures, never a
 * silent default. Java 17 code switches on {@link #kind()}; each failure names the data node at
 * fault.
 */
public sealed interface ScoreOutcome permits ScoreOutcome.Scored, ScoreOutcome.EnterpriseUnknown,
    ScoreOutcome.DataNodeUnavailable, ScoreOutcome.DeadlineExceeded,
    ScoreOutcome.ModelVersionMismatch {

  /** The kinds of outcome. */
  enum Kind {
    /** Scored: probability, points, decision and reason codes. */
    SCORED,
    /** A data node holds no features for the enterprise. */
    ENTERPRISE_UNKNOWN,
    /** A data node could not be reached, refused the call or failed. */
    DATA_NODE_UNAVAILABLE,
    /** A data node did not answer before the deadline. */
    DEADLINE_EXCEEDED,
    /** A data node does not serve this model id and version, or serves another schema under it. */
    MODEL_VERSION_MISMATCH
  }

  /** Which kind this is. */
  Kind kind();

  /** Whether the applicant was scored. */
  default boolean scored() {
    return kind() == Kind.SCORED;
  }

  /** The data node at fault, or an empty string when scored. */
  String dataNode();

  /** What happened, for logs and the audit line (empty when scored). */
  String detail();

  /**
   * A score and its decision.
   *
   * @param decision against the configured cut-off
   * @param probabilityOfDefault the model's probability of default
   * @param score the score in points (higher is safer)
   * @param reasons the features that cost the applicant most points, largest loss first
   */
  record Scored(Decision decision, double probabilityOfDefault, double score,
      List<ReasonCode> reasons) implements ScoreOutcome {
    public Scored {
      Objects.requireNonNull(decision, "decision");
      reasons = List.copyOf(reasons);
    }

    @Override
    public Kind kind() {
      return Kind.SCORED;
    }

    @Override
    public String dataNode() {
      return "";
    }

    @Override
    public String detail() {
      return "";
    }
  }

  /**
   * The data node holds no features for the enterprise: no score (not a default of zero).
   *
   * @param dataNode the data node's party id
   */
  record EnterpriseUnknown(String dataNode) implements ScoreOutcome {
    @Override
    public Kind kind() {
      return Kind.ENTERPRISE_UNKNOWN;
    }

    @Override
    public String detail() {
      return "the data node holds no features for this enterprise";
    }
  }

  /**
   * The data node could not be reached, refused the call, or failed.
   *
   * @param dataNode the data node's party id
   * @param detail the gRPC status and its description
   */
  record DataNodeUnavailable(String dataNode, String detail) implements ScoreOutcome {
    @Override
    public Kind kind() {
      return Kind.DATA_NODE_UNAVAILABLE;
    }
  }

  /**
   * The data node did not answer within the deadline.
   *
   * @param dataNode the data node's party id
   * @param deadline the time the call was given
   */
  record DeadlineExceeded(String dataNode, Duration deadline) implements ScoreOutcome {
    @Override
    public Kind kind() {
      return Kind.DEADLINE_EXCEEDED;
    }

    @Override
    public String detail() {
      return "no answer within " + deadline.toMillis() + " ms";
    }
  }

  /**
   * The data node does not serve the bank's model id and version, or answers for another schema
   * under them.
   *
   * @param dataNode the data node's party id
   * @param detail what the data node said or what did not match
   */
  record ModelVersionMismatch(String dataNode, String detail) implements ScoreOutcome {
    @Override
    public Kind kind() {
      return Kind.MODEL_VERSION_MISMATCH;
    }
  }

  /** A decision against the cut-off. */
  enum Decision {
    APPROVE,
    DECLINE
  }

  /**
   * A reason code: a feature and the points it cost the applicant (against the feature's best
   * bin in a scorecard, against its training mean in plain hetero LR).
   *
   * @param feature the bank's feature name, or {@code <data node>/<feature>}
   * @param pointsLost positive
   */
  record ReasonCode(String feature, double pointsLost) {}
}
