package dev.stepwise.asl.model;

import dev.stepwise.asl.eval.PathField;
import dev.stepwise.asl.eval.Template;

/**
 * How a state with a result shapes its input and output: Parameters (JSONPath) or Arguments
 * (JSONata) build the effective input; ResultSelector reshapes the raw result; ResultPath
 * places it in the raw input. Null members are absent fields.
 */
public record ResultFlow(Template parameters, Template resultSelector, PathField resultPath) {
    public static final ResultFlow NONE = new ResultFlow(null, null, PathField.ROOT);
}
