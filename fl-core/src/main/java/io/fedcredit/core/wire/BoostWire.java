package io.fedcredit.core.wire;

import com.google.protobuf.ByteString;
import io.fedcredit.core.tree.BoostingConfig;
import io.fedcredit.core.vertical.SecureBoostMessages;
import io.fedcredit.crypto.paillier.Ciphertext;
import io.fedcredit.crypto.paillier.PaillierPublicKey;
import io.fedcredit.proto.BoostGuestHello;
import io.fedcredit.proto.BoostHostFeatures;
import io.fedcredit.proto.BoostLevelReply;
import io.fedcredit.proto.BoostLevelRequest;
import io.fedcredit.proto.BoostNodeHistogram;
import io.fedcredit.proto.BoostPartition;
import io.fedcredit.proto.BoostRouteReply;
import io.fedcredit.proto.BoostRouteRequest;
import io.fedcredit.proto.BoostSettings;
import io.fedcredit.proto.BoostSplitChoice;
import io.fedcredit.proto.BoostSplitResult;
import io.fedcredit.proto.BoostTreeStart;
import io.fedcredit.proto.VerticalPayload;
import java.util.ArrayList;
import java.util.List;

/**
 * The SecureBoost part of {@link VerticalWire}: {@link SecureBoostMessages} to and from their
 * {@code Boost*} payloads, and {@link BoostingConfig} to and from {@code BoostSettings}. The
 * guest's key travels in {@code BoostGuestHello}; whoever encodes or decodes it trusts it, so the
 * host can read the gradients and the guest its own compressed histograms.
 */
final class BoostWire {
  private BoostWire() {}

  static BoostSettings toProto(BoostingConfig c) {
    return BoostSettings.newBuilder().setTrees(c.trees()).setMaxDepth(c.maxDepth())
        .setLearningRate(c.learningRate()).setL2(c.l2()).setGamma(c.gamma())
        .setMinChildWeight(c.minChildWeight()).setMinChildSamples(c.minChildSamples())
        .setRowSample(c.rowSample()).setFeatureSample(c.featureSample())
        .setMaxBins(c.maxBins()).setSeed(c.seed()).build();
  }

  static BoostingConfig fromProto(BoostSettings s) {
    return new BoostingConfig(s.getTrees(), s.getMaxDepth(), s.getLearningRate(), s.getL2(),
        s.getGamma(), s.getMinChildWeight(), s.getMinChildSamples(), s.getRowSample(),
        s.getFeatureSample(), s.getMaxBins(), s.getSeed());
  }

  /** Sets the payload's body when {@code message} is a SecureBoost message. */
  static boolean encode(VerticalWire wire, Object message, VerticalPayload.Builder p) {
    if (message instanceof SecureBoostMessages.GuestHello h) {
      wire.trust(h.key());
      p.setBoostHello(BoostGuestHello.newBuilder().setKey(PaillierWire.toProto(h.key()))
          .setRowBits(h.rowBits()).setTrees(h.trees()));
    } else if (message instanceof SecureBoostMessages.HostFeatures f) {
      var b = BoostHostFeatures.newBuilder().setHost(f.host()).addAllNames(f.names());
      for (int v : f.bins()) {
        b.addBins(v);
      }
      p.setBoostFeatures(b);
    } else if (message instanceof SecureBoostMessages.TreeStart t) {
      var b = BoostTreeStart.newBuilder().setTree(t.tree());
      for (int r : t.rows()) {
        b.addRows(r);
      }
      for (int f : t.features()) {
        b.addFeatures(f);
      }
      if (!t.gradients().isEmpty()) {
        b.setGradients(PaillierWire.toProto(t.gradients().toArray(new Ciphertext[0])));
      }
      p.setBoostTree(b);
    } else if (message instanceof SecureBoostMessages.LevelRequest r) {
      var b = BoostLevelRequest.newBuilder().setTree(r.tree()).setDepth(r.depth())
          .addAllBuild(r.build()).setFinished(r.finished());
      for (SecureBoostMessages.Partition x : r.partitions()) {
        b.addPartitions(BoostPartition.newBuilder().setNode(x.node()).setLeft(x.left())
            .setRight(x.right()).setLeftRows(ByteString.copyFrom(x.leftRows())));
      }
      for (SecureBoostMessages.SplitChoice c : r.choices()) {
        b.addChoices(BoostSplitChoice.newBuilder().setNode(c.node()).setLeft(c.left())
            .setRight(c.right()).setFeature(c.feature()).setBin(c.bin()));
      }
      p.setBoostLevelRequest(b);
    } else if (message instanceof SecureBoostMessages.LevelReply r) {
      var b = BoostLevelReply.newBuilder().setTree(r.tree()).setDepth(r.depth());
      for (SecureBoostMessages.SplitResult x : r.splits()) {
        b.addSplits(BoostSplitResult.newBuilder().setNode(x.node()).setSplitId(x.splitId())
            .setLeftRows(ByteString.copyFrom(x.leftRows())));
      }
      for (SecureBoostMessages.NodeHistogram h : r.histograms()) {
        b.addHistograms(BoostNodeHistogram.newBuilder().setNode(h.node())
            .setNonEmpty(ByteString.copyFrom(h.nonEmpty()))
            .setSums(PaillierWire.toProto(h.sums())));
      }
      p.setBoostLevelReply(b);
    } else if (message instanceof SecureBoostMessages.RouteRequest r) {
      var b = BoostRouteRequest.newBuilder().addAllIds(r.ids());
      for (long id : r.splitIds()) {
        b.addSplitIds(id);
      }
      p.setBoostRouteRequest(b);
    } else if (message instanceof SecureBoostMessages.RouteReply r) {
      var b = BoostRouteReply.newBuilder();
      for (byte[] bits : r.leftRows()) {
        b.addLeftRows(ByteString.copyFrom(bits));
      }
      p.setBoostRouteReply(b);
    } else {
      return false;
    }
    return true;
  }

