package dev.stepwise.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.server.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stepwise test}: one line per test case, exit 0 / 1 / 2, and the messages of bad files. */
class TestCommandTest {
    private static final Path ROOT = Path.of(System.getProperty("stepwise.root", ".."));
    private static final Path EXAMPLES = ROOT.resolve("examples");

    @TempDir
    Path tmp;

    private record Result(int code, List<String> out, String err) {}

    private static Result test(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 1];
        all[0] = "test";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), all);
        return new Result(code, out.toString().lines().toList(), err.toString());
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(tmp.resolve(name), text);
    }

    @Test
    void theCommittedExamplePassesEveryCase() {
        Result r = test(EXAMPLES.resolve("order.json").toString(), "--mock-config",
                EXAMPLES.resolve("order.mocks.json").toString(), "--expect",
                EXAMPLES.resolve("order.expect.json").toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).containsExactly(
                "PASS HappyPath SUCCEEDED {\"orderId\":\"o-1\",\"charge\":{\"chargeId\":\"ch_1\"},"
                        + "\"receipt\":{\"receiptId\":\"msg-1\"}}",
                "PASS ThrottledThenCharged SUCCEEDED {\"orderId\":\"o-2\",\"charge\":{\"chargeId\":\"ch_2\"},"
                        + "\"receipt\":{\"receiptId\":\"msg-1\"}}",
                "PASS CardDeclined FAILED {\"Error\":\"OrderDeclined\",\"Cause\":\"The card was declined.\"}");
        assertThat(r.code()).isZero();
    }

    private static final String DEFINITION = """
            {"StartAt": "Call", "States": {
              "Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                       "Parameters": {"FunctionName": "f"}, "OutputPath": "$.Payload", "Next": "Pause"},
              "Pause": {"Type": "Wait", "Seconds": 86400, "Next": "Notify"},
              "Notify": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish",
                         "Parameters": {"Message": "m"}, "ResultPath": null, "End": true}}}""";
    private static final String CONFIG = """
            {"StateMachines": {"flow": {"TestCases": {
               "Ok": {"Call": "Answer", "Notify": "Published"},
               "Broken": {"Call": "Fails"},
               "Unmocked": {"Call": "Answer"}}}},
             "MockedResponses": {
               "Answer": {"0": {"Return": {"Payload": {"answer": 42}}}},
               "Fails": {"0": {"Throw": {"Error": "Lambda.ServiceException", "Cause": "down"}}},
               "Published": {"0": {"Return": {"MessageId": "1"}}}}}""";

    @Test
    void aMismatchWithTheExpectationsExitsOneAndSaysWhatDiffers() throws IOException {
        Path def = write("flow.json", DEFINITION);
        Path config = write("mocks.json", CONFIG);
        Path expect = write("expect.json", """
                {"Ok": {"output": {"answer": 42}},
                 "Broken": {"status": "FAILED", "error": "Lambda.ServiceException", "cause": "down"},
                 "Unmocked": {"status": "SUCCEEDED"}}""");
        Result r = test(def.toString(), "--mock-config", config.toString(), "--expect", expect.toString());
        assertThat(r.out()).containsExactly(
                "PASS Ok SUCCEEDED {\"answer\":42}",
                "PASS Broken FAILED {\"Error\":\"Lambda.ServiceException\",\"Cause\":\"down\"}",
                "FAIL Unmocked FAILED {\"Error\":\"States.Runtime\",\"Cause\":\"The state 'Notify' (resource "
                        + "arn:aws:states:::sns:publish) is not mocked and this run calls no real services: map it to "
                        + "a mocked response in StateMachines.flow.TestCases.Unmocked of the mock configuration "
                        + "file.\"}");
        assertThat(r.err()).contains("Unmocked: expected status SUCCEEDED, got FAILED");
        assertThat(r.code()).isEqualTo(1);
    }

    @Test
    void withoutExpectationsACasePassesWhenItSucceeds() throws IOException {
        Path def = write("flow.json", DEFINITION);
        Path config = write("mocks.json", CONFIG);
        Result r = test(def.toString(), "--mock-config", config.toString(), "--wait-time-scale", "0");
        assertThat(r.out()).hasSize(3);
        assertThat(r.out().get(0)).startsWith("PASS Ok SUCCEEDED");
        assertThat(r.out().get(1)).startsWith("FAIL Broken FAILED");
        assertThat(r.code()).isEqualTo(1);
    }

    @Test
    void theStateMachineIsNamedByFlagByFileNameOrIsTheOnlyOne() throws IOException {
        Path config = write("mocks.json", """
                {"StateMachines": {"first": {"TestCases": {"Ok": {"Call": "Answer"}}},
                                   "second": {"TestCases": {"Only": {"Call": "Answer", "Notify": "Published"}}}},
                 "MockedResponses": {"Answer": {"0": {"Return": {"Payload": {"answer": 42}}}},
                                     "Published": {"0": {"Return": {"MessageId": "1"}}}}}""");
        Path def = write("other.json", DEFINITION);
        Result unnamed = test(def.toString(), "--mock-config", config.toString());
        assertThat(unnamed.code()).isEqualTo(2);
        assertThat(unnamed.err()).contains("configures no state machine named after other.json ('other'): choose "
                + "one of first, second with --state-machine");
        Result named = test(def.toString(), "--mock-config", config.toString(), "--state-machine", "second");
        assertThat(named.out()).containsExactly("PASS Only SUCCEEDED {\"answer\":42}");
        assertThat(named.code()).isZero();
        Result byFile = test(write("second.json", DEFINITION).toString(), "--mock-config", config.toString());
        assertThat(byFile.out()).containsExactly("PASS Only SUCCEEDED {\"answer\":42}");
        Result unknown = test(def.toString(), "--mock-config", config.toString(), "--state-machine", "third");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("configures no state machine 'third' (it configures first, second)");
    }

    @Test
    void badDefinitionsConfigurationsAndExpectationsExitTwo() throws IOException {
        Path def = write("flow.json", DEFINITION);
        Path config = write("mocks.json", CONFIG);
        Result badDefinition = test(write("bad.json", "{\"StartAt\": \"Nowhere\", \"States\": {}}").toString(),
                "--mock-config", config.toString());
        assertThat(badDefinition.code()).isEqualTo(2);
        assertThat(badDefinition.out()).isEmpty();
        Result badConfig = test(def.toString(), "--mock-config",
                write("badmocks.json", "{\"StateMachines\": {\"flow\": {\"TestCases\": {\"Ok\": {\"Call\": \"X\"}}}}}")
                        .toString());
        assertThat(badConfig.code()).isEqualTo(2);
        assertThat(badConfig.err()).contains("StateMachines.flow.TestCases.Ok.Call names the mocked response 'X', "
                + "which MockedResponses does not define");
        Result badExpect = test(def.toString(), "--mock-config", config.toString(), "--expect",
                write("e.json", "{\"Nope\": {}}").toString());
        assertThat(badExpect.code()).isEqualTo(2);
        assertThat(badExpect.err()).contains("Nope is not a test case of the mock configuration (its cases: Ok, "
                + "Broken, Unmocked)");
        Result noConfig = test(def.toString(), "--mock-config", tmp.resolve("missing.json").toString());
        assertThat(noConfig.code()).isEqualTo(2);
        assertThat(noConfig.err()).contains("cannot read the mock configuration file");
    }
}
