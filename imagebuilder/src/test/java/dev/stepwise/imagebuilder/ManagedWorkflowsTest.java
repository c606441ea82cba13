package dev.stepwise.imagebuilder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.imagebuilder.document.WorkflowDocuments;
import dev.stepwise.imagebuilder.document.WorkflowStep;
import dev.stepwise.imagebuilder.document.WorkflowType;
import org.junit.jupiter.api.Test;

/** AWS's managed workflows: valid documents of their types, with the steps AWS's runs of them show. */
class ManagedWorkflowsTest {

    @Test
    void everyManagedDocumentIsValidForItsType() {
        for (ManagedWorkflows.Definition d : ManagedWorkflows.definitions()) {
            assertThat(WorkflowDocuments.read(d.data(), d.type()).problems()).as(d.name()).isEmpty();
        }
    }

    @Test
    void buildImageHasTheStepsOfAwsBuilds() {
        WorkflowRecord build = ManagedWorkflows.all("eu-west-1").stream().filter(w -> w.name().equals("build-image"))
                .findFirst().orElseThrow();
        assertThat(build.arn()).isEqualTo("arn:aws:imagebuilder:eu-west-1:aws:workflow/build/build-image/1.0.3/1");
        assertThat(build.owner()).isEqualTo("Amazon");
        assertThat(WorkflowDocuments.read(build.data(), WorkflowType.BUILD).document().steps())
                .extracting(WorkflowStep::name, WorkflowStep::action).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("LaunchBuildInstance", "LaunchInstance"),
                        org.assertj.core.groups.Tuple.tuple("ApplyBuildComponents", "ExecuteComponents"),
                        org.assertj.core.groups.Tuple.tuple("InventoryCollection", "CollectImageMetadata"),
                        org.assertj.core.groups.Tuple.tuple("RunSanitizeScript", "SanitizeInstance"),
                        org.assertj.core.groups.Tuple.tuple("RunSysPrepScript", "RunSysPrep"),
                        org.assertj.core.groups.Tuple.tuple("CreateOutputAMI", "CreateImage"),
                        org.assertj.core.groups.Tuple.tuple("TerminateBuildInstance", "TerminateInstance"));
    }

    @Test
    void versionSelectorsFindTheManagedBuilds() {
        assertThat(ManagedWorkflows.matching("us-east-1", WorkflowType.TEST, "test-image", VersionSelector.ANY, null))
                .extracting(WorkflowRecord::arn)
                .containsExactly("arn:aws:imagebuilder:us-east-1:aws:workflow/test/test-image/1.0.3/1");
        assertThat(ManagedWorkflows.matching("us-east-1", WorkflowType.TEST, "test-image",
                new VersionSelector(2, null, null), null)).isEmpty();
        assertThat(ManagedWorkflows.matching("us-east-1", WorkflowType.BUILD, "test-image", VersionSelector.ANY, null))
                .isEmpty();
    }
}
