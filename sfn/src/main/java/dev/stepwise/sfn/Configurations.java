package dev.stepwise.sfn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.api.ServiceException;
import dev.stepwise.asl.json.Json;
import java.util.List;

/**
 * A state machine's logging and tracing configurations as AWS keeps and describes them: every
 * member present, the model's defaults filled in (logging level OFF without execution data,
 * tracing disabled), so that a machine created without them describes them, and two requests that
 * mean the same configuration compare equal (CreateStateMachine's idempotency, UpdateStateMachine's
 * revisions).
 */
final class Configurations {
    private static final List<String> LEVELS = List.of("ALL", "ERROR", "FATAL", "OFF");

    private Configurations() {}

    /** The logging configuration to keep for {@code requested} (null: none given), as JSON text. */
    static String logging(JsonNode requested) {
        ObjectNode o = Json.object();
        o.put("level", requested == null ? "OFF" : requested.path("level").asText("OFF"));
        o.put("includeExecutionData", requested != null && requested.path("includeExecutionData").asBoolean(false));
        JsonNode destinations = requested == null ? null : requested.get("destinations");
        if (destinations != null && !destinations.isEmpty()) {
            o.set("destinations", destinations);
        }
        return Json.write(o);
    }

    /** The tracing configuration to keep for {@code requested} (null: none given), as JSON text. */
    static String tracing(JsonNode requested) {
        return Json.write(Json.object().put("enabled",
                requested != null && requested.path("enabled").asBoolean(false)));
    }

    /** A kept logging configuration as DescribeStateMachine shows it (machines stored as given are completed). */
    static JsonNode describeLogging(String kept) {
        return parse(logging(kept == null ? null : parse(kept)));
    }

    /** A kept tracing configuration as DescribeStateMachine shows it. */
    static JsonNode describeTracing(String kept) {
        return parse(tracing(kept == null ? null : parse(kept)));
    }

    /** Whether two kept logging configurations are the same. */
    static boolean sameLogging(String a, String b) {
        return describeLogging(a).equals(describeLogging(b));
    }

    /** Whether two kept tracing configurations are the same. */
    static boolean sameTracing(String a, String b) {
        return describeTracing(a).equals(describeTracing(b));
    }

    /**
     * A logging level other than OFF needs exactly one destination, and a destination is a CloudWatch
     * Logs log group's ARN (one without it names no destination); OFF allows at most one.
     */
    static void checkLogging(JsonNode logging) {
        if (logging == null) {
            return;
        }
        String level = logging.path("level").asText("OFF");
        if (!LEVELS.contains(level)) {
            throw ServiceException.validation("1 validation error detected: Value '" + level
                    + "' at 'loggingConfiguration.level' failed to satisfy constraint: Member must satisfy enum value "
                    + "set: " + LEVELS);
        }
        JsonNode destinations = logging.path("destinations");
        boolean named = destinations.size() == 1
                && destinations.get(0).path("cloudWatchLogsLogGroup").path("logGroupArn").isTextual();
        if (!level.equals("OFF") && !named || destinations.size() > 1) {
            throw ServiceException.sfn("InvalidLoggingConfiguration",
                    "Invalid Logging Configuration: Must specify exactly one Log Destination.");
        }
    }

    private static JsonNode parse(String text) {
        try {
            return Json.parse(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored configuration is not JSON: " + text, e);
        }
    }
}
