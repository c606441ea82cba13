package dev.stepwise.sfn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.api.AnswerDelivery;
import dev.stepwise.api.Caller;
import dev.stepwise.api.Operation;
import dev.stepwise.api.RequestReader;
import dev.stepwise.api.ServiceException;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.ExecutionJson;
import dev.stepwise.engine.Signal;
import dev.stepwise.engine.history.HistoryJson;
import dev.stepwise.engine.mock.MockConfig;
import dev.stepwise.engine.runtime.ExecutionRuntime;
import dev.stepwise.engine.store.ExecutionLog;
import dev.stepwise.engine.store.ExecutionRecord;
import dev.stepwise.engine.store.ExecutionSummary;
import dev.stepwise.engine.store.Page;
import dev.stepwise.engine.store.StoreConflictException;
import dev.stepwise.sfn.SfnRecords.StateMachineRecord;
import dev.stepwise.sfn.SfnRecords.VersionRecord;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/** StartExecution, DescribeExecution, StopExecution, ListExecutions, GetExecutionHistory. */
final class ExecutionOperations {
    /** ExecutionStatus, in the order AWS's validation message lists it. */
    static final List<String> STATUSES = List.of("SUCCEEDED", "TIMED_OUT", "PENDING_REDRIVE", "ABORTED", "FAILED",
            "RUNNING");
    static final int MAX_PAYLOAD = 262_144;

    private final SfnContext ctx;
    private final StateMachineOperations machines;
    private final VersionAliasOperations versions;
    private final java.security.SecureRandom routingDraws = new java.security.SecureRandom();
    /** Mocked service integrations, or null when the server has no mock configuration. */
    private MockConfig mocks;

    ExecutionOperations(SfnContext ctx, StateMachineOperations machines, VersionAliasOperations versions) {
        this.ctx = ctx;
        this.machines = machines;
        this.versions = versions;
    }

    /** What an execution runs: the machine, or one of its versions (chosen through an alias). */
    private record Target(StateMachineRecord machine, String definition, String roleArn, String versionArn,
                          String aliasArn) {}

    private Target target(Caller caller, String arn) {
        ResourceArn parsed = ResourceArn.parse(arn, "stateMachine");
        if (!parsed.ownedBy(caller)) {
            throw StateMachineOperations.doesNotExist(arn);
        }
        if (parsed.qualifier() == null) {
            StateMachineRecord m = machines.find(caller, arn);
            return new Target(m, m.definition(), m.roleArn(), null, null);
        }
        String base = parsed.unqualified();
        StateMachineRecord m = ctx.catalog().stateMachine(base).orElseThrow(() -> StateMachineOperations.doesNotExist(arn));
        String versionArn = arn;
        String aliasArn = null;
        if (!parsed.qualifier().matches("\\d+")) {
            var alias = ctx.catalog().alias(arn).orElseThrow(() -> StateMachineOperations.doesNotExist(arn));
            aliasArn = arn;
            versionArn = pick(VersionAliasOperations.routing(alias));
        }
        VersionRecord v = ctx.catalog().version(versionArn).orElseThrow(() -> StateMachineOperations.doesNotExist(arn));
        return new Target(m, v.definition(), v.roleArn(), v.arn(), aliasArn);
    }

    /** Draws a version from an alias's routing configuration by weight. */
    private String pick(JsonNode routing) {
        int draw = routingDraws.nextInt(100);
        int sum = 0;
        for (JsonNode route : routing) {
            sum += route.path("weight").asInt();
            if (draw < sum) {
                return route.path("stateMachineVersionArn").asText();
            }
        }
        return routing.get(routing.size() - 1).path("stateMachineVersionArn").asText();
    }

    /** Lets executions start on "stateMachineArn#TestCase" (Step Functions Local's mocked service integrations). */
    void mocks(MockConfig mocks) {
        this.mocks = mocks;
    }

    void register(Map<String, Operation> ops) {
        ops.put("StartExecution", this::start);
        ops.put("StartSyncExecution", this::startSync);
        ops.put("DescribeExecution", this::describe);
        ops.put("StopExecution", this::stop);
        ops.put("ListExecutions", this::list);
        ops.put("GetExecutionHistory", this::history);
        ops.put("RedriveExecution", this::redrive);
    }

    /** A parsed StartExecution / StartSyncExecution request. */
    private record StartCall(Target target, String name, String inputText, JsonNode input, String testCase) {}

