package dev.stepwise.asl.resource;

import static dev.stepwise.asl.resource.TaskResource.Pattern.REQUEST_RESPONSE;
import static dev.stepwise.asl.resource.TaskResource.Pattern.SYNC;
import static dev.stepwise.asl.resource.TaskResource.Pattern.SYNC2;
import static dev.stepwise.asl.resource.TaskResource.Pattern.WAIT_FOR_TASK_TOKEN;

import dev.stepwise.asl.resource.TaskResource.Pattern;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The service integrations Step Functions recognises, as data: the developer guide's page of each
 * optimised integration lists the API actions it supports and the patterns each action supports
 * ("Integrating optimized services with Step Functions" and the page it links for each service);
 * AWS SDK integrations ({@code aws-sdk:service:action}) support request-response and
 * {@code .waitForTaskToken}, never {@code .sync}. Where two of the guide's pages disagree (the
 * summary table grants Amazon EKS and Amazon Bedrock the callback pattern, their own pages do not
 * list it), the table keeps the wider answer, so that no machine AWS accepts is refused.
 */
public final class IntegrationCatalog {
    private static final Set<Pattern> CALL = EnumSet.of(REQUEST_RESPONSE);
    private static final Set<Pattern> CALL_OR_CALLBACK = EnumSet.of(REQUEST_RESPONSE, WAIT_FOR_TASK_TOKEN);
    private static final Set<Pattern> CALL_OR_JOB = EnumSet.of(REQUEST_RESPONSE, SYNC);
    private static final Set<Pattern> EVERY = EnumSet.of(REQUEST_RESPONSE, SYNC, WAIT_FOR_TASK_TOKEN);

    /** By the service's name in {@code arn:aws:states:::<service>:<action>}: each action and its patterns. */
    private static final Map<String, Map<String, Set<Pattern>>> OPTIMISED = new HashMap<>();

    static {
        service("apigateway", CALL_OR_CALLBACK, "invoke");
        service("athena", CALL_OR_JOB, "startQueryExecution");
        service("athena", CALL, "stopQueryExecution", "getQueryExecution", "getQueryResults");
        service("batch", CALL_OR_JOB, "submitJob");
        service("bedrock", EVERY, "invokeModel", "createModelCustomizationJob");
        service("codebuild", CALL_OR_JOB, "startBuild", "startBuildBatch", "retryBuildBatch");
        service("codebuild", CALL, "stopBuild", "batchDeleteBuilds", "batchGetReports", "stopBuildBatch",
                "deleteBuildBatch");
        service("databrew", CALL_OR_JOB, "startJobRun");
        service("dynamodb", CALL, "getItem", "putItem", "updateItem", "deleteItem");
        service("ecs", EVERY, "runTask");
        service("eks", EVERY, "createCluster", "deleteCluster", "createFargateProfile", "deleteFargateProfile",
                "createNodegroup", "deleteNodegroup", "runJob");
        service("eks", CALL, "call");
        service("elasticmapreduce", CALL_OR_JOB, "createCluster", "terminateCluster", "addStep");
        service("elasticmapreduce", CALL, "cancelStep", "setClusterTerminationProtection",
                "modifyInstanceFleetByName", "modifyInstanceGroupByName");
        service("emr-containers", CALL_OR_JOB, "deleteVirtualCluster", "startJobRun");
        service("emr-containers", CALL, "createVirtualCluster");
        service("emr-serverless", CALL_OR_JOB, "createApplication", "startApplication", "stopApplication",
                "deleteApplication", "startJobRun", "cancelJobRun");
        service("events", CALL_OR_CALLBACK, "putEvents");
        service("glue", CALL_OR_JOB, "startJobRun");
        service("http", CALL_OR_CALLBACK, "invoke");
        service("lambda", CALL_OR_CALLBACK, "invoke");
        service("mediaconvert", CALL_OR_JOB, "createJob");
        service("sagemaker", CALL_OR_JOB, "createHyperParameterTuningJob", "createLabelingJob",
                "createProcessingJob", "createTrainingJob", "createTransformJob");
        service("sagemaker", CALL, "createEndpoint", "createEndpointConfig", "createModel", "updateEndpoint");
        service("sns", CALL_OR_CALLBACK, "publish");
        service("sqs", CALL_OR_CALLBACK, "sendMessage");
        // the only action with ".sync:2" (the child's output as JSON)
        service("states", EnumSet.of(REQUEST_RESPONSE, SYNC, SYNC2, WAIT_FOR_TASK_TOKEN), "startExecution");
    }

    private IntegrationCatalog() {}

    private static void service(String service, Set<Pattern> patterns, String... actions) {
        Map<String, Set<Pattern>> byAction = OPTIMISED.computeIfAbsent(service, s -> new HashMap<>());
        for (String action : actions) {
            byAction.put(action, patterns);
        }
    }

    /**
     * Whether Step Functions knows the integration: an AWS SDK action without {@code .sync}, or an
     * optimised service's action with a pattern that action supports. (AWS SDK actions are not
     * checked against the services' models.)
     */
    public static boolean recognises(TaskResource.ServiceIntegration integration) {
        if (integration.sdk()) {
            return integration.pattern() == REQUEST_RESPONSE || integration.pattern() == WAIT_FOR_TASK_TOKEN;
        }
        Set<Pattern> patterns = OPTIMISED.getOrDefault(integration.service(), Map.of()).get(integration.action());
        return patterns != null && patterns.contains(integration.pattern());
    }
}
