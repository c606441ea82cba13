package dev.stepwise.asl.model;

import dev.stepwise.asl.eval.PathField;
import dev.stepwise.asl.eval.Template;
import java.util.List;

/**
 * One Catch entry: where to go on a matching error, and how the error output is placed
 * (ResultPath in JSONPath states, Output in JSONata states) and which variables it assigns.
 */
public record Catcher(List<String> errorEquals, String next, PathField resultPath, Template output,
                      Template assign) {}
