package dev.stepwise.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.api.ServiceException;
import dev.stepwise.asl.json.Json;
import org.junit.jupiter.api.Test;

/** The API reference's rules on workflow steps, beyond the model's constraints. */
class WorkflowStepsTest {

    private static void ok(String steps) throws Exception {
        TransferRequest r = TransferRequest.of(Json.parse("{\"Steps\": " + steps + "}"));
        WorkflowSteps.read(r, "Steps", true);
        r.check();
        assertThatCode(() -> WorkflowSteps.check(Json.parse(steps), "Steps")).doesNotThrowAnyException();
    }

    private static void refused(String steps, String message) {
        assertThatThrownBy(() -> WorkflowSteps.check(Json.parse(steps), "Steps"))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.errorName()).isEqualTo("InvalidRequestException");
                    assertThat(e.getMessage()).isEqualTo(message);
                });
    }

    @Test
    void everyStepTypeWithItsDetailsIsAccepted() throws Exception {
        ok("[{\"Type\": \"COPY\", \"CopyStepDetails\": {\"Name\": \"c\", \"DestinationFileLocation\": "
                + "{\"S3FileLocation\": {\"Bucket\": \"bkt\", \"Key\": \"k/\"}}, \"SourceFileLocation\": "
                + "\"${original.file}\"}},"
                + "{\"Type\": \"CUSTOM\", \"CustomStepDetails\": {\"Target\": \"arn:aws:lambda:us-east-1:1:function:f\"}},"
                + "{\"Type\": \"TAG\", \"TagStepDetails\": {\"Tags\": [{\"Key\": \"a\", \"Value\": \"b\"}]}},"
                + "{\"Type\": \"DELETE\", \"DeleteStepDetails\": {\"SourceFileLocation\": \"${previous.file}\"}},"
                + "{\"Type\": \"DECRYPT\", \"DecryptStepDetails\": {\"Type\": \"PGP\", \"DestinationFileLocation\": "
                + "{\"EfsFileLocation\": {\"FileSystemId\": \"fs-01234567\", \"Path\": \"/p\"}}}}]");
        ok("[]");
    }

    @Test
    void aStepHasATypeAndExactlyItsDetails() {
        refused("[{\"DeleteStepDetails\": {}}]", "Invalid workflow step Steps[1]: a step must have a Type");
        refused("[{\"Type\": \"DELETE\"}]", "Invalid workflow step Steps[1]: a step of type DELETE needs DeleteStepDetails");
        refused("[{\"Type\": \"DELETE\", \"DeleteStepDetails\": {}}, {\"Type\": \"DELETE\", \"DeleteStepDetails\": {},"
                + " \"CopyStepDetails\": {}}]",
                "Invalid workflow step Steps[2]: CopyStepDetails cannot be given for a step of type DELETE");
    }

    @Test
    void copyAndTagAreForS3() {
        refused("[{\"Type\": \"COPY\", \"CopyStepDetails\": {\"DestinationFileLocation\": {\"S3FileLocation\": "
                + "{\"Bucket\": \"bkt\"}}}}]", "Invalid workflow step Steps[1]: a COPY step needs a "
                + "DestinationFileLocation with an S3FileLocation Bucket and Key");
        refused("[{\"Type\": \"COPY\", \"CopyStepDetails\": {\"DestinationFileLocation\": {\"EfsFileLocation\": "
                + "{\"FileSystemId\": \"fs-01234567\", \"Path\": \"/p\"}}}}]",
                "Invalid workflow step Steps[1]: a COPY step copies to Amazon S3 only");
        refused("[{\"Type\": \"TAG\", \"TagStepDetails\": {}}]", "Invalid workflow step Steps[1]: a TAG step needs Tags");
    }

    @Test
    void decryptNamesOneDestination() {
        refused("[{\"Type\": \"DECRYPT\", \"DecryptStepDetails\": {\"Type\": \"PGP\", \"DestinationFileLocation\": {}}}]",
                "Invalid workflow step Steps[1]: a DECRYPT step needs exactly one of S3FileLocation and EfsFileLocation");
        refused("[{\"Type\": \"DECRYPT\", \"DecryptStepDetails\": {\"Type\": \"PGP\", \"DestinationFileLocation\": "
                + "{\"EfsFileLocation\": {\"FileSystemId\": \"fs-01234567\"}}}}]",
                "Invalid workflow step Steps[1]: a DECRYPT step's EfsFileLocation needs a FileSystemId and a Path");
    }

    @Test
    void aSourceIsThePreviousOrTheOriginalFile() {
        refused("[{\"Type\": \"CUSTOM\", \"CustomStepDetails\": {\"Target\": \"arn:aws:lambda:x:1:function:f\", "
                + "\"SourceFileLocation\": \"${last.file}\"}}]",
                "Invalid workflow step Steps[1]: SourceFileLocation must be ${previous.file} or ${original.file}");
    }

    @Test
    void atMostEightStepsAndEachDetailChecked() throws Exception {
        StringBuilder nine = new StringBuilder("[");
        for (int i = 0; i < 9; i++) {
            nine.append(i == 0 ? "" : ",").append("{\"Type\": \"DELETE\", \"DeleteStepDetails\": {}}");
        }
        TransferRequest r = TransferRequest.of(Json.parse("{\"Steps\": " + nine + "]}"));
        WorkflowSteps.read(r, "Steps", true);
        assertThatThrownBy(r::check).hasMessageContaining(
                "at 'steps' failed to satisfy constraint: Member must have length less than or equal to 8");
        TransferRequest tags = TransferRequest.of(Json.parse("{\"Steps\": [{\"Type\": \"TAG\", \"TagStepDetails\": "
                + "{\"Tags\": [{\"Key\": \"\", \"Value\": \"v\"}]}}]}"));
        WorkflowSteps.read(tags, "Steps", true);
        assertThatThrownBy(tags::check).hasMessage("1 validation error detected: Value '' at "
                + "'steps.1.member.tagStepDetails.tags.1.member.key' failed to satisfy constraint: Member must have "
                + "length greater than or equal to 1");
    }
}
