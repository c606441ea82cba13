package dev.stepwise.asl.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.eval.JsonPathExpr;
import dev.stepwise.asl.eval.Template;
import dev.stepwise.asl.resource.TaskResource;

/**
 * Task: hands its effective input to a resource. {@code resource} is the Resource as parsed (null
 * only when the definition has none, which the validator refuses). Time-outs are given literally,
 * by path, or as JSONata templates; absent members are null. {@code credentials} is the raw
 * Credentials field.
 */
public record TaskState(Common common, TaskResource resource, ResultFlow flow, ErrorHandling errors,
                        Template timeoutSeconds, JsonPathExpr timeoutSecondsPath,
                        Template heartbeatSeconds, JsonPathExpr heartbeatSecondsPath,
                        JsonNode credentials) implements State {}
