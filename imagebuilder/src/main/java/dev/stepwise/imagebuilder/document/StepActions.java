package dev.stepwise.imagebuilder.document;

import static dev.stepwise.imagebuilder.document.StepAction.ActionInput.listOfMaps;
import static dev.stepwise.imagebuilder.document.StepAction.ActionInput.oneOf;
import static dev.stepwise.imagebuilder.document.StepAction.ActionInput.optional;
import static dev.stepwise.imagebuilder.document.StepAction.ActionInput.required;
import static dev.stepwise.imagebuilder.document.StepAction.ActionInput.stepOutputReference;

import dev.stepwise.imagebuilder.document.StepAction.ActionInput;
import dev.stepwise.imagebuilder.document.StepAction.InputType;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The step actions of workflow documents, with their inputs, outputs, stages and time-outs as AWS's
 * documentation lists them ("Supported step actions for your workflow document"). LaunchInstance
 * also has the output {@code instanceType}, which AWS's own example of string interpolation reads.
 */
public final class StepActions {
    private static final Set<WorkflowType> ANY_STAGE = EnumSet.allOf(WorkflowType.class);
    private static final Set<WorkflowType> DISTRIBUTION = EnumSet.of(WorkflowType.DISTRIBUTION);
    private static final List<String> RUN_COMMAND_OUTPUTS = List.of("runCommandId", "status", "output");
    private static final Map<String, StepAction> ACTIONS = new LinkedHashMap<>();

