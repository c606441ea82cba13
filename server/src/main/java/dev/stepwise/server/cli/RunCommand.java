package dev.stepwise.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.eval.StatesErrors;
import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.parse.DefinitionParser;
import dev.stepwise.asl.parse.Diagnostic;
import dev.stepwise.asl.parse.ParsedDefinition;
import dev.stepwise.engine.ExecutionStatus;
import dev.stepwise.engine.WaitScale;
import dev.stepwise.engine.run.Arns;
import dev.stepwise.engine.run.InProcess;
import dev.stepwise.engine.runtime.ExecutionRuntime;
import dev.stepwise.integrations.AwsJsonIntegration;
import dev.stepwise.integrations.HttpInvokeIntegration;
import dev.stepwise.integrations.IntegrationConfig;
import dev.stepwise.integrations.Integrations;
import dev.stepwise.integrations.LambdaIntegration;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code stepwise run FILE}: runs a definition in process. Exit 0 with the output on success; exit
 * 1 with {"Error", "Cause"} when the execution fails, times out or is aborted; exit 2 for a bad
 * definition or input (diagnostics on stderr).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs a state machine definition in process and prints its output.")
public final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "the definition (Amazon States Language JSON)")
    Path file;

    @Option(names = "--input", paramLabel = "JSON", defaultValue = "{}", description = "the execution input (default {})")
    String input;

    @Option(names = "--history", paramLabel = "FILE|-",
            description = "write the history events, shaped as GetExecutionHistory returns them, to FILE (- for stderr)")
    String history;

    @Option(names = "--wait-time-scale", paramLabel = "FACTOR",
            defaultValue = "${env:STEPWISE_WAIT_TIME_SCALE:-${env:WAIT_TIME_SCALE:-1}}",
            description = "scale Wait states and retry intervals: 0 skips them, 0.1 shortens them (default 1)")
    double waitTimeScale;

    @Option(names = "--name", paramLabel = "NAME", description = "the state machine's name (default: the file's base name)")
    String name;

    @Mixin
    ArnOptions arns;

    @Mixin
    IntegrationOptions integrationOptions;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            err.println("cannot read " + file + ": " + e.getMessage());
            return 2;
        }
        ParsedDefinition parsed = DefinitionParser.parse(text);
        if (!parsed.errors().isEmpty()) {
            for (Diagnostic d : parsed.errors()) {
                err.println(d.render());
            }
            return 2;
        }
        JsonNode inputNode;
        try {
            inputNode = Json.parse(input);
        } catch (JsonProcessingException e) {
            err.println("Invalid State Machine Execution Input: '" + e.getOriginalMessage() + "'");
            return 2;
        }
        WaitScale scale;
        try {
            scale = new WaitScale(waitTimeScale);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        String machineName = name != null ? name : baseName(file);
        String executionName = UUID.randomUUID().toString();
        ExecutionRuntime.StartRequest request = new ExecutionRuntime.StartRequest(
                Arns.execution(arns.region, arns.account, machineName, executionName), executionName,
                Arns.stateMachine(arns.region, arns.account, machineName), machineName, "STANDARD", parsed.machine(),
                text, "arn:aws:iam::" + arns.account + ":role/stepwise", inputNode, input, null, null, null, null);
        // Task states make their calls for real where an integration is configured (not nested executions:
        // those need the server); the execution runs on the server's runtime, in memory, on the wall clock
        Clock clock = Clock.systemUTC();
        IntegrationConfig config = integrationOptions.config();
        Integrations integrations = new Integrations(List.of(new AwsJsonIntegration(config, clock),
                new LambdaIntegration(config, clock), new HttpInvokeIntegration(config, clock)));
        InProcess.Finished execution;
        try (InProcess run = InProcess.realTime(integrations, b -> b.waitScale(scale))) {
            execution = run.run(request, null);
        } finally {
            integrations.close();
        }
        if (history != null && !writeHistory(execution, err)) {
            return 2;
        }
        if (execution.status() == ExecutionStatus.SUCCEEDED) {
            out.println(Json.write(execution.output()));
            return 0;
        }
        ObjectNode failure = Json.object();
        String error = execution.status() == ExecutionStatus.TIMED_OUT ? StatesErrors.TIMEOUT : execution.error();
        if (error != null) {
            failure.put("Error", error);
        }
        if (execution.cause() != null) {
            failure.put("Cause", execution.cause());
        }
        out.println(Json.write(failure));
        return 1;
    }

    private boolean writeHistory(InProcess.Finished execution, PrintWriter err) {
        ObjectNode response = Json.object();
        execution.history().forEach(response.putArray("events")::add);
        String text = Json.write(response);
        if ("-".equals(history)) {
            err.println(text);
            return true;
        }
        try {
            Files.writeString(Path.of(history), text + "\n");
            return true;
        } catch (IOException e) {
            err.println("cannot write " + history + ": " + e.getMessage());
            return false;
        }
    }

    private static String baseName(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        String base = dot > 0 ? n.substring(0, dot) : n;
        String cleaned = base.replaceAll("[^A-Za-z0-9_-]", "-");
        return cleaned.isEmpty() ? "StateMachine" : cleaned.substring(0, Math.min(80, cleaned.length()));
    }
}
