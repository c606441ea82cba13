package dev.stepwise.engine.history;

/**
 * The history event types of the Step Functions API, each with the name of the member that
 * carries its details (null for the types that have none, such as ParallelStateStarted).
 */
public enum EventType {
    ActivityFailed("activityFailedEventDetails"),
    ActivityScheduled("activityScheduledEventDetails"),
    ActivityScheduleFailed("activityScheduleFailedEventDetails"),
    ActivityStarted("activityStartedEventDetails"),
    ActivitySucceeded("activitySucceededEventDetails"),
    ActivityTimedOut("activityTimedOutEventDetails"),
    ChoiceStateEntered("stateEnteredEventDetails"),
    ChoiceStateExited("stateExitedEventDetails"),
    ExecutionAborted("executionAbortedEventDetails"),
    ExecutionFailed("executionFailedEventDetails"),
    ExecutionStarted("executionStartedEventDetails"),
    ExecutionSucceeded("executionSucceededEventDetails"),
    ExecutionTimedOut("executionTimedOutEventDetails"),
    FailStateEntered("stateEnteredEventDetails"),
    LambdaFunctionFailed("lambdaFunctionFailedEventDetails"),
    LambdaFunctionScheduled("lambdaFunctionScheduledEventDetails"),
    LambdaFunctionScheduleFailed("lambdaFunctionScheduleFailedEventDetails"),
    LambdaFunctionStarted(null),
    LambdaFunctionStartFailed("lambdaFunctionStartFailedEventDetails"),
    LambdaFunctionSucceeded("lambdaFunctionSucceededEventDetails"),
    LambdaFunctionTimedOut("lambdaFunctionTimedOutEventDetails"),
    MapIterationAborted("mapIterationAbortedEventDetails"),
    MapIterationFailed("mapIterationFailedEventDetails"),
    MapIterationStarted("mapIterationStartedEventDetails"),
    MapIterationSucceeded("mapIterationSucceededEventDetails"),
    MapStateAborted(null),
    MapStateEntered("stateEnteredEventDetails"),
    MapStateExited("stateExitedEventDetails"),
    MapStateFailed(null),
    MapStateStarted("mapStateStartedEventDetails"),
    MapStateSucceeded(null),
    ParallelStateAborted(null),
    ParallelStateEntered("stateEnteredEventDetails"),
    ParallelStateExited("stateExitedEventDetails"),
    ParallelStateFailed(null),
    ParallelStateStarted(null),
    ParallelStateSucceeded(null),
    PassStateEntered("stateEnteredEventDetails"),
    PassStateExited("stateExitedEventDetails"),
    SucceedStateEntered("stateEnteredEventDetails"),
    SucceedStateExited("stateExitedEventDetails"),
    TaskFailed("taskFailedEventDetails"),
    TaskScheduled("taskScheduledEventDetails"),
    TaskStarted("taskStartedEventDetails"),
    TaskStartFailed("taskStartFailedEventDetails"),
    TaskStateAborted(null),
    TaskStateEntered("stateEnteredEventDetails"),
    TaskStateExited("stateExitedEventDetails"),
    TaskSubmitFailed("taskSubmitFailedEventDetails"),
    TaskSubmitted("taskSubmittedEventDetails"),
    TaskSucceeded("taskSucceededEventDetails"),
    TaskTimedOut("taskTimedOutEventDetails"),
    WaitStateAborted(null),
    WaitStateEntered("stateEnteredEventDetails"),
    WaitStateExited("stateExitedEventDetails"),
    MapRunAborted(null),
    MapRunFailed("mapRunFailedEventDetails"),
    MapRunStarted("mapRunStartedEventDetails"),
    MapRunSucceeded(null),
    ExecutionRedriven("executionRedrivenEventDetails"),
    MapRunRedriven("mapRunRedrivenEventDetails"),
    EvaluationFailed("evaluationFailedEventDetails");

    private final String detailsField;

    EventType(String detailsField) {
        this.detailsField = detailsField;
    }

    /** The HistoryEvent member holding this type's details, or null. */
    public String detailsField() {
        return detailsField;
    }
}
