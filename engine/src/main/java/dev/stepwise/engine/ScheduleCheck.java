package dev.stepwise.engine;

import dev.stepwise.asl.eval.Failure;
import dev.stepwise.asl.resource.TaskResource;

/**
 * Whether a Task's resource can be scheduled when the state is reached: the failure its
 * scheduling meets (recorded as the resource family's ScheduleFailed event; the state then fails
 * with it), or null when it can be scheduled. Checked for activities: a Task whose activity does
 * not exist (never created, or deleted) is not scheduled. Injected, as the clock is, so the
 * interpreter stays free of I/O.
 */
@FunctionalInterface
public interface ScheduleCheck {
    /** Everything can be scheduled (runs without a catalog of activities). */
    ScheduleCheck ANY = resource -> null;

    Failure failure(TaskResource resource);
}
