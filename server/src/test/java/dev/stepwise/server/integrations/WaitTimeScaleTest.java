package dev.stepwise.server.integrations;

import static dev.stepwise.server.integrations.Runs.closed;
import static dev.stepwise.server.integrations.Runs.machine;
import static dev.stepwise.server.integrations.Runs.types;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.engine.WaitScale;
import dev.stepwise.server.api.ServerFixture;
import dev.stepwise.integrations.IntegrationConfig;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/** --wait-time-scale 0: hour-long Waits and retry backoffs pass at once; time-outs keep their length. */
class WaitTimeScaleTest {

    @Test
    @Timeout(60)
    void hourLongWaitsAndRetryBackoffsFinishAtOnceWithScaleZero() throws IOException {
        // Lambda calls go to a port nobody listens on: every attempt fails with Lambda.SdkClientException
        IntegrationConfig unreachable = IntegrationConfig.none().withLambdaEndpoint(URI.create("http://127.0.0.1:9"));
        try (ServerFixture fixture = new ServerFixture(new WaitScale(0), Duration.ofSeconds(60), unreachable)) {
            SfnClient sfn = fixture.sfn();
            String waits = machine(sfn, "hour-wait", """
                    {"StartAt": "W", "States": {
                      "W": {"Type": "Wait", "Seconds": 3600, "Next": "Until"},
                      "Until": {"Type": "Wait", "Timestamp": "2999-01-01T00:00:00Z", "Next": "Path"},
                      "Path": {"Type": "Wait", "SecondsPath": "$.seconds", "End": true}}}""");
            // a task that always fails, retried with an hour between attempts
            String retries = machine(sfn, "hour-retry", """
                    {"StartAt": "T", "States": {"T": {"Type": "Task",
                      "Resource": "arn:aws:lambda:us-east-1:123456789012:function:none",
                      "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 3600, "MaxAttempts": 2,
                                 "BackoffRate": 1.0}],
                      "End": true}}}""");
            List<String> started = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                started.add(sfn.startExecution(r -> r.stateMachineArn(waits).input("{\"seconds\": 3600}"))
                        .executionArn());
            }
            String retried = sfn.startExecution(r -> r.stateMachineArn(retries)).executionArn();
            for (String arn : started) {
                assertThat(closed(sfn, arn).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            }
            DescribeExecutionResponse failed = closed(sfn, retried);
            assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(failed.error()).isEqualTo("Lambda.SdkClientException");
            // three attempts: the first and two retries
            assertThat(types(sfn, retried).stream().filter(t -> t == HistoryEventType.LAMBDA_FUNCTION_SCHEDULED))
                    .hasSize(3);
        }
    }

    @Test
    @Timeout(60)
    void timeoutsKeepTheirLengthWhenWaitsAreScaled() throws IOException {
        try (ServerFixture fixture = new ServerFixture(new WaitScale(0))) {
            SfnClient sfn = fixture.sfn();
            // an activity task nobody takes: the execution's 1-second time-out still ends it
            String m = machine(sfn, "timeout-kept", """
                    {"TimeoutSeconds": 1, "StartAt": "T", "States": {
                      "T": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:idle",
                            "End": true}}}""");
            sfn.createActivity(r -> r.name("idle"));
            String arn = sfn.startExecution(r -> r.stateMachineArn(m)).executionArn();
            DescribeExecutionResponse d = closed(sfn, arn);
            assertThat(d.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
            assertThat(java.time.Duration.between(d.startDate(), d.stopDate())).isGreaterThanOrEqualTo(
                    java.time.Duration.ofSeconds(1));
        }
    }
}
