package dev.stepwise.engine.store;

import java.time.Instant;

/** A published state machine version: an immutable copy of the definition, role and configuration. */
public record VersionRecord(String arn, String stateMachineArn, int version, String definition, String roleArn,
                            String type, Instant created, String description, String revisionId, String logging,
                            String tracing) {}