    private StartCall startCall(Caller caller, JsonNode body) {
        RequestReader r = new RequestReader(body);
        String machineArn = r.requiredString("stateMachineArn", 1, 256);
        String name = r.string("name", 1, 80);
        String input = r.string("input", 0, MAX_PAYLOAD);
        r.string("traceHeader", 0, 256);
        r.check();
        String testCase = null;
        int hash = machineArn.indexOf('#');
        if (mocks != null && hash >= 0) {
            // Step Functions Local: "arn…:stateMachine:Name#TestCase" runs the machine with that test case's mocks
            testCase = machineArn.substring(hash + 1);
            machineArn = machineArn.substring(0, hash);
        }
        Target target = target(caller, machineArn);
        if (testCase != null && mocks.session(target.machine().name(), testCase).isEmpty()) {
            throw ResourceArn.invalid(undefinedTestCase(target.machine().name(), testCase));
        }
        if (name == null) {
            name = Ids.uuid();
        }
        Names.check(name);
        String inputText = input == null ? "{}" : input;
        return new StartCall(target, name, inputText, parseInput(inputText), testCase);
    }

    /** The message for a test case the mock configuration does not define. */
    private String undefinedTestCase(String machineName, String testCase) {
        List<String> cases = mocks.testCaseNames(machineName);
        return "Test case '" + testCase + "' is not defined for state machine '" + machineName
                + "' in the mock configuration file " + mocks.source() + (cases.isEmpty()
                ? " (it defines no test cases for that state machine)"
                : " (it defines " + String.join(", ", cases) + ")");
    }

    private ObjectNode start(Caller caller, JsonNode body) {
        StartCall call = startCall(caller, body);
        StateMachineRecord machine = call.target().machine();
        if ("EXPRESS".equals(machine.type())) {
            // EXPRESS executions are not idempotent: every start is a new execution
            return started(startExpress(caller, call, true));
        }
        ExecutionLog store = ctx.executions();
        // a name already taken is found by the store's uniqueness rule (of ARNs, which name the machine and
        // the execution), not by reading first
        String executionArn = SfnContext.executionArn(caller, machine.name(), call.name());
        try {
            return started(run(call, executionArn, true));
        } catch (StoreConflictException e) {
            ExecutionRecord raced = store.execution(executionArn).orElseThrow(() -> e);
            return startedOrConflict(raced, call.inputText());
        }
    }

    /**
     * Starts the execution. With {@code answerFirst}, its first step's commands (a task handed out, a
     * Lambda function invoked) are carried out once this call's answer is written, as StartExecution's
     * answer never depends on them; StartSyncExecution waits for the execution's end instead.
     */
    private ExecutionRecord run(StartCall call, String executionArn, boolean answerFirst) {
        Target target = call.target();
        StateMachineRecord machine = target.machine();
        ExecutionRuntime.StartRequest request = new ExecutionRuntime.StartRequest(executionArn, call.name(),
                machine.arn(), machine.name(), machine.type(),
                StateMachineOperations.parseDefinition(target.definition(), machine.type()).machine(),
                target.definition(), target.roleArn(), call.input(), call.inputText(), target.versionArn(),
                target.aliasArn(), null, null);
        return answerFirst
                ? ctx.runtime().start(request, call.testCase(), work -> AnswerDelivery.afterAnswer(work, work))
                : ctx.runtime().start(request, call.testCase());
    }

    private ExecutionRecord startExpress(Caller caller, StartCall call, boolean answerFirst) {
        String arn = SfnContext.expressExecutionArn(caller, call.target().machine().name(), call.name()) + ":"
                + Ids.uuid();
        return run(call, arn, answerFirst);
    }

