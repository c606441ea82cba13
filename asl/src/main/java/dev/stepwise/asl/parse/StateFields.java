package dev.stepwise.asl.parse;

import dev.stepwise.asl.model.StateType;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which fields each state type supports, in either query language (AWS answers "Field 'X' is not
 * supported" at the state for any other), and which fields belong to one query language only.
 */
final class StateFields {
    private static final Set<String> ALL = Set.of("Type", "Comment", "QueryLanguage");
    private static final Set<String> FLOW = Set.of("Next", "End");
    private static final Set<String> IO = Set.of("InputPath", "OutputPath", "Output");
    private static final Set<String> RESULT = Set.of("Parameters", "ResultSelector", "ResultPath", "Arguments");
    private static final Set<String> ERRORS = Set.of("Retry", "Catch");

    private static final Map<StateType, Set<String>> SUPPORTED = new EnumMap<>(StateType.class);

    static {
        SUPPORTED.put(StateType.Pass, union(FLOW, IO, Set.of("Parameters", "ResultPath", "Result", "Assign")));
        SUPPORTED.put(StateType.Task, union(FLOW, IO, RESULT, ERRORS, Set.of("Resource", "TimeoutSeconds",
                "TimeoutSecondsPath", "HeartbeatSeconds", "HeartbeatSecondsPath", "Credentials", "Assign")));
        SUPPORTED.put(StateType.Choice, union(IO, Set.of("Choices", "Default", "Assign")));
        SUPPORTED.put(StateType.Wait, union(FLOW, IO, Set.of("Seconds", "SecondsPath", "Timestamp", "TimestampPath",
                "Assign")));
        SUPPORTED.put(StateType.Succeed, union(IO));
        SUPPORTED.put(StateType.Fail, union(Set.of("Error", "ErrorPath", "Cause", "CausePath")));
        SUPPORTED.put(StateType.Parallel, union(FLOW, IO, RESULT, ERRORS, Set.of("Branches", "Assign")));
        SUPPORTED.put(StateType.Map, union(FLOW, IO, ERRORS, Set.of("ResultSelector", "ResultPath", "Parameters",
                "ItemsPath", "Items", "ItemProcessor", "Iterator", "ItemSelector", "ItemReader", "ItemBatcher",
                "ResultWriter", "MaxConcurrency", "MaxConcurrencyPath", "ToleratedFailureCount",
                "ToleratedFailureCountPath", "ToleratedFailurePercentage", "ToleratedFailurePercentagePath", "Label",
                "Assign")));
    }

    /** Fields a JSONata state may not have. */
    static final Set<String> JSONPATH_ONLY = Set.of("InputPath", "OutputPath", "Parameters", "ResultSelector",
            "ResultPath", "Result", "ItemsPath", "SecondsPath", "TimestampPath", "TimeoutSecondsPath",
            "HeartbeatSecondsPath", "MaxConcurrencyPath", "ToleratedFailureCountPath", "ToleratedFailurePercentagePath",
            "ErrorPath", "CausePath");

    /** Fields a JSONPath state may not have. */
    static final Set<String> JSONATA_ONLY = Set.of("Output", "Arguments", "Items");

    private StateFields() {}

    static Set<String> supported(StateType type) {
        return SUPPORTED.get(type);
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        return Stream.concat(Stream.of(ALL), Stream.of(sets)).flatMap(Set::stream).collect(Collectors.toUnmodifiableSet());
    }
}
