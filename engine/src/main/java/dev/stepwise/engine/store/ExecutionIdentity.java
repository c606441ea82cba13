package dev.stepwise.engine.store;

import java.time.Instant;

/**
 * What an execution is from its start on and never stops being: its names, what it runs (the
 * definition, the role, the version or alias it was started on), its input, who started it (a
 * distributed Map run's parent) and the mock test case it runs, if any. {@code seed} seeds its
 * randomness.
 */
public record ExecutionIdentity(String arn, String stateMachineArn, String name, String type, Instant start,
                                String input, String definition, String roleArn, long seed, String versionArn,
                                String aliasArn, String mapRunArn, String parentArn, String mockTestCase) {}
