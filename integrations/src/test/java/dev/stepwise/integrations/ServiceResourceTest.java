package dev.stepwise.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.integrations.ServiceResource.Pattern;
import org.junit.jupiter.api.Test;

/** Task Resource ARNs, parsed into service, action and integration pattern. */
class ServiceResourceTest {

    @Test
    void optimisedIntegrationsWithEachPattern() {
        assertThat(ServiceResource.parse("arn:aws:states:::lambda:invoke"))
                .isEqualTo(new ServiceResource("arn:aws:states:::lambda:invoke", "lambda", "invoke", false,
                        Pattern.REQUEST_RESPONSE, null));
        assertThat(ServiceResource.parse("arn:aws:states:::lambda:invoke.waitForTaskToken").pattern())
                .isEqualTo(Pattern.WAIT_FOR_TASK_TOKEN);
        ServiceResource sync2 = ServiceResource.parse("arn:aws:states:::states:startExecution.sync:2");
        assertThat(sync2.service()).isEqualTo("states");
        assertThat(sync2.action()).isEqualTo("startExecution");
        assertThat(sync2.pattern()).isEqualTo(Pattern.SYNC2);
        assertThat(ServiceResource.parse("arn:aws:states:::states:startExecution.sync").pattern())
                .isEqualTo(Pattern.SYNC);
    }

    @Test
    void awsSdkIntegrationsNameTheSdkService() {
        ServiceResource r = ServiceResource.parse("arn:aws:states:::aws-sdk:dynamodb:putItem");
        assertThat(r.sdk()).isTrue();
        assertThat(r.service()).isEqualTo("dynamodb");
        assertThat(r.action()).isEqualTo("putItem");
        assertThat(r.display()).isEqualTo("aws-sdk:dynamodb:putItem");
    }

    @Test
    void aLambdaFunctionArnIsAnInvoke() {
        ServiceResource r = ServiceResource.parse("arn:aws:lambda:us-east-1:123456789012:function:f:live");
        assertThat(r.functionArn()).isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:f:live");
        assertThat(r.service()).isEqualTo("lambda");
        assertThat(r.action()).isEqualTo("invoke");
    }

    @Test
    void activitiesAndOtherArnsAreNotIntegrations() {
        assertThat(ServiceResource.parse("arn:aws:states:us-east-1:123456789012:activity:work")).isNull();
        assertThat(ServiceResource.parse("not-an-arn")).isNull();
        assertThat(ServiceResource.parse("arn:aws:states:::lambda")).isNull();
    }
}
