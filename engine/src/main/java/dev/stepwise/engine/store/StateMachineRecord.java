package dev.stepwise.engine.store;

import java.time.Instant;

/**
 * A state machine as stored. {@code revisionId} names the current definition/role revision;
 * {@code logging}, {@code tracing} and {@code encryption} are the configurations as JSON text
 * (null when never set). {@code rowVersion} is checked on every update.
 */
public record StateMachineRecord(String arn, String name, String type, String status, String definition,
                                 String roleArn, Instant created, Instant updated, String revisionId,
                                 String description, String logging, String tracing, String encryption,
                                 long rowVersion) {}
