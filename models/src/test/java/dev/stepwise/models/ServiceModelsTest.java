package dev.stepwise.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The index the build made: every service by the name Step Functions gives it, read when first asked for. */
class ServiceModelsTest {

    @Test
    void aServiceIsNamedAsTheAwsSdkForJava2NamesIt() {
        assertThat(IndexBuilder.sdkName("CloudWatch Logs")).isEqualTo("cloudwatchlogs");
        assertThat(IndexBuilder.sdkName("Config Service")).isEqualTo("config");
        assertThat(IndexBuilder.sdkName("Cost and Usage Report Service")).isEqualTo("costandusagereport");
        assertThat(IndexBuilder.sdkName("ACM PCA")).isEqualTo("acmpca");
        assertThat(IndexBuilder.sdkName("Elastic Load Balancing v2")).isEqualTo("elasticloadbalancingv2");
        assertThat(IndexBuilder.sdkName("SFN")).isEqualTo("sfn");
        assertThat(IndexBuilder.sdkName("EventBridge")).isEqualTo("eventbridge");
    }

    @Test
    void theServicesStepFunctionsCallsHaveModels() {
        for (String service : List.of("lambda", "dynamodb", "sqs", "sns", "eventbridge", "sfn", "kms", "ecs", "batch",
                "glue", "athena", "codebuild", "sagemaker", "emr", "emrcontainers", "emrserverless", "databrew", "eks",
                "bedrock", "bedrockruntime", "mediaconvert", "cloudwatchlogs", "secretsmanager", "ec2", "iam", "sts")) {
            assertThat(ServiceModels.of(service)).as(service).isPresent();
        }
        assertThat(ServiceModels.of("nosuchservice")).isEmpty();
        assertThat(ServiceModels.of("../lambda")).isEmpty();
    }

    @Test
    void aModelIsTheOneTheBuildPinned() {
        ServiceModel lambda = ServiceModels.of("lambda").orElseThrow();
        assertThat(lambda.output("GetFunction")).isEqualTo("GetFunctionResponse");
        // Lambda's memory as the AWS SDK for Java's models bound it (botocore's later ones allow more)
        assertThat(lambda.shape("MemorySize")).isEqualTo(new Shape.Numeric(
                new Shape.Bounds(BigDecimal.valueOf(128), BigDecimal.valueOf(10240))));
        assertThat(ServiceModels.of("lambda")).containsSame(lambda);
    }
}
