package dev.stepwise.engine.history;

import java.util.Map;

/**
 * The details of a history event. One record serves every details shape of the API: each event
 * type fills the members its shape has and leaves the others null. Payload members are
 * serialised lazily (see {@link Payload}).
 */
public record EventDetails(
        String name,
        Integer index,
        Integer length,
        Payload input,
        Payload output,
        String error,
        String cause,
        String roleArn,
        String resourceType,
        String resource,
        String region,
        Payload parameters,
        Long timeoutInSeconds,
        Long heartbeatInSeconds,
        String workerName,
        String mapRunArn,
        Integer redriveCount,
        String location,
        String state,
        Map<String, String> assignedVariables,
        String stateMachineAliasArn,
        String stateMachineVersionArn) {

    public static final EventDetails NONE = builder().build();

    public static Builder builder() {
        return new Builder();
    }

    public static EventDetails stateEntered(String name, Payload input) {
        return builder().name(name).input(input).build();
    }

    public static EventDetails stateExited(String name, Payload output, Map<String, String> assigned) {
        return builder().name(name).output(output).assignedVariables(assigned).build();
    }

    public static EventDetails failure(String error, String cause) {
        return builder().error(error).cause(cause).build();
    }

    public static EventDetails output(Payload output) {
        return builder().output(output).build();
    }

    public static EventDetails mapIteration(String name, int index) {
        return builder().name(name).index(index).build();
    }

    /** Fluent construction: most events fill two or three members. */
    public static final class Builder {
        private String name;
        private Integer index;
        private Integer length;
        private Payload input;
        private Payload output;
        private String error;
        private String cause;
        private String roleArn;
        private String resourceType;
        private String resource;
        private String region;
        private Payload parameters;
        private Long timeoutInSeconds;
        private Long heartbeatInSeconds;
        private String workerName;
        private String mapRunArn;
        private Integer redriveCount;
        private String location;
        private String state;
        private Map<String, String> assignedVariables;
        private String stateMachineAliasArn;
        private String stateMachineVersionArn;

        public Builder name(String v) { name = v; return this; }
        public Builder index(Integer v) { index = v; return this; }
        public Builder length(Integer v) { length = v; return this; }
        public Builder input(Payload v) { input = v; return this; }
        public Builder output(Payload v) { output = v; return this; }
        public Builder error(String v) { error = v; return this; }
        public Builder cause(String v) { cause = v; return this; }
        public Builder roleArn(String v) { roleArn = v; return this; }
        public Builder resourceType(String v) { resourceType = v; return this; }
        public Builder resource(String v) { resource = v; return this; }
        public Builder region(String v) { region = v; return this; }
        public Builder parameters(Payload v) { parameters = v; return this; }
        public Builder timeoutInSeconds(Long v) { timeoutInSeconds = v; return this; }
        public Builder heartbeatInSeconds(Long v) { heartbeatInSeconds = v; return this; }
        public Builder workerName(String v) { workerName = v; return this; }
        public Builder mapRunArn(String v) { mapRunArn = v; return this; }
        public Builder redriveCount(Integer v) { redriveCount = v; return this; }
        public Builder location(String v) { location = v; return this; }
        public Builder state(String v) { state = v; return this; }
        public Builder assignedVariables(Map<String, String> v) { assignedVariables = v; return this; }
        public Builder stateMachineAliasArn(String v) { stateMachineAliasArn = v; return this; }
        public Builder stateMachineVersionArn(String v) { stateMachineVersionArn = v; return this; }

        public EventDetails build() {
            return new EventDetails(name, index, length, input, output, error, cause, roleArn, resourceType, resource,
                    region, parameters, timeoutInSeconds, heartbeatInSeconds, workerName, mapRunArn, redriveCount,
                    location, state, assignedVariables, stateMachineAliasArn, stateMachineVersionArn);
        }
    }
}
