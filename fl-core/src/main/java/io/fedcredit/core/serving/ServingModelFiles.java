package io.fedcredit.core.serving;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.fedcredit.core.wire.GlobalModelFiles;
import io.fedcredit.crypto.InsecureSecretKeyAccess;
import io.fedcredit.crypto.pki.PartyCredential;
import io.fedcredit.crypto.pki.PartyIdentity;
import io.fedcredit.crypto.pki.PkiException;
import io.fedcredit.proto.ModelSignature;
import io.fedcredit.proto.ServingModelFile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.Date;

/**
 * Writes and reads signed model files for serving (format {@value #FORMAT}, version
 * {@value #FORMAT_VERSION}; documented in {@code docs/SCORING.md}).
 *
 * <p>A file is a {@code ServingModelFile}: the bytes of one {@code ServingModel} and an ECDSA
 * P-256 signature over them by the party that holds the part, with that party's federation
 * certificate. Reading checks, in order: the format name and version; the signature algorithm;
 * that the signer's certificate was issued by the trusted CA, was valid when the model was
 * exported and is not revoked; the signature; that the certificate names the party the part
 * claims, in the role the part needs (a bank signs a bank half, a data node a data node half);
 * and the model's own consistency ({@link ServingModel#fromProto}). Any failure is a
 * {@link ServingModelException} that names the file and the check. Writes are atomic.
 */
public final class ServingModelFiles {
  /** The {@code format} field of every serving model file. */
  public static final String FORMAT = "fedcredit.serving-model";
  /** The format version this library writes and reads. */
  public static final int FORMAT_VERSION = 1;
  /** The signature algorithm of the federation's certificates. */
  public static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";

  private static final byte[] DOMAIN =
      (FORMAT + "/" + FORMAT_VERSION + "\0").getBytes(StandardCharsets.UTF_8);

  private ServingModelFiles() {}

  /**
   * The signed file's bytes.
   *
   * @param signer the credential of the party that holds the part
   * @throws ServingModelException when the signer is not the part's party, lacks the part's role
   *     or belongs to another federation
   */
  public static byte[] toBytes(ServingModel model, PartyCredential signer) {
    PartyIdentity id = signer.identity();
    String what = "cannot sign " + model.describe() + " as " + id;
    if (!id.partyId().equals(model.party())) {
      throw new ServingModelException(what + ": the part is held by '" + model.party()
          + "', and only its holder signs it");
    }
    if (model.part().role() != null && id.role() != model.part().role()) {
      throw new ServingModelException(what + ": a " + model.part() + " is signed by a party "
          + "in role " + model.part().role());
    }
    if (!id.federation().equals(model.federation())) {
      throw new ServingModelException(what + ": the model names federation '"
          + model.federation() + "'");
    }
    byte[] body = model.toProto().toByteArray();
    byte[] sig;
    try {
      Signature s = Signature.getInstance(SIGNATURE_ALGORITHM);
      s.initSign(signer.privateKey(InsecureSecretKeyAccess.get()));
      s.update(DOMAIN);
      s.update(body);
      sig = s.sign();
      return ServingModelFile.newBuilder()
          .setFormat(FORMAT)
          .setFormatVersion(FORMAT_VERSION)
          .setModel(ByteString.copyFrom(body))
          .setSignature(ModelSignature.newBuilder()
              .setAlgorithm(SIGNATURE_ALGORITHM)
              .setSignerCertificate(ByteString.copyFrom(signer.certificate().getEncoded()))
              .setValue(ByteString.copyFrom(sig)))
          .build().toByteArray();
    } catch (GeneralSecurityException e) {
      throw new ServingModelException(what + ": " + e.getMessage(), e);
    }
  }

  /**
   * Signs and writes a part atomically (temporary file, fsync, rename).
   *
   * @throws IOException when the file cannot be written
   * @throws ServingModelException when the signer may not sign the part
   */
  public static void write(ServingModel model, PartyCredential signer, Path target)
      throws IOException {
    GlobalModelFiles.writeAtomically(toBytes(model, signer), target);
  }

  /**
   * Reads, verifies and checks a part.
   *
   * @throws IOException when the file cannot be read
   * @throws ServingModelException naming the file and the failed check
   */
  public static ServingModel read(Path file, ModelTrust trust) throws IOException {
    return fromBytes(Files.readAllBytes(file), file.toString(), trust);
  }