    /** StartSyncExecution: runs an EXPRESS execution and answers with how it ended. */
    private ObjectNode startSync(Caller caller, JsonNode body) {
        StartCall call = startCall(caller, body);
        if (!"EXPRESS".equals(call.target().machine().type())) {
            throw ServiceException.sfn("StateMachineTypeNotSupported",
                    "This operation is not supported by this type of state machine");
        }
        ExecutionRecord started = startExpress(caller, call, false);
        try {
            ctx.runtime().closed(started.arn()).get(ExecutionRuntime.EXPRESS_TIMEOUT_SECONDS + 60L,
                    java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + started.arn(), e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the execution " + started.arn() + " did not end", e);
        }
        ExecutionRecord e = ctx.executions().execution(started.arn()).orElseThrow();
        ObjectNode o = Json.object();
        o.put("executionArn", e.arn());
        o.put("stateMachineArn", e.stateMachineArn());
        o.put("name", e.name());
        o.put("startDate", HistoryJson.epochSeconds(e.start()));
        o.put("stopDate", HistoryJson.epochSeconds(e.stop()));
        o.put("status", e.status());
        if (e.error() != null) {
            o.put("error", e.error());
        }
        if (e.cause() != null) {
            o.put("cause", e.cause());
        }
        o.put("input", e.input());
        o.putObject("inputDetails").put("included", true);
        if (e.output() != null) {
            o.put("output", e.output());
        }
        o.putObject("outputDetails").put("included", true);
        long millis = java.time.Duration.between(e.start(), e.stop()).toMillis();
        o.putObject("billingDetails").put("billedMemoryUsedInMB", 64)
                .put("billedDurationInMilliseconds", Math.max(100, (millis + 99) / 100 * 100));
        return o;
    }

    /** StartExecution is idempotent while an execution of that name and input is running. */
    private static ObjectNode startedOrConflict(ExecutionRecord existing, String input) {
        if ("RUNNING".equals(existing.status()) && existing.input().equals(input)) {
            return started(existing);
        }
        throw ServiceException.sfn("ExecutionAlreadyExists", "Execution Already Exists: '" + existing.arn() + "'");
    }

    private static ObjectNode started(ExecutionRecord e) {
        ObjectNode o = Json.object();
        o.put("executionArn", e.arn());
        o.put("startDate", HistoryJson.epochSeconds(e.start()));
        return o;
    }

    static JsonNode parseInput(String input) {
        if (input.isBlank()) {
            throw ServiceException.sfn("InvalidExecutionInput", "Invalid State Machine Execution Input: 'Invalid execution input.'");
        }
        try {
            return Json.parse(input);
        } catch (JsonProcessingException e) {
            throw ServiceException.sfn("InvalidExecutionInput",
                    "Invalid State Machine Execution Input: '" + e.getOriginalMessage() + "'");
        }
    }

    private ObjectNode describe(Caller caller, JsonNode body) {
        RequestReader r = new RequestReader(body);
        String arn = r.requiredString("executionArn", 1, 256);
        r.string("includedData");
        r.check();
        return ExecutionJson.describe(find(caller, arn));
    }


    /** RedriveExecution: a FAILED, TIMED_OUT or ABORTED STANDARD execution runs again from where it stopped. */
    private ObjectNode redrive(Caller caller, JsonNode body) {
        RequestReader r = new RequestReader(body);
        String arn = r.requiredString("executionArn", 1, 256);
        r.string("clientToken", 1, 64);
        r.check();
        ExecutionRecord e = find(caller, arn);
        String reason = ExecutionJson.notRedrivableReason(e);
        if (reason != null || !ctx.runtime().redrive(e)) {
            throw ServiceException.sfn("ExecutionNotRedrivable", reason != null ? reason
                    : "Execution is " + e.status() + " and cannot be redriven");
        }
        ExecutionRecord after = find(caller, arn);
        ObjectNode o = Json.object();
        o.put("redriveDate", HistoryJson.epochSeconds(after.redriveDate()));
        return o;
    }

    private ObjectNode stop(Caller caller, JsonNode body) {
        RequestReader r = new RequestReader(body);
        String arn = r.requiredString("executionArn", 1, 256);
        String error = r.string("error", 0, 256);
        String cause = r.string("cause", 0, 32768);
        r.check();
        ExecutionRecord e = find(caller, arn);
        if ("RUNNING".equals(e.status())) {
            try {
                ctx.runtime().deliverAwaited(arn, new Signal.Stop(error, cause)).get();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while stopping " + arn, ex);
            } catch (ExecutionException ex) {
                throw new IllegalStateException("stopping " + arn + " failed", ex.getCause());
            }
            e = find(caller, arn);
        }
        ObjectNode o = Json.object();
        o.put("stopDate", HistoryJson.epochSeconds(e.stop() != null ? e.stop() : ctx.clock().instant()));
        return o;
    }

    private ObjectNode list(Caller caller, JsonNode body) {
        RequestReader r = new RequestReader(body);
        String machineArn = r.string("stateMachineArn", 1, 256);
        String mapRunArn = r.string("mapRunArn", 1, 2000);
        String status = r.enumValue("statusFilter", STATUSES);
        Paging paging = Paging.read(r, 3096);
        String redriveFilter = r.enumValue("redriveFilter", List.of("REDRIVEN", "NOT_REDRIVEN"));
        r.check();
        if (machineArn == null && mapRunArn == null) {
            throw ServiceException.validation("Must provide a StateMachine ARN or MapRun ARN");
        }
        ExecutionLog.Owner owner;
        if (mapRunArn != null) {
            if (!ResourceArn.parse(mapRunArn, "mapRun").ownedBy(caller)) {
                throw MapRunOperations.doesNotExist(mapRunArn);
            }
            owner = ExecutionLog.Owner.MAP_RUN;
        } else {
            owner = listedOwner(caller, machineArn);
        }
        String ownerArn = mapRunArn != null ? mapRunArn : machineArn;
        String scope = "ListExecutions:" + ownerArn + ":" + status + ":" + redriveFilter;
        Page<ExecutionSummary> page = ctx.executions().listExecutions(new ExecutionLog.ExecutionFilter(owner, ownerArn,
                status, redriveFilter == null ? null : redriveFilter.equals("REDRIVEN")),
                paging.after(ctx.tokens(), caller, scope), paging.limit());
        ObjectNode o = Json.object();
        ArrayNode items = o.putArray("executions");
        for (ExecutionSummary e : page.items()) {
            ObjectNode item = items.addObject();
            item.put("executionArn", e.arn());
            item.put("stateMachineArn", e.stateMachineArn());
            item.put("name", e.name());
            item.put("status", e.status());
            item.put("startDate", HistoryJson.epochSeconds(e.start()));
            if (e.stop() != null) {
                item.put("stopDate", HistoryJson.epochSeconds(e.stop()));
            }
            if (e.mapRunArn() != null) {
                item.put("mapRunArn", e.mapRunArn());
            }
            if (e.versionArn() != null) {
                item.put("stateMachineVersionArn", e.versionArn());
            }
            if (e.aliasArn() != null) {
                item.put("stateMachineAliasArn", e.aliasArn());
            }
            item.put("redriveCount", e.redriveCount());
        }
        Paging.putNext(o, ctx.tokens(), caller, scope, page.next());
        return o;
    }

    /**
     * Whose executions ListExecutions reads for a state machine ARN: the machine's, or, for a version
     * or an alias ARN (API reference, ListExecutions), that version's (started on it or routed to it)
     * or that alias's. A version that does not exist is StateMachineDoesNotExist, an alias
     * ResourceNotFound; an EXPRESS machine's executions are not listed.
     */
    private ExecutionLog.Owner listedOwner(Caller caller, String machineArn) {
        ResourceArn parsed = ResourceArn.parse(machineArn, "stateMachine");
        StateMachineRecord machine = ctx.catalog().stateMachine(parsed.unqualified())
                .filter(m -> parsed.ownedBy(caller)).orElseThrow(() -> StateMachineOperations.doesNotExist(machineArn));
        if ("EXPRESS".equals(machine.type())) {
            throw ServiceException.sfn("StateMachineTypeNotSupported",
                    "This operation is not supported by this type of state machine");
        }
        if (parsed.qualifier() == null) {
            return ExecutionLog.Owner.STATE_MACHINE;
        }
        if (parsed.qualifier().matches("\\d+")) {
            ctx.catalog().version(machineArn).orElseThrow(() -> StateMachineOperations.doesNotExist(machineArn));
            return ExecutionLog.Owner.VERSION;
        }
        versions.findAlias(caller, machineArn);
        return ExecutionLog.Owner.ALIAS;
    }

    private ObjectNode history(Caller caller, JsonNode body) {
        RequestReader r = new RequestReader(body);
        String arn = r.requiredString("executionArn", 1, 256);
        Paging paging = Paging.read(r, 1024);
        Boolean reverse = r.bool("reverseOrder");
        Boolean includeData = r.bool("includeExecutionData");
        r.check();
        ExecutionRecord e = find(caller, arn);
        boolean reversed = Boolean.TRUE.equals(reverse);
        String scope = "GetExecutionHistory:" + arn + ":" + reversed;
        String after = paging.after(ctx.tokens(), caller, scope);
        long afterId = after != null ? Long.parseLong(after) : reversed ? Long.MAX_VALUE : 0;
        int limit = paging.limit();
        List<ObjectNode> stored = ctx.executions().history(e.id(), afterId, limit + 1, reversed);
        boolean more = stored.size() > limit;
        ObjectNode o = Json.object();
        ArrayNode events = o.putArray("events");
        long lastId = 0;
        for (ObjectNode event : stored.subList(0, Math.min(limit, stored.size()))) {
            if (Boolean.FALSE.equals(includeData)) {
                stripData(event);
            }
            lastId = event.get("id").asLong();
            events.add(event);
        }
        Paging.putNext(o, ctx.tokens(), caller, scope, more ? Long.toString(lastId) : null);
        return o;
    }

    /** includeExecutionData=false: the events keep their shape but lose inputs, outputs and parameters. */
    private static void stripData(ObjectNode event) {
        event.fields().forEachRemaining(entry -> {
            if (entry.getValue() instanceof ObjectNode details) {
                details.remove(List.of("input", "output", "parameters"));
            }
        });
    }

    /** A STANDARD execution; EXPRESS executions are not described (AWS: the resource type is not valid here). */
    ExecutionRecord find(Caller caller, String arn) {
        if (!ResourceArn.parse(arn, "execution").ownedBy(caller)) {
            throw doesNotExist(arn);
        }
        return ctx.executions().execution(arn).orElseThrow(() -> doesNotExist(arn));
    }

    static ServiceException doesNotExist(String arn) {
        return ServiceException.sfn("ExecutionDoesNotExist", "Execution Does Not Exist: '" + arn + "'");
    }
}
