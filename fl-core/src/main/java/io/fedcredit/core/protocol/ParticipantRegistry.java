package io.fedcredit.core.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Membership of one job: who joined, who left, when each was last heard from. A participant is
 * available while it has joined, not left, and polled within the liveness window. Not
 * thread-safe; the protocol that owns it serializes access.
 */
public final class ParticipantRegistry {
  private final long livenessMillis;
  private final Map<String, Member> members = new LinkedHashMap<>();

  /** @param livenessMillis how long after its last message a participant still counts as available */
  public ParticipantRegistry(long livenessMillis) {
    if (livenessMillis <= 0) {
      throw new IllegalArgumentException("livenessMillis must be positive: " + livenessMillis);
    }
    this.livenessMillis = livenessMillis;
  }

  /** Adds a participant, or marks a returning one as present again. */
  public void join(String id, long now) {
    Member m = members.get(id);
    if (m == null) {
      members.put(id, new Member(now));
    } else {
      m.left = false;
      m.lastSeen = now;
    }
  }

  /** Records that the participant was heard from. */
  public void touch(String id, long now) {
    Member m = members.get(id);
    if (m != null && !m.left) {
      m.lastSeen = Math.max(m.lastSeen, now);
    }
  }

  public void leave(String id) {
    Member m = members.get(id);
    if (m != null) {
      m.left = true;
    }
  }

  /** Joined and not left (whatever its liveness). */
  public boolean isMember(String id) {
    Member m = members.get(id);
    return m != null && !m.left;
  }

  public boolean hasLeft(String id) {
    Member m = members.get(id);
    return m != null && m.left;
  }

  /** Members heard from within the liveness window, in join order. */
  public List<String> available(long now) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Member> e : members.entrySet()) {
      Member m = e.getValue();
      if (!m.left && now - m.lastSeen <= livenessMillis) {
        out.add(e.getKey());
      }
    }
    return out;
  }

  /** Every participant that ever joined, in join order. */
  public List<String> all() {
    return List.copyOf(members.keySet());
  }

  private static final class Member {
    long lastSeen;
    boolean left;

    Member(long now) {
      this.lastSeen = now;
    }
  }
}
