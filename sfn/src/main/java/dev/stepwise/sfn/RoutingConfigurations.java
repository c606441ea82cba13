package dev.stepwise.sfn;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.api.RequestReader;
import dev.stepwise.api.ServiceException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * An alias's routing configuration, checked as AWS checks it: first the service model's
 * constraints (RoutingConfigurationList: one or two items; each item's required version ARN and
 * weight, 0 to 100), worded as AWS's front end words them; then the API reference's rules
 * (CreateStateMachineAlias, UpdateStateMachineAlias): version ARNs only, each version once, all of
 * one state machine, weights summing to 100.
 */
final class RoutingConfigurations {
    private static final String MEMBER = "routingConfiguration";

    private RoutingConfigurations() {}

    /** Adds the model's constraint violations of {@code routing} (a JSON array) to the reader's. */
    static void read(RequestReader r, JsonNode routing) {
        if (routing.isEmpty()) {
            r.violation("Value '" + render(routing) + "' at '" + MEMBER
                    + "' failed to satisfy constraint: Member must have length greater than or equal to 1");
        } else if (routing.size() > 2) {
            r.violation("Value '" + render(routing) + "' at '" + MEMBER
                    + "' failed to satisfy constraint: Member must have length less than or equal to 2");
        }
        for (int i = 0; i < routing.size(); i++) {
            String at = MEMBER + "." + (i + 1) + ".member.";
            JsonNode arn = routing.get(i).get("stateMachineVersionArn");
            if (arn == null || arn.isNull()) {
                r.violation("Value null at '" + at + "stateMachineVersionArn' failed to satisfy constraint: Member "
                        + "must not be null");
            } else {
                r.lengthAt(at + "stateMachineVersionArn", arn.asText(), 1, 256);
            }
            JsonNode weight = routing.get(i).get("weight");
            if (weight == null || weight.isNull()) {
                r.violation("Value null at '" + at + "weight' failed to satisfy constraint: Member must not be null");
            } else if (weight.asLong() < 0) {
                r.violation("Value '" + weight.asLong() + "' at '" + at + "weight' failed to satisfy constraint: "
                        + "Member must have value greater than or equal to 0");
            } else if (weight.asLong() > 100) {
                r.violation("Value '" + weight.asLong() + "' at '" + at + "weight' failed to satisfy constraint: "
                        + "Member must have value less than or equal to 100");
            }
        }
    }

    /**
     * Checks the API reference's rules on a configuration that satisfies the model, and returns the
     * state machine its versions belong to. Whether the versions exist is the caller's question.
     */
    static String stateMachineOf(JsonNode routing) {
        List<String> arns = new ArrayList<>();
        List<Integer> weights = new ArrayList<>();
        for (JsonNode route : routing) {
            arns.add(route.path("stateMachineVersionArn").asText());
            weights.add(route.path("weight").asInt());
        }
        String machine = null;
        boolean oneMachine = true;
        for (String arn : arns) {
            ResourceArn parsed = ResourceArn.parse(arn, "stateMachine");
            if (parsed.qualifier() == null || !parsed.qualifier().matches("\\d+")) {
                throw ServiceException.validation("Routing configuration must contain state machine version ARNs. "
                        + "Received: " + list(arns));
            }
            oneMachine &= machine == null || machine.equals(parsed.unqualified());
            machine = parsed.unqualified();
        }
        if (new HashSet<>(arns).size() < arns.size()) {
            throw ServiceException.validation("Routing configuration must contain distinct state machine version "
                    + "ARNs. Received: " + list(arns));
        }
        if (!oneMachine) {
            throw differentMachines(arns);
        }
        if (weights.stream().mapToInt(Integer::intValue).sum() != 100) {
            throw ServiceException.validation("Sum of routing configuration weights must equal 100. Received: "
                    + weights);
        }
        return machine;
    }

    /** The refusal of versions that are not all of one state machine (or not of the alias's). */
    static ServiceException differentMachines(JsonNode routing) {
        List<String> arns = new ArrayList<>();
        routing.forEach(route -> arns.add(route.path("stateMachineVersionArn").asText()));
        return differentMachines(arns);
    }

    private static ServiceException differentMachines(List<String> arns) {
        return ServiceException.validation("Routing configuration must contain state machine version ARNs of the "
                + "same state machine. Received: " + list(arns));
    }

    /** A list of ARNs as AWS's messages print them: "[a, b]", unquoted. */
    private static String list(List<String> arns) {
        return "[" + String.join(", ", arns) + "]";
    }

    /** The configuration as AWS's validation messages print the value: its items' Java-style rendering. */
    private static String render(JsonNode routing) {
        List<String> items = new ArrayList<>();
        for (JsonNode route : routing) {
            JsonNode arn = route.get("stateMachineVersionArn");
            JsonNode weight = route.get("weight");
            items.add("RoutingConfigurationListItem(stateMachineVersionArn="
                    + (arn == null || arn.isNull() ? "null" : arn.asText()) + ", weight="
                    + (weight == null || weight.isNull() ? "null" : weight.asText()) + ")");
        }
        return "[" + String.join(", ", items) + "]";
    }
}
