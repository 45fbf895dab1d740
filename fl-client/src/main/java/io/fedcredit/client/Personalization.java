package io.fedcredit.client;

import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.model.GlobalModel;
import io.fedcredit.core.model.TrainingConfig;

/**
 * How a bank turns the federation's model into a model tuned to its own credit standards. A
 * {@link BankClient} built with a personalization calls it with every global model it receives
 * and at the end of the job; the personal model stays in the bank: nothing a personalization
 * computes is sent to the coordinator, except that {@link #fedPer FedPer} keeps its personal
 * head out of the shared update (it sends zeros there).
 *
 * <p>Every table a personalization sees is the bank's own, standardized with the global
 * model's standardizer, so a personal model predicts on raw rows through
 * {@link io.fedcredit.core.model.Predictor#of} like the global one.
 *
 * <pre>{@code
 * BankClient client = BankClient.builder()
 *     .coordinator("coordinator.example:7443", security)
 *     .jobId("sme-default-2026").participantId("bank-c")
 *     .trainingData(myBook)
 *     .personalization(Personalization.fineTune(Models.defaultTraining(ModelSpec.Kind.MLP, 1), 20, 3))
 *     .build();
 * PersonalModel mine = client.run().personal().orElseThrow();
 * double[] pd = Predictor.of(mine.model()).predict(applicants);
 * }</pre>
 */
public interface Personalization {

  /** A short name for reports: {@code finetune}, {@code ditto} or {@code fedper}. */
  String name();

  /**
   * Hears a fit round's global model before the bank trains on it (Ditto trains its personal
   * model here). The default does nothing.
   *
   * @param train the bank's training rows, standardized by {@code global}
   * @param validation the bank's held-out validation rows, standardized by {@code global}
   */
  default void onRound(long round, GlobalModel global, FeatureTable train,
      FeatureTable validation) {}

  /**
   * The parameters the bank's local training for the federation starts from; the global
   * parameters by default (FedPer puts its personal head in).
   */
  default double[] startingPoint(GlobalModel global) {
    return global.parameters();
  }

  /**
   * Adjusts the update before it leaves the bank, in place: {@code trained} are the locally
   * trained parameters and {@code delta} what will be sent. The default leaves both alone
   * (FedPer keeps its trained head and zeroes the head's coordinates of {@code delta}).
   */
  default void beforeUpload(double[] trained, double[] delta) {}

  /**
   * The personal model, after the job.
   *
   * @param finalGlobal the federation's final model
   * @param train the bank's training rows, standardized by {@code finalGlobal}
   * @param validation the bank's validation rows, standardized by {@code finalGlobal}; used for
   *     early stopping and model selection, never for the bank's test figures
   */
  PersonalModel personalize(GlobalModel finalGlobal, FeatureTable train,
      FeatureTable validation);

  /**
   * Local fine-tuning of the final global model with early stopping: trains one epoch at a time
   * from the global parameters, keeps the parameters with the best validation AUC (the global
   * model itself included), and stops after {@code patience} epochs without improvement.
   *
   * @param training learning rate, batch size, optimizer, L2 and seed of the fine-tuning (its
   *     epoch count is ignored)
   * @param maxEpochs most epochs, at least 1
   * @param patience epochs without improvement before stopping, at least 1
   */
  static Personalization fineTune(TrainingConfig training, int maxEpochs, int patience) {
    return new FineTuning(training, maxEpochs, patience);
  }

  /**
   * Ditto (Li et al., ICML 2021): the bank keeps a personal model next to the federation's and
   * trains it every round on its own rows with the proximal term
   * {@code (lambda/2) |v - w_global|^2}; larger {@code lambda} stays nearer the global model.
   * The personal model with the best validation AUC over the rounds is kept.
   *
   * @param training local training of the personal model each round (its proximal weight is
   *     replaced by {@code lambda})
   * @param lambda the proximal weight, positive
   */
  static Personalization ditto(TrainingConfig training, double lambda) {
    return new Ditto(training, lambda);
  }

  /**
   * FedPer (Arivazhagan et al., 2019) for the MLP: the hidden layers are shared through the
   * federation, the output layer is the bank's own. The bank trains body and head together
   * each round, sends only the body's update (zeros for the head), and keeps its head; the
   * personal model is the final global body with the bank's head, then fine-tuned like
   * {@link #fineTune} on the head and body.
   *
   * @param fineTune the closing fine-tuning (its epochs and patience as in {@link #fineTune})
   * @throws IllegalArgumentException at the first round if the model is not an MLP
   */
  static Personalization fedPer(TrainingConfig fineTune, int maxEpochs, int patience) {
    return new FedPer(new FineTuning(fineTune, maxEpochs, patience));
  }

  /**
   * A bank's personal model.
   *
   * @param model the personal parameters in the global model's shape, standardizer and features
   * @param method the personalization that made it
   * @param validationAuc its AUC on the bank's validation rows
   * @param globalValidationAuc the final global model's AUC on the same rows, for comparison
   */
  record PersonalModel(GlobalModel model, String method, double validationAuc,
      double globalValidationAuc) {}
}
