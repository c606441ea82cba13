package dev.stepwise.engine;

import dev.stepwise.asl.eval.StatesErrors;
import java.util.List;

/** Which error names a Retry or Catch entry's ErrorEquals covers. */
final class ErrorMatching {
    private ErrorMatching() {}

    static boolean matches(List<String> errorEquals, String error) {
        for (String name : errorEquals) {
            if (matches(name, error)) {
                return true;
            }
        }
        return false;
    }

    static boolean matches(String name, String error) {
        if (error == null) {
            // a Fail state without Error: no name for ErrorEquals to match (AWS's behaviour undetermined)
            return false;
        }
        if (name.equals(error)) {
            return true;
        }
        return switch (name) {
            // States.ALL covers every error but these two, which can only be named explicitly.
            case StatesErrors.ALL -> !error.equals(StatesErrors.RUNTIME) && !error.equals(StatesErrors.DATA_LIMIT_EXCEEDED);
            case StatesErrors.TIMEOUT -> error.equals(StatesErrors.HEARTBEAT_TIMEOUT);
            // States.TaskFailed acts as a wildcard for any error except a time-out.
            case StatesErrors.TASK_FAILED -> !error.equals(StatesErrors.TIMEOUT)
                    && !error.equals(StatesErrors.HEARTBEAT_TIMEOUT)
                    && !error.equals(StatesErrors.RUNTIME)
                    && !error.equals(StatesErrors.DATA_LIMIT_EXCEEDED);
            default -> false;
        };
    }
}
