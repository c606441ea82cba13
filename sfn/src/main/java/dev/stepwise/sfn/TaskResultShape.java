package dev.stepwise.sfn;

import dev.stepwise.asl.resource.TaskResource;
import dev.stepwise.models.ServiceModel;
import dev.stepwise.models.ServiceModels;
import dev.stepwise.models.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The shape of the result a Task state's service integration produces: the output of the API
 * operation it calls, in the model of the service it calls.
 *
 * <ul>
 *   <li>{@code aws-sdk:<service>:<action>}: the output of the action's operation ("getFunction" is
 *       GetFunction) in the service's model.</li>
 *   <li>An optimised integration ({@code arn:aws:states:::<service>:<action>}): the same, its
 *       service named as the optimised integrations name it ({@code events} is EventBridge,
 *       {@code states} is Step Functions, {@code emr-serverless} is EMR Serverless;
 *       {@code bedrock:invokeModel} is Bedrock Runtime's). {@code states:startExecution.sync} and {@code .sync:2} answer with
 *       DescribeExecution's output once the child ends. Where Step Functions hands over a payload
 *       as JSON instead of the API's text or bytes, that member is any JSON: Lambda Invoke's
 *       Payload, Bedrock InvokeModel's Body, and DescribeExecution's Input and Output under
 *       {@code .sync:2}.</li>
 * </ul>
 * Other Tasks have no such shape: a Lambda function ARN or an activity (whatever the worker
 * returns), {@code .waitForTaskToken} (whatever the callback sends), the {@code .sync} of other
 * services, HTTP tasks, and services or actions no model has (such as EMR's
 * {@code elasticmapreduce:createCluster}, which no EMR operation is named after).
 *
 * @param root the output shape, members Step Functions hands over as JSON made any JSON
 */
record TaskResultShape(ServiceModel model, Shape.Structure root) {
    /** A shape name no model has: {@link ServiceModel#shape} makes it any JSON. */
    private static final String ANY_JSON = "";

    /** The SDK names of the services optimised integrations call by another name, in the order to try them. */
    private static final Map<String, List<String>> OPTIMISED_SERVICES = Map.of(
            "events", List.of("eventbridge"),
            "states", List.of("sfn"),
            "bedrock", List.of("bedrock", "bedrockruntime"));

    /** Output members that optimised integrations hand over as JSON, by integration. */
    private static final Map<String, Set<String>> JSON_MEMBERS = Map.of(
            "lambda:invoke", Set.of("Payload"),
            "bedrock:invokeModel", Set.of("body"));

    /** The shape of {@code resource}'s result, when it has one a model tells. */
    static Optional<TaskResultShape> of(TaskResource resource) {
        if (!(resource instanceof TaskResource.ServiceIntegration integration)) {
            return Optional.empty();
        }
        if (integration.sdk()) {
            return integration.pattern() == TaskResource.Pattern.REQUEST_RESPONSE
                    ? find(List.of(integration.service()), integration.operation(), Set.of())
                    : Optional.empty();
        }
        List<String> services = OPTIMISED_SERVICES.getOrDefault(integration.service(),
                List.of(integration.service().replace("-", "")));
        return switch (integration.pattern()) {
            case REQUEST_RESPONSE -> find(services, integration.operation(),
                    JSON_MEMBERS.getOrDefault(integration.display(), Set.of()));
            case SYNC, SYNC2 -> integration.service().equals("states") && integration.action().equals("startExecution")
                    ? find(services, "DescribeExecution",
                            integration.pattern() == TaskResource.Pattern.SYNC2 ? Set.of("input", "output") : Set.of())
                    : Optional.empty();
            case WAIT_FOR_TASK_TOKEN -> Optional.empty();
        };
    }

    /** The output of {@code operation} in the first of {@code services} whose model has it. */
    private static Optional<TaskResultShape> find(List<String> services, String operation, Set<String> jsonMembers) {
        for (String service : services) {
            Optional<ServiceModel> model = ServiceModels.of(service);
            String output = model.map(m -> m.output(operation)).orElse(null);
            if (output != null && model.get().shape(output) instanceof Shape.Structure root) {
                return Optional.of(new TaskResultShape(model.get(), handOverAsJson(root, jsonMembers)));
            }
        }
        return Optional.empty();
    }

    private static Shape.Structure handOverAsJson(Shape.Structure root, Set<String> jsonMembers) {
        Map<String, String> members = new LinkedHashMap<>(root.members());
        members.replaceAll((name, shape) -> jsonMembers.contains(name) ? ANY_JSON : shape);
        return new Shape.Structure(members, root.required());
    }
}
