package dev.stepwise.server;

import dev.stepwise.engine.Command;
import dev.stepwise.engine.Signal;
import dev.stepwise.engine.runtime.ExecutionRuntime;
import dev.stepwise.engine.runtime.TaskDispatcher;
import dev.stepwise.server.http.AwsJsonEndpoint;
import dev.stepwise.server.http.PageTokens;
import dev.stepwise.server.sfn.StepFunctionsService;
import dev.stepwise.store.JdbcStore;
import io.javalin.Javalin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * The server: the embedded store, the execution runtime and the HTTP faces, wired together. Start
 * it with {@link #start}; {@link #port} tells where it listens (useful with port 0).
 */
public final class StepwiseServer implements AutoCloseable {
    private final JdbcStore store;
    private final ExecutionRuntime runtime;
    private final Javalin http;

    private StepwiseServer(JdbcStore store, ExecutionRuntime runtime, Javalin http) {
        this.store = store;
        this.runtime = runtime;
        this.http = http;
    }

    public static StepwiseServer start(ServerConfig config) {
        Clock clock = Clock.systemUTC();
        JdbcStore store = JdbcStore.openSqlite(config.dataDir(), config.synchronousFull());
        ExecutionRuntime[] runtimeRef = new ExecutionRuntime[1];
        TaskDispatcher tasks = new TaskDispatcher() {
            @Override
            public void dispatch(String executionArn, Command.StartTask task) {
                runtimeRef[0].deliver(executionArn, new Signal.TaskFailed(task.taskId(), "States.Runtime",
                        "No integration is configured for the resource '" + task.resource() + "'."));
            }

            @Override
            public void cancel(String taskId) {
                // nothing is running
            }
        };
        ExecutionRuntime runtime = new ExecutionRuntime(store, clock, config.waitScale(), tasks);
        runtimeRef[0] = runtime;
        PageTokens tokens = new PageTokens(secret(config.dataDir()), clock);
        StepFunctionsService sfn = new StepFunctionsService(store, runtime, clock, tokens, config.region(),
                config.account());
        AwsJsonEndpoint endpoint = new AwsJsonEndpoint(sfn);
        Javalin http = Javalin.create(c -> {
            c.concurrency.useVirtualThreads = true;
            c.http.maxRequestSize = 4L * 1024 * 1024;
            c.startup.showJavalinBanner = false;
            c.jetty.host = config.host();
            c.jetty.port = config.port();
            c.routes.post("/", endpoint);
            c.routes.get("/health", ctx -> ctx.json(java.util.Map.of("status", "ok")));
        });
        runtime.recover();
        http.start();
        return new StepwiseServer(store, runtime, http);
    }

    public int port() {
        return http.port();
    }

    /** The key that signs pagination tokens, kept in the data folder so tokens survive a restart. */
    private static byte[] secret(Path dataDir) {
        Path file = dataDir.resolve("token.key");
        try {
            if (Files.exists(file)) {
                return Files.readAllBytes(file);
            }
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Files.write(file, key);
            return key;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or write " + file, e);
        }
    }

    @Override
    public void close() {
        http.stop();
        runtime.close();
        store.close();
    }
}
