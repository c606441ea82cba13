package dev.stepwise.sfn;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.integrations.LocalStepFunctions;
import dev.stepwise.api.Caller;
import dev.stepwise.api.ServiceException;
import java.util.concurrent.CompletableFuture;

import dev.stepwise.engine.mock.MockConfig;
import dev.stepwise.engine.runtime.ExecutionRuntime;
import dev.stepwise.engine.runtime.Projection;
import dev.stepwise.engine.store.Catalog;
import dev.stepwise.engine.store.ExecutionLog;
import java.util.List;
import dev.stepwise.api.JsonService;
import dev.stepwise.api.Operation;
import dev.stepwise.api.PageTokens;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The Step Functions API (AWS JSON 1.0, X-Amz-Target "AWSStepFunctions.&lt;Operation&gt;"). */
public final class StepFunctionsService implements JsonService {
    private final Map<String, Operation> operations = new HashMap<>();

    /**
     * The face on the engine's executions and the store's catalog; pagination tokens are signed
     * with the catalog's secret and task tokens checked with {@code taskTokens} (the runtime's), so
     * both stay valid across restarts and nodes.
     */
    public StepFunctionsService(ExecutionLog executions, Catalog catalog, ExecutionRuntime runtime, TaskRouter router,
                                MockConfig mocks, dev.stepwise.engine.TaskTokens taskTokens, Clock clock,
                                Duration activityPollTimeout) {
        PageTokens tokens = new PageTokens(catalog.secret("page-tokens", 32), clock,
                () -> ServiceException.sfn("InvalidToken", "Invalid Token: 'Invalid token'"));
        SfnContext ctx = new SfnContext(executions, new SfnCatalog(catalog), runtime, clock, tokens,
                new TaskTokens(taskTokens, executions));
        router.activityExists(arn -> ctx.catalog().activity(arn).isPresent());
        StateMachineOperations machines = new StateMachineOperations(ctx);
        machines.register(operations);
        VersionAliasOperations versions = new VersionAliasOperations(ctx, machines);
        machines.versions(versions);
        versions.register(operations);
        ExecutionOperations executionOperations = new ExecutionOperations(ctx, machines, versions);
        executionOperations.mocks(mocks);
        executionOperations.register(operations);
        new MapRunOperations(ctx, executionOperations).register(operations);
        new ActivityOperations(ctx, router, activityPollTimeout).register(operations);
        new TagOperations(ctx).register(operations);
        new TestStateOperations(ctx, dev.stepwise.asl.eval.RandomSource.system(), router).register(operations);
    }

    /** The read models this face keeps of executions, written with their steps (Map runs). */
    public static List<Projection> projections() {
        return List.of(new MapRunProjection());
    }

    /** This API as Task states that call Step Functions use it: in process, errors as codes. */
    public LocalStepFunctions local(ExecutionRuntime runtime) {
        return new LocalStepFunctions() {
            @Override
            public ObjectNode call(String account, String region, String operation, ObjectNode request)
                    throws ApiError {
                Operation op = operations.get(operation);
                if (op == null) {
                    throw new ApiError("UnknownOperationException", "The operation " + operation + " is not supported.");
                }
                try {
                    return op.handle(new Caller(account, region, null), request);
                } catch (ServiceException e) {
                    String type = e.type();
                    throw new ApiError(type.substring(type.indexOf('#') + 1), e.getMessage());
                }
            }

            @Override
            public CompletableFuture<Void> closed(String executionArn) {
                return runtime.closed(executionArn);
            }
        };
    }

    @Override
    public String targetPrefix() {
        return "AWSStepFunctions";
    }

    @Override
    public String signingName() {
        return "states";
    }

    @Override
    public String contentType() {
        return "application/x-amz-json-1.0";
    }

    @Override
    public Map<String, Operation> operations() {
        return operations;
    }
}
