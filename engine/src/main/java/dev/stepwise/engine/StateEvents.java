package dev.stepwise.engine;

import dev.stepwise.asl.model.StateType;
import dev.stepwise.engine.history.EventType;

/** The Entered and Exited event types of each state type. */
final class StateEvents {
    private StateEvents() {}

    static EventType entered(StateType type) {
        return switch (type) {
            case Pass -> EventType.PassStateEntered;
            case Task -> EventType.TaskStateEntered;
            case Choice -> EventType.ChoiceStateEntered;
            case Wait -> EventType.WaitStateEntered;
            case Succeed -> EventType.SucceedStateEntered;
            case Fail -> EventType.FailStateEntered;
            case Parallel -> EventType.ParallelStateEntered;
            case Map -> EventType.MapStateEntered;
        };
    }

    /** Null for Fail, which has no Exited event. */
    static EventType exited(StateType type) {
        return switch (type) {
            case Pass -> EventType.PassStateExited;
            case Task -> EventType.TaskStateExited;
            case Choice -> EventType.ChoiceStateExited;
            case Wait -> EventType.WaitStateExited;
            case Succeed -> EventType.SucceedStateExited;
            case Fail -> null;
            case Parallel -> EventType.ParallelStateExited;
            case Map -> EventType.MapStateExited;
        };
    }
}
