package io.fedcredit.examples;

import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.data.RowIndex;
import io.fedcredit.proto.PartialResult;
import io.fedcredit.proto.PartialScoreRequest;
import io.fedcredit.proto.PartialScoreResponse;
import io.fedcredit.proto.ScoreOutcomeKind;
import io.fedcredit.proto.ScoreRequest;
import io.fedcredit.proto.ScoreResponse;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The floor of the scoring benchmark: a bare two-hop gRPC echo with the same messages, the same
 * transport and the same tuning as online scoring, but no model. The caller sends the relay a
 * {@code ScoreRequest}; the relay asks every lookup service in parallel for the enterprise id
 * (a {@code PartialScoreRequest}); each lookup finds the row in a {@link RowIndex} and answers a
 * {@code PartialScoreResponse} holding the row's first value; the relay answers a
 * {@code ScoreResponse} with their sum. No scorecard, no reasons, no audit line.
 */
final class EchoFloor {
  static final MethodDescriptor<PartialScoreRequest, PartialScoreResponse> LOOKUP =
      MethodDescriptor.<PartialScoreRequest, PartialScoreResponse>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName("fedcredit.bench.Lookup/Get")
          .setRequestMarshaller(ProtoUtils.marshaller(PartialScoreRequest.getDefaultInstance()))
          .setResponseMarshaller(ProtoUtils.marshaller(PartialScoreResponse.getDefaultInstance()))
          .build();

  static final MethodDescriptor<ScoreRequest, ScoreResponse> RELAY =
      MethodDescriptor.<ScoreRequest, ScoreResponse>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName("fedcredit.bench.Relay/Get")
          .setRequestMarshaller(ProtoUtils.marshaller(ScoreRequest.getDefaultInstance()))
          .setResponseMarshaller(ProtoUtils.marshaller(ScoreResponse.getDefaultInstance()))
          .build();

  private EchoFloor() {}

  /** The lookup service over a table. */
  static ServerServiceDefinition lookup(FeatureTable table) {
    RowIndex index = RowIndex.of(table);
    return ServerServiceDefinition.builder("fedcredit.bench.Lookup")
        .addMethod(LOOKUP, ServerCalls.asyncUnaryCall((request, responses) -> {
          PartialScoreResponse.Builder out = PartialScoreResponse.newBuilder();
          for (String id : request.getEnterpriseIdsList()) {
            int row = index.row(id);
            out.addResults(row < 0 ? PartialResult.newBuilder().setKnown(false)
                : PartialResult.newBuilder().setKnown(true).setLogOdds(table.value(row, 0)));
          }
          responses.onNext(out.build());
          responses.onCompleted();
        }))
        .build();
  }

  /** The relay service, asking every lookup channel in parallel under the call's deadline. */
  static ServerServiceDefinition relay(List<Channel> lookups, long deadlineMs) {
    return ServerServiceDefinition.builder("fedcredit.bench.Relay")
        .addMethod(RELAY, ServerCalls.asyncUnaryCall((request, responses) -> {
          PartialScoreRequest ask = PartialScoreRequest.newBuilder()
              .addEnterpriseIds(request.getEnterpriseId()).build();
          Deadline d = Deadline.after(deadlineMs, TimeUnit.MILLISECONDS);
          Deadline outer = Context.current().getDeadline();
          CallOptions options = CallOptions.DEFAULT.withDeadline(
              outer != null && outer.isBefore(d) ? outer : d);
          AtomicInteger remaining = new AtomicInteger(lookups.size());
          double[] sum = new double[1];
          boolean[] failed = new boolean[1];
          for (Channel c : lookups) {
            ClientCalls.asyncUnaryCall(c.newCall(LOOKUP, options), ask, new StreamObserver<>() {
              @Override
              public void onNext(PartialScoreResponse r) {
                synchronized (sum) {
                  sum[0] += r.getResults(0).getLogOdds();
                }
              }

              @Override
              public void onError(Throwable t) {
                synchronized (sum) {
                  failed[0] = true;
                }
                done();
              }

              @Override
              public void onCompleted() {
                done();
              }

              private void done() {
                if (remaining.decrementAndGet() > 0) {
                  return;
                }
                synchronized (sum) {
                  if (failed[0]) {
                    responses.onError(Status.UNAVAILABLE.withDescription("a lookup failed")
                        .asRuntimeException());
                    return;
                  }
                  responses.onNext(ScoreResponse.newBuilder()
                      .setEnterpriseId(request.getEnterpriseId())
                      .setOutcome(ScoreOutcomeKind.SCORED).setScore(sum[0]).build());
                }
                responses.onCompleted();
              }
            });
          }
        }))
        .build();
  }
}
