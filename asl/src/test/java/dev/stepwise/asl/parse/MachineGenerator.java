package dev.stepwise.asl.parse;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import java.util.List;
import java.util.Random;

/**
 * Builds random valid state machines: chains of states of every type, in both query languages,
 * with Parallel branches and Map processors nested up to three levels. Contract: every machine
 * it builds is one AWS accepts (unique names and labels, reachable states, a terminal state in
 * every block).
 */
final class MachineGenerator {
    private static final List<String> RESOURCES = List.of("arn:aws:states:::lambda:invoke",
            "arn:aws:lambda:us-east-1:123456789012:function:Fn", "arn:aws:states:us-east-1:123456789012:activity:Act",
            "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "arn:aws:states:::states:startExecution.sync:2");

    private final Random random;
    private final boolean jsonataMachine;
    private int counter;

    MachineGenerator(Random random) {
        this.random = random;
        this.jsonataMachine = random.nextInt(3) == 0;
    }

    ObjectNode machine() {
        ObjectNode machine = Json.object();
        if (jsonataMachine) {
            machine.put("QueryLanguage", "JSONata");
        } else if (random.nextBoolean()) {
            machine.put("QueryLanguage", "JSONPath");
        }
        if (random.nextBoolean()) {
            machine.put("Comment", "generated");
        }
        if (random.nextInt(4) == 0) {
            machine.put("TimeoutSeconds", 1 + random.nextInt(1000));
        }
        block(machine, 0);
        return machine;
    }

    private void block(ObjectNode target, int depth) {
        int count = 1 + random.nextInt(4);
        String[] names = new String[count];
        for (int i = 0; i < count; i++) {
            names[i] = "S" + counter++;
        }
        target.put("StartAt", names[0]);
        ObjectNode states = target.putObject("States");
        for (int i = 0; i < count; i++) {
            states.set(names[i], state(i < count - 1 ? names[i + 1] : null, depth));
        }
    }

    /** A state that goes to {@code next}, or ends its block when next is null. */
    private ObjectNode state(String next, int depth) {
        ObjectNode s = Json.object();
        boolean jsonata = jsonataMachine || random.nextInt(4) == 0;
        if (jsonata && (!jsonataMachine || random.nextBoolean())) {
            s.put("QueryLanguage", "JSONata");
        }
        String type = type(next, depth);
        s.put("Type", type);
        switch (type) {
            case "Pass" -> pass(s, jsonata);
            case "Task" -> task(s, jsonata, next);
            case "Wait" -> waitState(s, jsonata);
            case "Choice" -> choice(s, jsonata, next);
            case "Fail" -> fail(s, jsonata);
            case "Parallel" -> parallel(s, jsonata, depth);
            case "Map" -> map(s, jsonata, depth);
            default -> { }
        }
        if (!type.equals("Choice") && !type.equals("Succeed") && !type.equals("Fail")) {
            if (next == null) {
                s.put("End", true);
            } else {
                s.put("Next", next);
            }
        }
        return s;
    }

    private String type(String next, int depth) {
        List<String> types = new java.util.ArrayList<>(List.of("Pass", "Task", "Wait"));
        if (next != null) {
            types.add("Choice");
        } else {
            types.addAll(List.of("Succeed", "Fail"));
        }
        if (depth < 3) {
            types.addAll(List.of("Parallel", "Map"));
        }
        return types.get(random.nextInt(types.size()));
    }

    private void pass(ObjectNode s, boolean jsonata) {
        if (jsonata) {
            s.putObject("Output").put("value", "{% $states.input %}").put("n", 1);
            s.putObject("Assign").put("seen", "{% true %}");
            return;
        }
        if (random.nextBoolean()) {
            s.putObject("Result").put("a", 1);
        } else {
            s.putObject("Parameters").put("copy.$", "$").put("id.$", "States.UUID()");
        }
        s.put("ResultPath", "$.r").put("InputPath", "$").put("OutputPath", "$");
    }

    private void task(ObjectNode s, boolean jsonata, String next) {
        s.put("Resource", RESOURCES.get(random.nextInt(RESOURCES.size())));
        if (jsonata) {
            s.putObject("Arguments").put("Payload", "{% $states.input %}");
            s.put("Output", "{% $states.result %}");
        } else {
            s.putObject("Parameters").put("FunctionName", "fn").put("Payload.$", "$");
            s.putObject("ResultSelector").put("body.$", "$.Payload");
            s.put("ResultPath", "$.result");
        }
        s.put("TimeoutSeconds", 10).put("HeartbeatSeconds", 5);
        retryAndCatch(s, next);
    }

    private void retryAndCatch(ObjectNode s, String next) {
        ArrayNode retry = s.putArray("Retry");
        retry.addObject().put("MaxAttempts", 2).put("BackoffRate", 1.5).putArray("ErrorEquals").add("States.TaskFailed");
        retry.addObject().put("JitterStrategy", "FULL").putArray("ErrorEquals").add("States.ALL");
        if (next != null) {
            s.putArray("Catch").addObject().put("Next", next).putArray("ErrorEquals").add("States.ALL");
        }
    }

    private void waitState(ObjectNode s, boolean jsonata) {
        switch (random.nextInt(3)) {
            case 0 -> {
                if (jsonata) {
                    s.put("Seconds", "{% 1 %}");
                } else {
                    s.put("Seconds", 1);
                }
            }
            case 1 -> s.put("Timestamp", "2016-03-14T01:59:00Z");
            default -> {
                if (jsonata) {
                    s.put("Seconds", 0);
                } else {
                    s.put("SecondsPath", "$.seconds");
                }
            }
        }
    }

    private void choice(ObjectNode s, boolean jsonata, String next) {
        ArrayNode choices = s.putArray("Choices");
        if (jsonata) {
            choices.addObject().put("Condition", "{% $states.input.x = 1 %}").put("Next", next);
        } else {
            choices.addObject().put("Variable", "$.x").put("NumericEquals", 1).put("Next", next);
            ObjectNode rule = choices.addObject();
            ArrayNode and = rule.putArray("And");
            and.addObject().put("Variable", "$.y").put("IsPresent", true);
            and.addObject().putObject("Not").put("Variable", "$.z").put("StringEquals", "a");
            rule.put("Next", next);
        }
        s.put("Default", next);
    }

    private void fail(ObjectNode s, boolean jsonata) {
        if (!jsonata && random.nextBoolean()) {
            s.put("ErrorPath", "$.error").put("Cause", "generated");
        } else {
            s.put("Error", "Generated.Error").put("Cause", "generated");
        }
    }

    private void parallel(ObjectNode s, boolean jsonata, int depth) {
        ArrayNode branches = s.putArray("Branches");
        for (int i = 0, n = 1 + random.nextInt(2); i < n; i++) {
            block(branches.addObject(), depth + 1);
        }
        if (!jsonata) {
            s.put("ResultPath", "$.branches");
        }
        retryAndCatch(s, null);
    }

    private void map(ObjectNode s, boolean jsonata, int depth) {
        ObjectNode processor = s.putObject(!jsonata && random.nextInt(4) == 0 ? "Iterator" : "ItemProcessor");
        if (random.nextBoolean()) {
            boolean distributed = random.nextBoolean();
            ObjectNode config = processor.putObject("ProcessorConfig").put("Mode", distributed ? "DISTRIBUTED" : "INLINE");
            if (distributed) {
                config.put("ExecutionType", "STANDARD");
                s.put("Label", "L" + counter++);
            }
        }
        block(processor, depth + 1);
        if (jsonata) {
            s.put("Items", "{% $states.input.items %}");
        } else {
            s.put("ItemsPath", "$.items");
            s.putObject("ItemSelector").put("item.$", "$$.Map.Item.Value");
        }
        s.put("MaxConcurrency", random.nextInt(5));
    }
}
