/**
 * The coordinator: {@link io.fedcredit.server.Coordinator} (gRPC server lifecycle),
 * {@link io.fedcredit.server.CoordinatorService} (a thin adapter from gRPC to the protocols of
 * {@code fl-core}), {@link io.fedcredit.server.RoundController} (drives one job's protocol in
 * time: deadlines, long polls, checkpoints), {@link io.fedcredit.server.BoostingController} (the
 * same for a horizontal histogram-boosting job, without checkpoints),
 * {@link io.fedcredit.server.JobStore} (checkpoints
 * and round log), job specs in YAML and the {@code fl-server} command line.
 */
package io.fedcredit.server;
