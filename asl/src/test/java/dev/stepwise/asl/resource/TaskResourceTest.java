package dev.stepwise.asl.resource;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.asl.resource.TaskResource.Activity;
import dev.stepwise.asl.resource.TaskResource.LambdaFunction;
import dev.stepwise.asl.resource.TaskResource.Pattern;
import dev.stepwise.asl.resource.TaskResource.ServiceIntegration;
import dev.stepwise.asl.resource.TaskResource.Unknown;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** A Task's Resource, parsed once into its family, pattern and the names history and messages use. */
class TaskResourceTest {

    private static ServiceIntegration integration(String text) {
        assertThat(TaskResource.parse(text)).isInstanceOf(ServiceIntegration.class);
        return (ServiceIntegration) TaskResource.parse(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"arn:aws:states:us-east-1:123456789012:activity:Worker",
        "arn:aws-cn:states:cn-north-1:123456789012:activity:Worker", "arn:aws:states:us-east-1::activity:Worker",
        "arn:aws:states:us-east-1:123456789012:activity:job.sync"})
    void anActivityIsAStatesActivityArnWithARegionOrAnAccount(String text) {
        TaskResource r = TaskResource.parse(text);
        assertThat(r).isInstanceOf(Activity.class);
        assertThat(r.text()).isEqualTo(text);
        assertThat(r.display()).isEqualTo(text);
        assertThat(r.waitsForTaskToken()).isFalse();
    }

    @Test
    void anActivityHasItsName() {
        assertThat(((Activity) TaskResource.parse("arn:aws:states:us-east-1:123456789012:activity:Worker")).name())
                .isEqualTo("Worker");
    }

