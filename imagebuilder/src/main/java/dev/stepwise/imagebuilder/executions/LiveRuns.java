package dev.stepwise.imagebuilder.executions;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The workflow runs this process knows are not cancelled behind its back: those it started, and
 * those whose image it found not cancelled since it loaded them. A run's steps look in the catalog
 * whether its image was cancelled only while the run is not here, that is once after the run was
 * recovered (a restart, a takeover in a cluster): a cancellation that came while the run ran here
 * stops it itself (CancelImageCreation's stop of the run, and the image build's own stop, which
 * cancels the task that awaits the run; see WorkflowRunner), so only a run carried across a crash
 * can have missed its stop. Kept in memory: a restart empties it, which is what makes a recovered
 * run look once.
 */
public final class LiveRuns {
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    /** Whether the run (its execution ARN) is known not to have missed its image's cancellation. */
    public boolean known(String runExecutionArn) {
        return known.contains(runExecutionArn);
    }

    /** The run was started here, or its image was found not cancelled. */
    public void add(String runExecutionArn) {
        known.add(runExecutionArn);
    }

    /** The run ended: nothing more to know of it. */
    public void remove(String runExecutionArn) {
        known.remove(runExecutionArn);
    }
}
