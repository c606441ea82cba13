package dev.stepwise.imagebuilder.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The built-in action provider: nothing is launched; every action answers at once with outputs of
 * the forms AWS documents ({@code i-} and {@code ami-} followed by 17 hex digits, SSM command ids as
 * UUIDs, …), derived from the step's execution id, so the same run always gets the same ids and a
 * document's {@code $.stepOutputs} chain works unchanged. A {@link SimulationConfig} makes chosen
 * runs of chosen steps fail, replaces outputs, or fails rollbacks.
 */
public final class SimulatedActions implements ActionProvider {
    private final SimulationConfig config;
    /** Runs so far per workflow name and step name. */
    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

    public SimulatedActions(SimulationConfig config) {
        this.config = config;
    }

    @Override
    public ObjectNode perform(ActionRequest r) throws ActionFailure {
        int attempt = runs.computeIfAbsent(r.workflowName() + "/" + r.stepName(), k -> new AtomicInteger())
                .incrementAndGet();
        SimulationConfig.Rule rule = config.rule(r.workflowName(), r.stepName(), r.action(), attempt);
        if (rule != null && rule.fail() != null) {
            throw new ActionFailure(rule.fail());
        }
        ObjectNode outputs = outputs(r);
        if (rule != null && rule.outputs() != null) {
            outputs.setAll(rule.outputs().deepCopy());
        }
        return outputs;
    }

    @Override
    public void rollback(ActionRequest r, JsonNode outputs) throws ActionFailure {
        // a rollback's rule is the step's last run's; runs are counted by perform only
        int attempt = runs.getOrDefault(r.workflowName() + "/" + r.stepName(), new AtomicInteger()).get();
        SimulationConfig.Rule rule = config.rule(r.workflowName(), r.stepName(), r.action(), Math.max(attempt, 1));
        if (rule != null && rule.rollbackFail() != null) {
            throw new ActionFailure(rule.rollbackFail());
        }
    }

    /** The outputs an action answers, as AWS's documentation of the step actions lists them. */
    static ObjectNode outputs(ActionRequest r) {
        String seed = r.stepExecutionId();
        ObjectNode o = Json.object();
        switch (r.action()) {
            case "LaunchInstance" -> {
                o.put("instanceId", "i-" + hex(seed, "instanceId", 17));
                JsonNode types = r.inputs().path("instanceTypesOverride");
                o.put("instanceType", types.isArray() && !types.isEmpty() ? types.get(0).asText()
                        : r.context().path("instanceType").asText("m5.large"));
            }
            case "CreateImage", "RegisterImage" -> o.put("imageId", "ami-" + hex(seed, "imageId", 17));
            case "CreateImageFromIso" -> {
                o.put("amiName", r.context().path("imageName").asText("image") + "-" + hex(seed, "amiName", 8));
                o.put("snapshotId", "snap-" + hex(seed, "snapshotId", 17));
                o.put("architecture", "x86_64");
            }
            case "BootstrapInstanceForContainer", "CollectImageScanFindings", "ExecuteComponents", "RunCommand",
                 "RunSysPrep", "SanitizeInstance" -> {
                o.put("runCommandId", uuid(seed, "runCommandId"));
                o.put("status", "Success");
                o.put("output", "");
            }
            case "CollectImageMetadata" -> {
                o.put("osVersion", r.context().path("osVersion").asText("Amazon Linux 2023"));
                o.put("associationId", uuid(seed, "associationId"));
            }
            case "DistributeImage" -> o.set("distributedImages", distributed(r, "distributions"));
            case "ApplyImageConfigurations" -> o.set("configuredImages", r.inputs().path("distributedImages")
                    .isArray() ? r.inputs().get("distributedImages").deepCopy() : distributed(r, "configurations"));
            case "ModifyImageAttributes" -> o.set("modifiedImages", r.inputs().path("distributedImages")
                    .isArray() ? r.inputs().get("distributedImages").deepCopy() : distributed(r, "attributes"));
            case "DistributeContainerImage" -> {
                o.put("status", "Success");
                o.putArray("succeededRegions").add(r.context().path("region").asText("us-east-1"));
                o.putArray("failedRegions");
            }
            case "WaitForSSMAgent" -> o.put("status", "Success");
            default -> { } // TerminateInstance and the rest answer no outputs
        }
        return o;
    }

    /** One image per region the input lists (the build's region when it lists none). */
    private static ArrayNode distributed(ActionRequest r, String listInput) {
        ArrayNode images = Json.array();
        JsonNode list = r.inputs().path(listInput);
        String home = r.context().path("region").asText("us-east-1");
        if (!list.isArray() || list.isEmpty()) {
            images.addObject().put("region", home).put("image", "ami-" + hex(r.stepExecutionId(), home, 17));
            return images;
        }
        for (JsonNode d : list) {
            String region = d.path("region").asText(home);
            images.addObject().put("region", region).put("image", "ami-" + hex(r.stepExecutionId(), region, 17));
        }
        return images;
    }

    /** {@code length} hex digits derived from the seed and a salt. */
    static String hex(String seed, String salt, int length) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((seed + "/" + salt)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, length);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private static String uuid(String seed, String salt) {
        return UUID.nameUUIDFromBytes((seed + "/" + salt).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
