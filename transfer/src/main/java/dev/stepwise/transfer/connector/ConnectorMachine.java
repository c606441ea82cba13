package dev.stepwise.transfer.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import java.util.OptionalInt;

/**
 * A connector's job as the engine runs it: a JSONata state machine. A file transfer has a Task per
 * file, in the order the request named them ({@code File0}, {@code File1}, …; resource
 * {@code arn:aws:states:::transfer-connector:send} or {@code …:retrieve}), each carrying one file
 * ({@link ConnectorIntegration}); a listing, a remote delete or a remote move has one Task.
 *
 * <p>The definition holds only the structure (how many files, which way); the request itself
 * travels in the execution's data, {@code {"job": <ConnectorJob>, "results": [...]}}, and reaches
 * the Task as data ({@code $states.input.job}), so no text of a request is ever read as an
 * expression. Each file's Task appends its result to {@code results}
 * ({@code {"Index", "StatusCode": "COMPLETED"}}); its Catch (States.ALL) appends the failure
 * ({@code {"Index", "StatusCode": "FAILED", "FailureCode", "FailureMessage"}}) and goes on with the
 * next file, so one file's failure does not stop the others. The execution always succeeds; the
 * files' results are its outcome ({@link ConnectorProjection}). Files go one at a time, as AWS's
 * connectors do by default, whatever the connector's MaxConcurrentConnections says.
 */
public final class ConnectorMachine {
    /** The service name of the connector's integration in the Task resources. */
    public static final String SERVICE = "transfer-connector";
    /** The execution data's members. */
    public static final String JOB = "job";
    public static final String RESULTS = "results";
    /** The Task arguments' members. */
    static final String JOB_ARGUMENT = "Job";
    static final String INDEX_ARGUMENT = "Index";

    private static final String FILE = "File";
    private static final String DONE = "Done";

    private ConnectorMachine() {}

    /** The definition that carries out {@code job}. */
    public static String definition(ConnectorJob job) {
        return job instanceof ConnectorJob.FileTransfer t ? transfer(t.action(), t.filePaths().size())
                : single(job.action());
    }

    /** The data the job's execution starts with. */
    public static ObjectNode input(ConnectorJob job) {
        ObjectNode o = Json.object();
        o.set(JOB, job.json());
        o.putArray(RESULTS);
        return o;
    }

    /** A transfer of {@code files} files with the integration's {@code action} ("send" or "retrieve"). */
    static String transfer(String action, int files) {
        ObjectNode machine = head("The files of an SFTP connector's transfer, one after the other",
                files == 0 ? DONE : fileState(0));
        ObjectNode states = machine.putObject("States");
        for (int i = 0; i < files; i++) {
            states.set(fileState(i), fileTask(action, i, i + 1 < files ? fileState(i + 1) : DONE));
        }
        states.putObject(DONE).put("Type", "Succeed");
        return Json.write(machine);
    }

    /** A job done by one call of the integration's {@code action}. */
    static String single(String action) {
        ObjectNode machine = head("An SFTP connector's " + action, "Run");
        ObjectNode task = machine.putObject("States").putObject("Run");
        task.put("Type", "Task");
        task.put("Resource", resource(action));
        task.putObject("Arguments").put(JOB_ARGUMENT, "{% $states.input." + JOB + " %}");
        task.put("End", true);
        return Json.write(machine);
    }

    /** The Task state of the file at {@code index}: "File0", "File1", … */
    public static String fileState(int index) {
        return FILE + index;
    }

    /** The file index a state's name stands for; empty for other states. */
    public static OptionalInt fileIndex(String stateName) {
        if (stateName == null || !stateName.startsWith(FILE) || stateName.length() == FILE.length()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(stateName.substring(FILE.length())));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** The result a state left for the file at {@code index} in the data it output; missing when none. */
    public static JsonNode result(JsonNode data, int index) {
        JsonNode found = com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        for (JsonNode r : data.path(RESULTS)) {
            if (r.path(INDEX_ARGUMENT).asInt(-1) == index) {
                found = r;
            }
        }
        return found;
    }

    private static ObjectNode head(String comment, String startAt) {
        ObjectNode machine = Json.object();
        machine.put("Comment", comment);
        machine.put("QueryLanguage", "JSONata");
        machine.put("StartAt", startAt);
        return machine;
    }

    private static String resource(String action) {
        return "arn:aws:states:::" + SERVICE + ":" + action;
    }

    private static ObjectNode fileTask(String action, int index, String next) {
        ObjectNode task = Json.object();
        task.put("Type", "Task");
        task.put("Resource", resource(action));
        ObjectNode arguments = task.putObject("Arguments");
        arguments.put(JOB_ARGUMENT, "{% $states.input." + JOB + " %}");
        arguments.put(INDEX_ARGUMENT, index);
        task.put("Output", "{% $merge([$states.input, {'" + RESULTS + "': $append($states.input." + RESULTS
                + ", [$states.result])}]) %}");
        task.put("Next", next);
        ObjectNode catcher = task.putArray("Catch").addObject();
        catcher.putArray("ErrorEquals").add("States.ALL");
        catcher.put("Output", "{% $merge([$states.input, {'" + RESULTS + "': $append($states.input." + RESULTS
                + ", [{'" + INDEX_ARGUMENT + "': " + index + ", 'StatusCode': 'FAILED', "
                + "'FailureCode': $states.errorOutput.Error, 'FailureMessage': $states.errorOutput.Cause}])}]) %}");
        catcher.put("Next", next);
        return task;
    }
}
