package dev.stepwise.sfn;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.integrations.LocalStepFunctions;
import dev.stepwise.api.Caller;
import dev.stepwise.api.ServiceException;
import java.util.concurrent.CompletableFuture;

import dev.stepwise.engine.runtime.ExecutionRuntime;
import dev.stepwise.engine.store.Store;
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

    public StepFunctionsService(Store store, ExecutionRuntime runtime, TaskRouter router, Clock clock,
                                byte[] tokenKey, Duration activityPollTimeout) {
        PageTokens tokens = new PageTokens(tokenKey, clock,
                () -> ServiceException.sfn("InvalidToken", "Invalid Token: 'Invalid token'"));
        SfnContext ctx = new SfnContext(store, runtime, clock, tokens);
        StateMachineOperations machines = new StateMachineOperations(ctx);
        machines.register(operations);
        VersionAliasOperations versions = new VersionAliasOperations(ctx, machines);
        machines.versions(versions);
        versions.register(operations);
        ExecutionOperations executions = new ExecutionOperations(ctx, machines, versions);
        executions.mocks(router.mocks());
        executions.register(operations);
        new MapRunOperations(ctx, executions).register(operations);
        new ActivityOperations(ctx, router, activityPollTimeout).register(operations);
        new TagOperations(ctx).register(operations);
        new TestStateOperations(ctx, dev.stepwise.asl.eval.RandomSource.system(), router).register(operations);
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
