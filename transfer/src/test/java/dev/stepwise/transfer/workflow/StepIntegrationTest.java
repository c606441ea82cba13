package dev.stepwise.transfer.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.transfer.sftp.FileLocation;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The rules of steps that do not need the storage: destinations, variables, custom steps' tokens and events. */
class StepIntegrationTest {
    private static final WorkflowState.Details ALICE = new WorkflowState.Details("w-0123456789abcdefg",
            "4b0c1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d", "s-0123456789abcdef0", "alice", "36688ff5d2deda8c",
            "2026-12-06", "arn:aws:iam::123456789012:role/r", "S3");
    private static final FileLocation UPLOADED = new FileLocation.S3("in", "home/alice/report.csv", null,
            "0cc175b9c0f1b6a831c399e269772661");

    private static JsonNode json(String text) throws IOException {
        return Json.parse(text.replace('\'', '"'));
    }

    @Test
    void theUserNameAndTheUploadDateAreResolvedInADestination() {
        assertThat(StepIntegration.resolve("${transfer:UserName}/${transfer:UploadDate}/x", ALICE))
                .isEqualTo("alice/2026-12-06/x");
        // the API reference writes the prefix capitalised, the user guide not: both are taken
        assertThat(StepIntegration.resolve("${Transfer:UserName}/", ALICE)).isEqualTo("alice/");
        // other text is left as it is
        assertThat(StepIntegration.resolve("${transfer:Unknown}/$x", ALICE)).isEqualTo("${transfer:Unknown}/$x");
    }

    @Test
    void aDestinationEndingInASlashIsAFolderTheFileKeepsItsNameIn() throws IOException {
        assertThat(StepIntegration.destination(json("{'S3FileLocation': {'Bucket': 'out', "
                + "'Key': 'archive/${transfer:UserName}/'}}"), ALICE, UPLOADED))
                .isEqualTo(new FileLocation.S3("out", "archive/alice/report.csv", null, null));
        assertThat(StepIntegration.destination(json("{'S3FileLocation': {'Bucket': 'out', 'Key': 'latest'}}"),
                ALICE, UPLOADED)).isEqualTo(new FileLocation.S3("out", "latest", null, null));
        assertThat(StepIntegration.destination(json("{'EfsFileLocation': {'FileSystemId': 'fs-01234567', "
                + "'Path': '/decrypted/'}}"), ALICE, UPLOADED))
                .isEqualTo(new FileLocation.Efs("fs-01234567", "/decrypted/report.csv"));
    }

    @Test
    void aCallbackTokenIsAwsFormAndTheSameForTheSameTask() {
        String token = CustomSteps.token("arn:aws:transfer:us-east-1:123456789012:execution/w-x/e#7");
        assertThat(token).matches("\\w{1,64}").hasSize(48);
        assertThat(CustomSteps.token("arn:aws:transfer:us-east-1:123456789012:execution/w-x/e#7")).isEqualTo(token);
        assertThat(CustomSteps.token("arn:aws:transfer:us-east-1:123456789012:execution/w-x/e#8")).isNotEqualTo(token);
    }

    @Test
    void aCustomStepsEventIsAwsEvent() throws IOException {
        JsonNode event = CustomSteps.event("dG9rZW4", ALICE, UPLOADED);
        assertThat(event).isEqualTo(json("{'token': 'dG9rZW4', 'serviceMetadata': {'executionDetails': "
                + "{'workflowId': 'w-0123456789abcdefg', 'executionId': '4b0c1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d'}, "
                + "'transferDetails': {'sessionId': '36688ff5d2deda8c', 'userName': 'alice', "
                + "'serverId': 's-0123456789abcdef0'}}, 'fileLocation': {'domain': 'S3', 'bucket': 'in', "
                + "'key': 'home/alice/report.csv', 'eTag': '0cc175b9c0f1b6a831c399e269772661', 'versionId': null}}"));
        JsonNode efs = CustomSteps.event("dG9rZW4", ALICE, new FileLocation.Efs("fs-01234567", "/a/b"));
        assertThat(efs.path("fileLocation")).isEqualTo(json("{'domain': 'EFS', 'fileSystemId': 'fs-01234567', "
                + "'path': '/a/b'}"));
    }
}