    static {
        ActionInput instanceId = required("instanceId", InputType.STRING);
        add(new StepAction("ApplyImageConfigurations", DISTRIBUTION, List.of(
                stepOutputReference("distributedImages"),
                listOfMaps("configurations", required("region", InputType.STRING),
                        optional("licenseConfigurationArns", InputType.STRING_LIST),
                        optional("launchTemplateConfigurations", InputType.LIST),
                        optional("s3ExportConfiguration", InputType.LIST),
                        optional("fastLaunchConfigurations", InputType.LIST),
                        optional("ssmParameterConfigurations", InputType.LIST))),
                List.of("configuredImages"), minutes(360), minutes(720), false));
        add(new StepAction("BootstrapInstanceForContainer", ANY_STAGE, List.of(instanceId), RUN_COMMAND_OUTPUTS,
                minutes(60), minutes(720), false));
        add(new StepAction("CollectImageMetadata", ANY_STAGE, List.of(instanceId),
                List.of("osVersion", "associationId"), minutes(30), minutes(720), true));
        add(new StepAction("CollectImageScanFindings", EnumSet.of(WorkflowType.TEST), List.of(instanceId),
                RUN_COMMAND_OUTPUTS, minutes(120), minutes(720), false));
        add(new StepAction("CreateImage", ANY_STAGE, List.of(instanceId), List.of("imageId"), minutes(720),
                Duration.ofDays(3), false));
        add(new StepAction("CreateImageFromIso", ANY_STAGE, List.of(instanceId),
                List.of("amiName", "snapshotId", "architecture"), minutes(720), minutes(720), false));
        add(new StepAction("DistributeContainerImage", DISTRIBUTION, List.of(instanceId),
                List.of("status", "succeededRegions", "failedRegions"), minutes(120), minutes(720), false));
        add(new StepAction("DistributeImage", DISTRIBUTION, List.of(
                listOfMaps("distributions", required("region", InputType.STRING), optional("name", InputType.STRING),
                        optional("description", InputType.STRING),
                        optional("targetAccountIds", InputType.STRING_LIST), optional("amiTags", InputType.MAP),
                        optional("kmsKeyId", InputType.STRING))),
                List.of("distributedImages"), minutes(360), minutes(720), false));
        add(new StepAction("ExecuteComponents", EnumSet.of(WorkflowType.BUILD, WorkflowType.TEST), List.of(instanceId),
                RUN_COMMAND_OUTPUTS, minutes(720), Duration.ofDays(1), false));
        add(new StepAction("ExecuteStateMachine", ANY_STAGE, List.of(required("stateMachineArn", InputType.STRING),
                optional("input", InputType.STRING)), List.of("executionArn", "output"), Duration.ofHours(6),
                Duration.ofHours(24), false));
        add(new StepAction("LaunchInstance", ANY_STAGE, List.of(optional("imageIdOverride", InputType.STRING),
                optional("instanceTypesOverride", InputType.STRING_LIST), oneOf("waitFor", true, "ssmAgent"),
                oneOf("healthCheck", false, "RUNNING", "STATUS_CHECK_PASSED")), List.of("instanceId", "instanceType"),
                minutes(75), minutes(720), true));
        add(new StepAction("ModifyImageAttributes", DISTRIBUTION, List.of(
                stepOutputReference("distributedImages"),
                listOfMaps("attributes", required("region", InputType.STRING),
                        optional("launchPermission", InputType.MAP))),
                List.of("modifiedImages"), minutes(120), minutes(180), false));
        add(new StepAction("RegisterImage", ANY_STAGE, List.of(
                oneOf("architecture", false, "i386", "x86_64", "arm64", "x86_64_mac", "arm64_mac"),
                optional("blockDeviceMapping", InputType.LIST),
                oneOf("bootMode", false, "legacy-bios", "uefi", "uefi-preferred"),
                optional("description", InputType.STRING), optional("enaSupport", InputType.BOOLEAN),
                optional("imageLocation", InputType.STRING), oneOf("imdsSupport", false, "v2.0"),
                optional("includeSnapshotTags", InputType.BOOLEAN), optional("kernelId", InputType.STRING),
                optional("ramdiskId", InputType.STRING), optional("rootDeviceName", InputType.STRING),
                optional("sriovNetSupport", InputType.STRING), oneOf("tpmSupport", false, "v2.0"),
                optional("uefiData", InputType.STRING), oneOf("virtualizationType", false, "hvm", "paravirtual")),
                List.of("imageId"), minutes(540), minutes(720), false));
        add(new StepAction("RunCommand", ANY_STAGE, List.of(instanceId, required("documentName", InputType.STRING),
                optional("parameters", InputType.STRING_LIST_MAP), optional("documentVersion", InputType.STRING)),
                RUN_COMMAND_OUTPUTS, minutes(720), minutes(720), false));
        add(new StepAction("RunSysPrep", ANY_STAGE, List.of(instanceId), RUN_COMMAND_OUTPUTS, minutes(60),
                minutes(720), false));
        add(new StepAction("SanitizeInstance", ANY_STAGE, List.of(instanceId), RUN_COMMAND_OUTPUTS, minutes(60),
                minutes(720), false));
        add(new StepAction("TerminateInstance", ANY_STAGE, List.of(instanceId,
                optional("waitForTermination", InputType.BOOLEAN)), List.of(), minutes(30), minutes(720), false));
        add(new StepAction("WaitForAction", ANY_STAGE, List.of(optional("snsTopicArn", InputType.STRING),
                optional("lambdaFunctionName", InputType.STRING), optional("payload", InputType.STRING)),
                List.of("action", "reason"), Duration.ofDays(3), Duration.ofDays(7), false));
        add(new StepAction("WaitForSSMAgent", ANY_STAGE, List.of(instanceId), List.of("status"), minutes(60),
                minutes(180), false));
    }

    private StepActions() {}

    private static void add(StepAction action) {
        ACTIONS.put(action.name(), action);
    }

    private static Duration minutes(long n) {
        return Duration.ofMinutes(n);
    }

    public static Optional<StepAction> find(String name) {
        return Optional.ofNullable(ACTIONS.get(name));
    }

    /** Every action, in alphabetical order. */
    public static Collection<StepAction> all() {
        return ACTIONS.values();
    }
}
