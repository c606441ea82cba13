package dev.stepwise.server;

import dev.stepwise.server.cli.RunCommand;
import dev.stepwise.server.cli.ServerCommand;
import dev.stepwise.server.cli.TestCommand;
import dev.stepwise.server.cli.ValidateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code stepwise} command line. */
@Command(name = "stepwise", mixinStandardHelpOptions = true, version = "stepwise 0.1.0",
        description = "A self-hosted workflow engine that speaks the AWS Step Functions API.",
        subcommands = {ServerCommand.class, RunCommand.class, ValidateCommand.class, TestCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (tests call this instead of main). */
    public static int execute(String... args) {
        return execute(null, null, args);
    }

    /** As {@link #execute(String...)}, printing to {@code out} and {@code err} (null: the standard streams). */
    public static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main());
        if (out != null) {
            cli.setOut(out);
        }
        if (err != null) {
            cli.setErr(err);
        }
        cli.setExitCodeExceptionMapper(e -> 2);
        cli.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println(ex.getMessage());
            ex.getCommandLine().usage(ex.getCommandLine().getErr());
            return 2;
        });
        return cli.execute(args);
    }
}
