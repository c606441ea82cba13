package dev.stepwise.imagebuilder.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Carries out the infrastructure actions of workflow steps (LaunchInstance, ExecuteComponents,
 * CreateImage, RunCommand, TerminateInstance, DistributeImage and the rest of AWS's list) and their
 * rollbacks: the seam where a real provider (a container runtime, a hypervisor, AWS itself) plugs
 * in. The built-in one is {@link SimulatedActions}. WaitForAction and ExecuteStateMachine never
 * come here: the engine carries them out itself.
 *
 * <p>Contract: an action may be asked for twice with the same request (after a restart the engine
 * runs a step whose outcome was not recorded again), so it must be harmless to repeat. Calls may
 * block (they run on threads of their own) and come from many threads at once.
 */
public interface ActionProvider {

    /**
     * One step's action: its name, the workflow and step it runs for (the workflow's name, the
     * step's name, the run's and the step's execution ids), the step's inputs with every variable
     * resolved, and the image build's context (the {@code $.imagebuilder} system variables).
     */
    record ActionRequest(String action, String workflowName, String stepName, String workflowExecutionId,
                         String stepExecutionId, ObjectNode inputs, ObjectNode context) {}

    /** Carries out the action and answers with its outputs (the names {@code $.stepOutputs} reads). */
    ObjectNode perform(ActionRequest request) throws ActionFailure;

    /** Undoes what the action did ({@code outputs}: what it answered); only for actions with a rollback. */
    void rollback(ActionRequest request, JsonNode outputs) throws ActionFailure;

    /** An action (or its rollback) failed: the step fails with this message. */
    final class ActionFailure extends Exception {
        public ActionFailure(String message) {
            super(message);
        }
    }
}