  /**
   * Verifies and checks a part from its file's bytes.
   *
   * @param source names the file in messages
   * @throws ServingModelException naming the source and the failed check
   */
  public static ServingModel fromBytes(byte[] bytes, String source, ModelTrust trust) {
    ServingModelFile file;
    try {
      file = ServingModelFile.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new ServingModelException(source + " is not a FedCredit serving model file: "
          + e.getMessage(), e);
    }
    if (!FORMAT.equals(file.getFormat())) {
      throw new ServingModelException(source + " has format '" + file.getFormat()
          + "', expected '" + FORMAT + "'" + (file.getFormat().isEmpty()
          ? " (a global-model checkpoint or a model half JSON file is not a serving model: "
              + "export one with ServingExport or bin/fl demo)" : ""));
    }
    if (file.getFormatVersion() != FORMAT_VERSION) {
      throw new ServingModelException(source + " has format version " + file.getFormatVersion()
          + "; this library reads version " + FORMAT_VERSION
          + (file.getFormatVersion() > FORMAT_VERSION ? ": serve it with a newer FedCredit"
              : ""));
    }
    ModelSignature sig = file.getSignature();
    if (!SIGNATURE_ALGORITHM.equals(sig.getAlgorithm())) {
      throw new ServingModelException(source + ": signature algorithm '" + sig.getAlgorithm()
          + "' is not " + SIGNATURE_ALGORITHM);
    }
    X509Certificate signer = certificate(sig, source);
    PartyIdentity id;
    try {
      signer.verify(trust.ca().getPublicKey());
      id = PartyIdentity.of(signer);
    } catch (GeneralSecurityException | PkiException e) {
      throw new ServingModelException(source + ": the signer's certificate "
          + PartyIdentity.describe(signer) + " was not issued by the trusted CA "
          + trust.ca().getSubjectX500Principal().getName() + " (" + e.getMessage()
          + "); load it with the CA of the federation that trained the model", e);
    }
    if (!id.federation().equals(trust.federation())) {
      throw new ServingModelException(source + ": the signer " + id + " does not belong to the "
          + "trusted CA's federation '" + trust.federation() + "'");
    }
    if (trust.revocations() != null && trust.revocations().isRevoked(signer)) {
      throw new ServingModelException(source + ": the signer " + id + " has a revoked "
          + "certificate (serial " + signer.getSerialNumber().toString(16) + "): re-export the "
          + "model with the party's new kit");
    }
    try {
      Signature v = Signature.getInstance(SIGNATURE_ALGORITHM);
      v.initVerify(signer.getPublicKey());
      v.update(DOMAIN);
      v.update(file.getModel().toByteArray());
      if (!v.verify(sig.getValue().toByteArray())) {
        throw new ServingModelException(source + ": the signature of " + id + " does not match "
            + "the model's bytes: the file was altered after export");
      }
    } catch (GeneralSecurityException e) {
      throw new ServingModelException(source + ": the signature cannot be checked: "
          + e.getMessage(), e);
    }
    io.fedcredit.proto.ServingModel proto;
    try {
      proto = io.fedcredit.proto.ServingModel.parseFrom(file.getModel());
    } catch (InvalidProtocolBufferException e) {
      throw new ServingModelException(source + ": the signed model is not a ServingModel: "
          + e.getMessage(), e);
    }
    ServingModel model = ServingModel.fromProto(proto, source);
    if (!id.partyId().equals(model.party()) || !id.federation().equals(model.federation())) {
      throw new ServingModelException(source + ": " + model.describe() + " of federation '"
          + model.federation() + "' is signed by " + id + "; only the holder signs its part");
    }
    if (model.part().role() != null && id.role() != model.part().role()) {
      throw new ServingModelException(source + ": " + model.describe() + " is signed by " + id
          + ", but a " + model.part() + " must be signed by a party in role "
          + model.part().role());
    }
    try {
      signer.checkValidity(Date.from(model.provenance().exportedAt()));
    } catch (CertificateExpiredException | CertificateNotYetValidException e) {
      throw new ServingModelException(source + ": the signer's certificate was not valid when "
          + "the model was exported (" + model.provenance().exportedAt() + "): "
          + e.getMessage(), e);
    }
    return model;
  }

  private static X509Certificate certificate(ModelSignature sig, String source) {
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
          new ByteArrayInputStream(sig.getSignerCertificate().toByteArray()));
    } catch (GeneralSecurityException | ClassCastException e) {
      throw new ServingModelException(source + ": the signer's certificate is not an X.509 "
          + "certificate: " + e.getMessage(), e);
    }
  }
}
