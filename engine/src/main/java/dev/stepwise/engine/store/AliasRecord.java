package dev.stepwise.engine.store;

import java.time.Instant;

/** A state machine alias; {@code routing} is its routing configuration as JSON text. */
public record AliasRecord(String arn, String stateMachineArn, String name, String description, String routing,
                          Instant created, Instant updated) {}
