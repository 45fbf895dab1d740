package io.fedcredit.examples;

import io.fedcredit.proto.UpdateChunk;
import io.fedcredit.proto.UpdateKind;
import io.fedcredit.proto.ValuesChunk;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.MethodDescriptor;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * For adversarial simulations only: named banks multiply the model delta they upload by a factor,
 * the model-replacement style attack robust aggregation is meant to withstand. It is not a client
 * option: the attack sits on the attacking banks' gRPC channels as a {@link ClientInterceptor}
 * that rewrites the values of plaintext {@code MODEL_DELTA} uploads on their way out, so
 * {@code BankClient} itself stays honest and knows nothing of it. Masked (secure aggregation) and
 * encrypted (Paillier) uploads cannot be rewritten this way; the simulation refuses the attack
 * with them.
 *
 * @param factor what each delta value is multiplied by, finite and not 1 (e.g. 100, or -1 to flip)
 * @param attackers ids of the banks that attack, at least one
 */
public record ScalingAttack(double factor, Set<String> attackers) {
  public ScalingAttack {
    if (!Double.isFinite(factor) || factor == 1) {
      throw new IllegalArgumentException("attack scale must be finite and not 1: " + factor);
    }
    attackers = Set.copyOf(new TreeSet<>(attackers));
    if (attackers.isEmpty()) {
      throw new IllegalArgumentException("an attack needs at least one attacker (--attackers)");
    }
  }

  /**
   * Parses {@code scale:FACTOR}, e.g. {@code scale:100}.
   *
   * @throws IllegalArgumentException naming the accepted form
   */
  public static ScalingAttack parse(String spec, List<String> attackers) {
    String s = Objects.requireNonNull(spec, "attack").trim().toLowerCase(Locale.ROOT);
    if (!s.startsWith("scale:")) {
      throw new IllegalArgumentException("unknown attack '" + spec + "': use scale:FACTOR, "
          + "e.g. scale:100");
    }
    try {
      return new ScalingAttack(Double.parseDouble(s.substring("scale:".length())),
          new TreeSet<>(attackers));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("attack '" + spec + "': FACTOR is not a number", e);
    }
  }

  /** For logs and reports, e.g. {@code scale:100.0 by [bank-00, bank-01]}. */
  public String describe() {
    return "scale:" + factor + " by " + new TreeSet<>(attackers);
  }

  /** The interceptor to put on an attacking bank's channel. */
  public ClientInterceptor interceptor() {
    return new ClientInterceptor() {
      @Override
      public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
          MethodDescriptor<ReqT, RespT> method, CallOptions options, Channel next) {
        return new ForwardingClientCall.SimpleForwardingClientCall<>(
            next.newCall(method, options)) {
          private boolean delta; // the stream's header announced a plaintext model delta

          @Override
          public void sendMessage(ReqT message) {
            if (message instanceof UpdateChunk chunk) {
              if (chunk.hasHeader()) {
                delta = chunk.getHeader().getKind() == UpdateKind.MODEL_DELTA;
              } else if (delta && chunk.hasValues()) {
                @SuppressWarnings("unchecked")
                ReqT scaled = (ReqT) chunk.toBuilder().setValues(scale(chunk.getValues())).build();
                super.sendMessage(scaled);
                return;
              }
            }
            super.sendMessage(message);
          }
        };
      }
    };
  }

  private ValuesChunk scale(ValuesChunk values) {
    ValuesChunk.Builder b = values.toBuilder().clearValues();
    for (int i = 0; i < values.getValuesCount(); i++) {
      b.addValues(values.getValues(i) * factor);
    }
    return b.build();
  }
}
