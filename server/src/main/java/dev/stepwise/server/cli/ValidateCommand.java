package dev.stepwise.server.cli;

import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.parse.DefinitionParser;
import dev.stepwise.asl.parse.ParsedDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stepwise validate FILE}: ValidateStateMachineDefinition's answer; exit 0 for OK, 2 for FAIL. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Checks a state machine definition and prints the diagnostics as JSON.")
public final class ValidateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "the definition (Amazon States Language JSON)")
    Path file;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            spec.commandLine().getErr().println("cannot read " + file + ": " + e.getMessage());
            return 2;
        }
        ParsedDefinition parsed = DefinitionParser.parse(text);
        spec.commandLine().getOut().println(Json.write(DefinitionFiles.validationResponse(parsed)));
        return parsed.errors().isEmpty() ? 0 : 2;
    }
}