  /** Decodes a SecureBoost payload (the caller maps runtime errors to wire errors). */
  static Object decode(VerticalWire wire, VerticalPayload p) {
    return switch (p.getBodyCase()) {
      case BOOST_HELLO -> {
        PaillierPublicKey key = PaillierWire.fromProto(p.getBoostHello().getKey());
        wire.trust(key);
        yield new SecureBoostMessages.GuestHello(key, p.getBoostHello().getRowBits(),
            p.getBoostHello().getTrees());
      }
      case BOOST_FEATURES -> new SecureBoostMessages.HostFeatures(
          p.getBoostFeatures().getHost(), p.getBoostFeatures().getNamesList(),
          ints(p.getBoostFeatures().getBinsList()));
      case BOOST_TREE -> {
        BoostTreeStart t = p.getBoostTree();
        List<Ciphertext> gradients = t.hasGradients()
            ? wire.ciphertexts(t.getGradients(), "boost_tree.gradients") : List.of();
        yield new SecureBoostMessages.TreeStart(t.getTree(), ints(t.getRowsList()),
            ints(t.getFeaturesList()), gradients);
      }
      case BOOST_LEVEL_REQUEST -> {
        BoostLevelRequest r = p.getBoostLevelRequest();
        List<SecureBoostMessages.Partition> parts = new ArrayList<>();
        for (BoostPartition x : r.getPartitionsList()) {
          parts.add(new SecureBoostMessages.Partition(x.getNode(), x.getLeft(), x.getRight(),
              x.getLeftRows().toByteArray()));
        }
        List<SecureBoostMessages.SplitChoice> choices = new ArrayList<>();
        for (BoostSplitChoice c : r.getChoicesList()) {
          choices.add(new SecureBoostMessages.SplitChoice(c.getNode(), c.getLeft(),
              c.getRight(), c.getFeature(), c.getBin()));
        }
        yield new SecureBoostMessages.LevelRequest(r.getTree(), r.getDepth(), parts, choices,
            r.getBuildList(), r.getFinished());
      }
      case BOOST_LEVEL_REPLY -> {
        BoostLevelReply r = p.getBoostLevelReply();
        List<SecureBoostMessages.SplitResult> splits = new ArrayList<>();
        for (BoostSplitResult x : r.getSplitsList()) {
          splits.add(new SecureBoostMessages.SplitResult(x.getNode(), x.getSplitId(),
              x.getLeftRows().toByteArray()));
        }
        List<SecureBoostMessages.NodeHistogram> histograms = new ArrayList<>();
        for (BoostNodeHistogram h : r.getHistogramsList()) {
          PaillierPublicKey key = wire.key(h.getSums().getKeyId(),
              "boost_level_reply.histograms.sums");
          histograms.add(new SecureBoostMessages.NodeHistogram(h.getNode(),
              h.getNonEmpty().toByteArray(), PaillierWire.fromProto(h.getSums(), key)));
        }
        yield new SecureBoostMessages.LevelReply(r.getTree(), r.getDepth(), splits, histograms);
      }
      case BOOST_ROUTE_REQUEST -> new SecureBoostMessages.RouteRequest(
          p.getBoostRouteRequest().getIdsList(),
          p.getBoostRouteRequest().getSplitIdsList().stream().mapToLong(Long::longValue)
              .toArray());
      case BOOST_ROUTE_REPLY -> new SecureBoostMessages.RouteReply(
          p.getBoostRouteReply().getLeftRowsList().stream().map(ByteString::toByteArray)
              .toList());
      default -> throw new WireFormatException("not a SecureBoost payload: " + p.getBodyCase());
    };
  }

  private static int[] ints(List<Integer> values) {
    return values.stream().mapToInt(Integer::intValue).toArray();
  }
}
