package dev.stepwise.server.imagebuilder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.api.RestJsonService;
import dev.stepwise.asl.json.Json;
import dev.stepwise.imagebuilder.ImageBuilderApi;
import dev.stepwise.server.api.ServerFixture;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.imagebuilder.ImagebuilderClient;
import software.amazon.awssdk.services.imagebuilder.model.ImagebuilderRequest;

/**
 * Every operation of Image Builder's API (as the AWS SDK for Java v2 models it) has a route on the
 * server: the workflow and record operations are served, and each other one answers Image Builder's
 * InvalidRequestException as JSON, never the host's 404 page.
 */
class ImageBuilderRoutesTest {
    @RegisterExtension
    static final ImageBuilderServer server = new ImageBuilderServer(ServerFixture::new);
    private static ImageBuilderApi api;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        api = new ImageBuilderApi(server.fixture().store(), Clock.systemUTC(), Path.of("objects"));
    }

    private static Set<String> sdkOperations() {
        Set<String> operations = new TreeSet<>();
        for (Method m : ImagebuilderClient.class.getMethods()) {
            if (m.getParameterCount() == 1 && ImagebuilderRequest.class.isAssignableFrom(m.getParameterTypes()[0])) {
                String request = m.getParameterTypes()[0].getSimpleName();
                operations.add(request.substring(0, request.length() - "Request".length()));
            }
        }
        return operations;
    }

    @Test
    void everyOperationOfTheSdkHasARoute() {
        Set<String> routed = new TreeSet<>();
        api.routes().forEach(r -> routed.add(r.operationName()));
        assertThat(sdkOperations()).hasSizeGreaterThanOrEqualTo(77).contains("CreateWorkflow", "ListWorkflowBuildVersions");
        assertThat(routed).containsAll(sdkOperations());
        assertThat(api.servedOperations()).containsExactly("CreateComponent", "CreateDistributionConfiguration",
                "CreateImageRecipe", "CreateInfrastructureConfiguration", "CreateWorkflow", "DeleteComponent",
                "DeleteDistributionConfiguration", "DeleteImageRecipe", "DeleteInfrastructureConfiguration",
                "DeleteWorkflow", "GetComponent", "GetDistributionConfiguration", "GetImageRecipe",
                "GetInfrastructureConfiguration", "GetWorkflow", "ListComponentBuildVersions", "ListComponents",
                "ListDistributionConfigurations", "ListImageRecipes", "ListInfrastructureConfigurations",
                "ListTagsForResource", "ListWorkflowBuildVersions", "ListWorkflows", "TagResource", "UntagResource",
                "UpdateDistributionConfiguration", "UpdateInfrastructureConfiguration");
    }

    /** What the server's face serves beyond the workflows (images and workflow runs on the engine). */
    private static final java.util.Set<String> ON_THE_ENGINE = java.util.Set.of("CreateImage", "GetImage",
            "ListImageBuildVersions", "ListImages", "CancelImageCreation", "DeleteImage", "ListWorkflowExecutions",
            "GetWorkflowExecution", "ListWorkflowStepExecutions", "GetWorkflowStepExecution",
            "ListWaitingWorkflowSteps", "SendWorkflowStepAction", "CreateImagePipeline", "GetImagePipeline",
            "ListImagePipelines", "UpdateImagePipeline", "DeleteImagePipeline", "StartImagePipelineExecution",
            "ListImagePipelineImages");

    @Test
    void everyOperationNotServedAnswersInvalidRequestException() throws Exception {
        for (RestJsonService.Route route : api.routes()) {
            if (api.servedOperations().contains(route.operationName())
                    || ON_THE_ENGINE.contains(route.operationName())) {
                continue;
            }
            String path = route.path().replace("{resourceArn}", "arn%3Aaws%3Aimagebuilder%3Aus-east-1%3A123456789012"
                    + "%3Aimage%2Fx%2F1.0.0%2F1");
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.fixture().endpoint() + path))
                    .method(route.method(), route.method().equals("GET") || route.method().equals("DELETE")
                            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}"))
                    .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/imagebuilder/"
                            + "aws4_request, SignedHeaders=host, Signature=0")
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(route.operationName()).isEqualTo(400);
            assertThat(response.headers().firstValue("x-amzn-ErrorType")).as(route.operationName())
                    .hasValue("InvalidRequestException");
            assertThat(Json.parse(response.body()).path("message").asText()).as(route.operationName())
                    .isEqualTo(route.operationName() + " is not supported yet.");
        }
    }
}