    @ParameterizedTest
    @ValueSource(strings = {"arn:aws:lambda:us-east-1:123456789012:function:Hello",
        "arn:aws:lambda:us-east-1:123456789012:function:Hello:live", "arn:aws-us-gov:lambda:us-gov-west-1:1:function:F:7"})
    void aFunctionArnIsCalledAsLambdaInvoke(String text) {
        TaskResource r = TaskResource.parse(text);
        assertThat(r).isInstanceOf(LambdaFunction.class);
        LambdaFunction f = (LambdaFunction) r;
        assertThat(f.text()).isEqualTo(text);
        assertThat(f.service()).isEqualTo("lambda");
        assertThat(f.action()).isEqualTo("invoke");
        assertThat(f.sdk()).isFalse();
        assertThat(f.pattern()).isEqualTo(Pattern.REQUEST_RESPONSE);
        assertThat(f.operation()).isEqualTo("Invoke");
        assertThat(f.display()).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource({
        "arn:aws:states:::lambda:invoke, REQUEST_RESPONSE",
        "arn:aws:states:::states:startExecution.sync, SYNC",
        "arn:aws:states:::states:startExecution.sync:2, SYNC2",
        "arn:aws:states:::sqs:sendMessage.waitForTaskToken, WAIT_FOR_TASK_TOKEN",
        "arn:aws:states:::aws-sdk:s3:getObject.waitForTaskToken, WAIT_FOR_TASK_TOKEN",
    })
    void eachPatternSuffixIsRead(String text, Pattern pattern) {
        ServiceIntegration r = integration(text);
        assertThat(r.pattern()).isEqualTo(pattern);
        assertThat(r.text()).isEqualTo(text);
        assertThat(r.text()).endsWith(pattern.suffix());
        assertThat(r.waitsForTaskToken()).isEqualTo(pattern == Pattern.WAIT_FOR_TASK_TOKEN);
    }

    @Test
    void anOptimisedIntegrationHasServiceAndAction() {
        ServiceIntegration r = integration("arn:aws:states:::states:startExecution.sync:2");
        assertThat(r.service()).isEqualTo("states");
        assertThat(r.action()).isEqualTo("startExecution");
        assertThat(r.sdk()).isFalse();
        assertThat(r.operation()).isEqualTo("StartExecution");
        assertThat(r.display()).isEqualTo("states:startExecution");
    }

    @ParameterizedTest
    @CsvSource({
        "arn:aws:states:::aws-sdk:dynamodb:putItem, dynamodb, putItem, PutItem",
        "arn:aws:states:::aws-sdk:ec2:describeInstances, ec2, describeInstances, DescribeInstances",
        "arn:aws:states:::aws-sdk:s3control:listJobs, s3control, listJobs, ListJobs",
        "arn:aws:states:::aws-sdk:route53-recovery-control-config:listClusters, route53-recovery-control-config, "
                + "listClusters, ListClusters",
        "arn:aws:states:::aws-sdk:sfn:startExecution.waitForTaskToken, sfn, startExecution, StartExecution",
    })
    void anSdkIntegrationNamesTheSdksServiceAndAction(String text, String service, String action, String operation) {
        ServiceIntegration r = integration(text);
        assertThat(r.sdk()).isTrue();
        assertThat(r.service()).isEqualTo(service);
        assertThat(r.action()).isEqualTo(action);
        assertThat(r.operation()).isEqualTo(operation);
        assertThat(r.display()).isEqualTo("aws-sdk:" + service + ":" + action);
    }

    @Test
    void awsSdkWithoutAnActionIsAServiceOfThatName() {
        ServiceIntegration r = integration("arn:aws:states:::aws-sdk:s3");
        assertThat(r.sdk()).isFalse();
        assertThat(r.service()).isEqualTo("aws-sdk");
        assertThat(r.action()).isEqualTo("s3");
    }

    @ParameterizedTest
    @CsvSource({
        "arn:aws:states:::lambda:invoke, lambda, invoke",
        "arn:aws:states:::lambda:invoke.waitForTaskToken, lambda, invoke.waitForTaskToken",
        "arn:aws:states:::states:startExecution.sync, states, startExecution.sync",
        "arn:aws:states:::states:startExecution.sync:2, states, startExecution.sync:2",
        "arn:aws:states:::aws-sdk:dynamodb:putItem, aws-sdk:dynamodb, putItem",
        "arn:aws:states:::aws-sdk:ecs:runTask.waitForTaskToken, aws-sdk:ecs, runTask.waitForTaskToken",
        "arn:aws:states:::http:invoke, http, invoke",
    })
    void historyRecordsTheTypeAndTheActionWithItsSuffix(String text, String type, String resource) {
        ServiceIntegration r = integration(text);
        assertThat(r.historyType()).isEqualTo(type);
        assertThat(r.historyResource()).isEqualTo(resource);
    }

    @ParameterizedTest
    @ValueSource(strings = {"createToken", "${StockCheckerFunctionArn}", "arn:aws:lambda", "",
        "arn:aws:sqs:us-east-1:123456789012:queue", "arn:aws:states:us-east-1:123456789012:stateMachine:M",
        "arn:aws:states:::lambda", "arn:aws:states:::lambda:invoke.syncX", "arn:aws:lambda:::function:F",
        "arn:aws:states:us-east-1:1:activity:A:B",
        "arn:aws:lambda:us-east-1:1:function:F:1:2", "arn:aws:states:us-east-1:123456789012:lambda:invoke",
        "arn:aws:states:::Lambda:invoke"})
    void whatIsNoTaskResourceIsUnknown(String text) {
        TaskResource r = TaskResource.parse(text);
        assertThat(r).isEqualTo(new Unknown(text));
        assertThat(r.display()).isEqualTo(text);
        assertThat(r.waitsForTaskToken()).isFalse();
    }

    @Test
    void onlyTheActivityFamilyIsAnActivity() {
        // the one answer to "is this an activity?": the runtime, mocks and TestState all ask TaskResource
        assertThat(TaskResource.parse("arn:aws:states:us-east-1:123456789012:activity:W")).isInstanceOf(Activity.class);
        assertThat(TaskResource.parse("arn:aws:lambda:us-east-1:123456789012:activity:W")).isInstanceOf(Unknown.class);
        assertThat(TaskResource.parse("arn:aws:states:::activity:W")).isInstanceOf(ServiceIntegration.class);
    }

    @Test
    void functionsAndServiceIntegrationsAreIntegratedActivitiesAndUnknownResourcesAreNot() {
        assertThat(TaskResource.parse("arn:aws:lambda:us-east-1:123456789012:function:f:live"))
                .isInstanceOf(TaskResource.Integrated.class);
        assertThat(TaskResource.parse("arn:aws:states:::http:invoke")).isInstanceOf(TaskResource.Integrated.class);
        assertThat(TaskResource.parse("arn:aws:states:us-east-1:123456789012:activity:work"))
                .isNotInstanceOf(TaskResource.Integrated.class);
        assertThat(TaskResource.parse("not-an-arn")).isNotInstanceOf(TaskResource.Integrated.class);
        assertThat(TaskResource.parse("arn:aws:states:::lambda")).isNotInstanceOf(TaskResource.Integrated.class);
    }
}
