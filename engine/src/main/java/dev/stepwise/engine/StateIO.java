package dev.stepwise.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.stepwise.asl.eval.Failure;
import dev.stepwise.asl.eval.StatesErrors;
import dev.stepwise.asl.eval.Template;
import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.model.Common;
import dev.stepwise.asl.model.ResultFlow;
import dev.stepwise.engine.history.EventDetails;
import dev.stepwise.engine.history.Payload;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The input and output processing every state shares, in both query languages. JSONPath:
 * InputPath, Parameters, then (after the state's work) ResultSelector, Assign, ResultPath,
 * OutputPath. JSONata: Arguments, then Assign and Output over {@code $states}. Variables assigned
 * by a state become visible only after its Exited event: every expression of the state reads the
 * values it had when the state was entered.
 */
final class StateIO {
    /**
     * The largest input or output a state may pass on: "256 KiB of data as a UTF-8 encoded string"
     * (Step Functions service quotas), so counted in UTF-8 bytes.
     */
    static final int MAX_PAYLOAD = 262_144;

    private final Interpreter interpreter;

    StateIO(Interpreter interpreter) {
        this.interpreter = interpreter;
    }

    StateEval eval(Frame f, JsonNode input) {
        return new StateEval(f, input, interpreter.random());
    }

    /**
     * The effective input of a state: InputPath then Parameters (JSONPath), or Arguments evaluated
     * over the state input (JSONata). Null {@code parameters} means the field is absent.
     */
    JsonNode effectiveInput(Frame f, Template parameters) {
        Common c = f.state.common();
        if (c.jsonata()) {
            JsonNode effective = parameters == null ? f.stateInput : parameters.evaluate(eval(f, f.stateInput));
            DataFlowTrace.record(f, "afterArguments", effective);
            return effective;
        }
        JsonNode selected = DataFlow.select(c.inputPath(), "InputPath", f.stateInput, eval(f, f.stateInput));
        DataFlowTrace.record(f, "afterInputPath", selected);
        JsonNode effective = parameters == null ? selected : parameters.evaluate(eval(f, selected));
        DataFlowTrace.record(f, "afterParameters", effective);
        return effective;
    }

    /**
     * Finishes a state that produced {@code result} and moves to {@code next} (null ends the block):
     * computes the output and the assignments, records the Exited event, then assigns.
     *
     * @param defaultOutput JSONata's output when Output is absent
     */
    Outcome complete(Step s, Frame f, JsonNode result, ResultFlow flow, Template assign, Template output,
                     JsonNode defaultOutput, String next) {
        Common c = f.state.common();
        JsonNode out;
        Map<String, JsonNode> assigned;
        if (result != null) {
            DataFlowTrace.record(f, "result", result);
        }
        if (c.jsonata()) {
            StateEval ctx = eval(f, f.stateInput).withResult(result == null ? MissingNode.getInstance() : result);
            assigned = assign == null ? null : assignments(assign.evaluate(ctx));
            out = output == null ? defaultOutput : output.evaluate(ctx);
        } else {
            JsonNode selected = flow.resultSelector() == null ? result
                    : flow.resultSelector().evaluate(eval(f, result));
            DataFlowTrace.record(f, "afterResultSelector", selected);
            assigned = assign == null ? null : assignments(assign.evaluate(eval(f, selected)));
            JsonNode placed = DataFlow.place(flow.resultPath(), f.stateInput, selected);
            DataFlowTrace.record(f, "afterResultPath", placed);
            out = DataFlow.select(c.outputPath(), "OutputPath", placed, eval(f, placed));
        }
        return exit(s, f, out, assigned, next);
    }

    /** Records the Exited event with {@code output}, applies the assignments and transitions. */
    Outcome exit(Step s, Frame f, JsonNode output, Map<String, JsonNode> assigned, String next) {
        // a state that passes its input on unchanged (nodes are never changed in place) writes its text once
        Payload payload = f.stateInputPayload != null ? f.stateInputPayload.reusedFor(output) : Payload.of(output);
        if (tooLarge(payload.text())) {
            return new Outcome.Failed(Failure.of(StatesErrors.DATA_LIMIT_EXCEEDED, "The state/task '" + f.state.name()
                    + "' returned a result with a size exceeding the maximum number of bytes service limit."),
                    f.lastEventId);
        }
        Map<String, String> shown = null;
        if (assigned != null && !assigned.isEmpty()) {
            shown = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : assigned.entrySet()) {
                shown.put(e.getKey(), Json.write(e.getValue()));
            }
        }
        s.emit(f, StateEvents.exited(f.state.type()), EventDetails.stateExited(f.state.name(), payload, shown));
        if (assigned != null) {
            assigned.forEach(f.variables::set);
        }
        return next == null ? new Outcome.End(output, payload) : new Outcome.Next(next, output, payload);
    }

    /** Whether {@code text} takes more than {@link #MAX_PAYLOAD} bytes in UTF-8. */
    static boolean tooLarge(String text) {
        int n = text.length();
        if (n > MAX_PAYLOAD) {
            return true;
        }
        if (n * 3L <= MAX_PAYLOAD) {
            return false;
        }
        long bytes = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes > MAX_PAYLOAD;
    }

    private static Map<String, JsonNode> assignments(JsonNode evaluated) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = evaluated.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    /** The state's transition: its Next, or null when it ends its block. */
    static String next(Frame f) {
        return f.state.common().next();
    }
}
