package dev.stepwise.transfer.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
 * files' results are its outcome ({@link ConnectorProjection}).
 *
 * <p>Files go one at a time, as AWS's connectors do by default; a connector whose
 * MaxConcurrentConnections is above 1 sends or retrieves that many at a time: the files are dealt
 * round-robin to that many lanes, the branches of a Parallel state, each going through its files
 * in order (its own session), and the Parallel's output gathers every lane's results.
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
    private static final String LANES = "Lanes";

    private ConnectorMachine() {}

    /** The definition that carries out {@code job}, with at most {@code connections} files at a time. */
    public static String definition(ConnectorJob job, int connections) {
        return job instanceof ConnectorJob.FileTransfer t ? transfer(t.action(), t.filePaths().size(), connections)
                : single(job.action());
    }

    /** The data the job's execution starts with. */
    public static ObjectNode input(ConnectorJob job) {
        ObjectNode o = Json.object();
        o.set(JOB, job.json());
        o.putArray(RESULTS);
        return o;
    }

    /**
     * A transfer of {@code files} files with the integration's {@code action} ("send" or "retrieve"),
     * {@code connections} at a time.
     */
    static String transfer(String action, int files, int connections) {
        int lanes = Math.max(1, Math.min(connections, files));
        if (lanes == 1) {
            ObjectNode machine = head("The files of an SFTP connector's transfer, one after the other",
                    files == 0 ? DONE : fileState(0));
            ObjectNode states = machine.putObject("States");
            lane(states, action, files, 0, 1, DONE);
            states.putObject(DONE).put("Type", "Succeed");
            return Json.write(machine);
        }
        ObjectNode machine = head("The files of an SFTP connector's transfer, " + lanes + " at a time", LANES);
        ObjectNode states = machine.putObject("States");
        ObjectNode parallel = states.putObject(LANES);
        parallel.put("Type", "Parallel");
        ArrayNode branches = parallel.putArray("Branches");
        for (int lane = 0; lane < lanes; lane++) {
            ObjectNode branch = branches.addObject();
            branch.put("StartAt", fileState(lane));
            ObjectNode laneStates = branch.putObject("States");
            // state names are unique in the whole definition, branches included
            String end = LANES + lane + DONE;
            lane(laneStates, action, files, lane, lanes, end);
            laneStates.putObject(end).put("Type", "Succeed");
        }
        // each lane's data holds the results of its own files: gather them
        parallel.put("Output", "{% $merge([$states.input, {'" + RESULTS + "': [$states.result." + RESULTS
                + "]}]) %}");
        parallel.put("Next", DONE);
        states.putObject(DONE).put("Type", "Succeed");
        return Json.write(machine);
    }

    /** The Tasks of the files {@code first}, {@code first + step}, … one after the other, then {@code end}. */
    private static void lane(ObjectNode states, String action, int files, int first, int step, String end) {
        for (int i = first; i < files; i += step) {
            states.set(fileState(i), fileTask(action, i, i + step < files ? fileState(i + step) : end));
        }
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
