package dev.stepwise.engine;

import dev.stepwise.asl.model.MapState;

/**
 * Numbers the tasks each Task state starts, the numbers Step Functions Local's mocked responses
 * are keyed by ("0", "1-2", …). Step Functions Local keeps one counter per state for the whole
 * execution, so which Map iteration gets which response depends on timing unless MaxConcurrency
 * is 1. Here a counter belongs to a state within a line of control: things that run one after
 * another share it (the top level, loops, retries, the iterations of a Map whose MaxConcurrency is
 * 1, as in Step Functions Local), while things that may run at the same time count apart (each
 * Parallel branch, each iteration of any other Map, by index). The numbers therefore never depend
 * on the order in which concurrent branches happen to run, and the interpreter computes them, so
 * replaying an execution after a restart gives every task the number it had.
 */
final class Invocations {
    private Invocations() {}

    /** The number of the task {@code f}'s Task state is starting now, counting from 0. */
    static int next(Frame f) {
        String key = scope(f) + f.state.name();
        int n = f.execution.invocations.getOrDefault(key, 0);
        f.execution.invocations.put(key, n + 1);
        return n;
    }

    /** "Parallel[1]/Map[3]/" for a frame in iteration 3 of a concurrent Map inside branch 1 of a Parallel. */
    static String scope(Frame f) {
        StringBuilder path = new StringBuilder();
        for (Frame child = f; child.parent != null; child = child.parent) {
            Frame owner = child.parent;
            boolean sequential = owner.state instanceof MapState && owner.children != null
                    && owner.children.maxConcurrency == 1;
            if (!sequential) {
                path.insert(0, owner.state.name() + "[" + child.index + "]/");
            }
        }
        return path.toString();
    }
}
