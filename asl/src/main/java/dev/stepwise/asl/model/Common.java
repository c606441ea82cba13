package dev.stepwise.asl.model;

import dev.stepwise.asl.eval.PathField;
import dev.stepwise.asl.eval.Template;

/**
 * The fields every state type shares. {@code next} is null when the state ends its block or
 * has no transition (Choice, Succeed, Fail). {@code assign} and {@code output} are null when
 * absent. {@code location} is the state's JSON pointer ("/States/Name").
 */
public record Common(String name, StateType type, String comment, QueryLanguage queryLanguage,
                     PathField inputPath, PathField outputPath, String next, boolean end,
                     Template assign, Template output, String location) {

    public boolean jsonata() {
        return queryLanguage == QueryLanguage.JSONATA;
    }
}
