package dev.stepwise.engine;

import java.time.Instant;

/**
 * A distributed Map run as a step leaves it: started, with new settings (UpdateMapRun), or ended.
 * Not a command (the runtime has nothing to carry out): the read model DescribeMapRun shows,
 * reported with the step for the faces' projections.
 */
public record MapRunState(String mapRunArn, String executionArn, String status, Instant start, Instant stop,
                          int itemCount, int maxConcurrency, long toleratedFailureCount,
                          double toleratedFailurePercentage) {}
