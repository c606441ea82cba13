package dev.stepwise.imagebuilder.images;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * An image build as the engine runs it: a JSONata state machine that runs the image's workflows,
 * each a workflow run of its own started and awaited by {@link WorkflowRunner}
 * ({@code arn:aws:states:::imagebuilder-image:run.sync}): the BUILD workflows one after the other
 * ({@code Build<k>}), then the TEST workflows a parallel group at a time ({@code Test<g>}, a
 * Parallel state whose branches run up to {@value #MAX_PARALLEL} of the group's workflows at the
 * same time), then DISTRIBUTION
 * ({@code Distribute<k>}). A workflow that fails with onFailure ABORT fails the image (the
 * {@code Failed} state, whose cause is the workflow's message); with CONTINUE the image goes on.
 * The execution's input is {@code {"image": ARN, "runs": [the data each run starts with]}}.
 */
public final class ImageMachine {
    public static final String SERVICE = "imagebuilder-image";
    static final String BUILD = "Build";
    static final String TEST = "Test";
    static final String DISTRIBUTE = "Distribute";
    static final String AVAILABLE = "Available";
    static final String FAILED = "Failed";

    private ImageMachine() {}

    /** One workflow of the image: its place in the input's runs, and whether its failure aborts the image. */
    public record Planned(int run, boolean aborts) {}

    /**
     * How many test workflows of a parallel group run at the same time: AWS's documentation says Image
     * Builder starts up to five of a group at once and starts more as those complete. Here a larger
     * group runs as consecutive Parallel states of five (the next five start when all of the first
     * have ended, not each as one ends).
     */
    public static final int MAX_PARALLEL = 5;

    /** The definition for these BUILD workflows, TEST groups (in order) and DISTRIBUTION workflows. */
    public static String definition(List<Planned> build, List<List<Planned>> groups, List<Planned> distribution) {
        List<List<Planned>> testGroups = new ArrayList<>();
        for (List<Planned> g : groups) {
            for (int i = 0; i < g.size(); i += MAX_PARALLEL) {
                testGroups.add(g.subList(i, Math.min(i + MAX_PARALLEL, g.size())));
            }
        }
        List<String> names = new ArrayList<>();
        List<ObjectNode> bodies = new ArrayList<>();
        for (int k = 0; k < build.size(); k++) {
            names.add(BUILD + k);
            bodies.add(run(build.get(k), "'reason'"));
        }
        for (int g = 0; g < testGroups.size(); g++) {
            names.add(TEST + g);
            bodies.add(group(testGroups.get(g), g));
        }
        for (int k = 0; k < distribution.size(); k++) {
            names.add(DISTRIBUTE + k);
            bodies.add(run(distribution.get(k), "'reason'"));
        }
        ObjectNode machine = Json.object();
        machine.put("Comment", "An Image Builder image build");
        machine.put("QueryLanguage", "JSONata");
        machine.put("StartAt", names.isEmpty() ? AVAILABLE : names.get(0));
        ObjectNode states = machine.putObject("States");
        for (int i = 0; i < names.size(); i++) {
            ObjectNode s = bodies.get(i);
            String next = i + 1 < names.size() ? names.get(i + 1) : AVAILABLE;
            s.put("Next", next);
            if (s.has("Catch")) {
                ObjectNode c = (ObjectNode) s.get("Catch").get(0);
                c.put("Next", c.path("Next").asText().equals("next") ? next : FAILED);
            }
            states.set(names.get(i), s);
        }
        states.putObject(AVAILABLE).put("Type", "Succeed");
        states.putObject(FAILED).put("Type", "Fail").put("Error", "Image.Failed")
                .put("Cause", "{% $states.input.reason %}");
        return Json.write(machine);
    }

    /** A Task running one workflow; a caught failure goes on ("next") or fails the image. */
    private static ObjectNode run(Planned p, String reasonKey) {
        ObjectNode task = Json.object();
        task.put("Type", "Task");
        task.put("Resource", "arn:aws:states:::" + SERVICE + ":run.sync");
        task.putObject("Arguments").put("Data", "{% $states.input.runs[" + p.run() + "] %}");
        task.put("Output", "{% $states.input %}");
        ObjectNode c = task.putArray("Catch").addObject();
        c.putArray("ErrorEquals").add("States.ALL");
        c.put("Output", "{% $merge([$states.input, {" + reasonKey + ": $states.errorOutput.Cause}]) %}");
        c.put("Next", p.aborts() ? FAILED : "next");
        return task;
    }

    /** A parallel group: a branch per workflow; a branch whose workflow aborts fails the group, and so the image. */
    private static ObjectNode group(List<Planned> runs, int g) {
        ObjectNode parallel = Json.object();
        parallel.put("Type", "Parallel");
        ArrayNode branches = parallel.putArray("Branches");
        boolean anyAborts = false;
        for (int b = 0; b < runs.size(); b++) {
            Planned p = runs.get(b);
            anyAborts |= p.aborts();
            String name = TEST + g + "-" + b;
            ObjectNode branch = branches.addObject();
            branch.put("StartAt", name);
            ObjectNode states = branch.putObject("States");
            ObjectNode task = run(p, "'reason'");
            task.remove("Output");
            ObjectNode c = (ObjectNode) task.get("Catch").get(0);
            c.put("Next", p.aborts() ? name + "-Failed" : name + "-Done");
            task.put("Next", name + "-Done");
            states.set(name, task);
            states.putObject(name + "-Done").put("Type", "Succeed");
            if (p.aborts()) {
                states.putObject(name + "-Failed").put("Type", "Fail").put("Error", "Workflow.Failed")
                        .put("Cause", "{% $states.input.reason %}");
            }
        }
        parallel.put("Output", "{% $states.input %}");
        if (anyAborts) {
            ObjectNode c = parallel.putArray("Catch").addObject();
            c.putArray("ErrorEquals").add("States.ALL");
            c.put("Output", "{% $merge([$states.input, {'reason': $states.errorOutput.Cause}]) %}");
            c.put("Next", FAILED);
        }
        return parallel;
    }
}
