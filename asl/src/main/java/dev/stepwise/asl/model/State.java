package dev.stepwise.asl.model;

/** A state of a state machine: one record per state type. */
public sealed interface State
        permits PassState, TaskState, ChoiceState, WaitState, SucceedState, FailState, ParallelState, MapState {

    Common common();

    default String name() {
        return common().name();
    }

    default StateType type() {
        return common().type();
    }
}
