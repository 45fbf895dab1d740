package io.fedcredit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.proto.CoordinatorGrpc;
import io.fedcredit.proto.UpdateChunk;
import io.fedcredit.proto.UpdateHeader;
import io.fedcredit.proto.UpdateKind;
import io.fedcredit.proto.ValuesChunk;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScalingAttackTest {

  /** A channel whose calls record what is sent on them. */
  private static final class Recording extends Channel {
    final List<Object> sent = new ArrayList<>();

    @Override
    public <ReqT, RespT> ClientCall<ReqT, RespT> newCall(
        MethodDescriptor<ReqT, RespT> method, CallOptions options) {
      return new ClientCall<>() {
        @Override
        public void start(Listener<RespT> listener, Metadata headers) {}

        @Override
        public void request(int n) {}

        @Override
        public void cancel(String message, Throwable cause) {}

        @Override
        public void halfClose() {}

        @Override
        public void sendMessage(ReqT message) {
          sent.add(message);
        }
      };
    }

    @Override
    public String authority() {
      return "test";
    }
  }

  private static List<Object> send(ScalingAttack attack, UpdateKind kind) {
    Recording channel = new Recording();
    ClientCall<UpdateChunk, ?> call = attack.interceptor().interceptCall(
        CoordinatorGrpc.getSubmitUpdateMethod(), CallOptions.DEFAULT, channel);
    call.sendMessage(UpdateChunk.newBuilder()
        .setHeader(UpdateHeader.newBuilder().setKind(kind).setLength(3)).build());
    call.sendMessage(UpdateChunk.newBuilder().setValues(ValuesChunk.newBuilder()
        .addValues(1).addValues(-2).addValues(0.5)).build());
    return channel.sent;
  }

  @Test
  void scalesTheValuesOfAModelDeltaUpload() {
    List<Object> sent = send(ScalingAttack.parse("scale:100", List.of("bank-a")),
        UpdateKind.MODEL_DELTA);
    assertEquals(2, sent.size());
    assertEquals(List.of(100.0, -200.0, 50.0),
        ((UpdateChunk) sent.get(1)).getValues().getValuesList());
  }

  @Test
  void leavesOtherUploadsAlone() {
    List<Object> sent = send(ScalingAttack.parse("scale:100", List.of("bank-a")),
        UpdateKind.FEATURE_MOMENTS);
    assertEquals(List.of(1.0, -2.0, 0.5),
        ((UpdateChunk) sent.get(1)).getValues().getValuesList());
  }

  @Test
  void parsesAndValidates() {
    assertEquals(-1, ScalingAttack.parse(" SCALE:-1 ", List.of("b", "a")).factor());
    assertEquals("scale:100.0 by [a, b]",
        ScalingAttack.parse("scale:100", List.of("b", "a")).describe());
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> ScalingAttack.parse("noise:3", List.of("a"))).getMessage().contains("scale:FACTOR"));
    assertThrows(IllegalArgumentException.class, () -> ScalingAttack.parse("scale:x",
        List.of("a")));
    assertThrows(IllegalArgumentException.class, () -> ScalingAttack.parse("scale:1",
        List.of("a")));
    assertThrows(IllegalArgumentException.class, () -> ScalingAttack.parse("scale:100",
        List.of()));
  }
}
