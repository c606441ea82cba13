package dev.stepwise.engine.store;

import java.time.Instant;

/**
 * An execution as stored: its identity, where it stands after its last step, and the row's
 * bookkeeping: {@code version} counts its appends (each append names the version it follows, so a
 * second writer writes nothing), {@code owner} is the node that runs it, and
 * {@code tokenFormat} says how its task tokens were written (0: unsigned, before tokens were
 * signed; 1: signed).
 */
public record ExecutionRecord(long id, long version, String owner, int tokenFormat, ExecutionIdentity identity,
                              ExecutionUpdate state) {

    /** Task tokens handed out before tokens were signed: only executions started then accept them. */
    public static final int UNSIGNED_TOKENS = 0;
    /** Task tokens signed with the store's secret. */
    public static final int SIGNED_TOKENS = 1;

    public String arn() {
        return identity.arn();
    }

    public String stateMachineArn() {
        return identity.stateMachineArn();
    }

    public String name() {
        return identity.name();
    }

    public String type() {
        return identity.type();
    }

    public Instant start() {
        return identity.start();
    }

    public String input() {
        return identity.input();
    }

    public String definition() {
        return identity.definition();
    }

    public String roleArn() {
        return identity.roleArn();
    }

    public String versionArn() {
        return identity.versionArn();
    }

    public String aliasArn() {
        return identity.aliasArn();
    }

    public String mapRunArn() {
        return identity.mapRunArn();
    }

    public String parentArn() {
        return identity.parentArn();
    }

    public String mockTestCase() {
        return identity.mockTestCase();
    }

    public String status() {
        return state.status();
    }

    public Instant stop() {
        return state.stop();
    }

    public String output() {
        return state.output();
    }

    public String error() {
        return state.error();
    }

    public String cause() {
        return state.cause();
    }

    public long nextEventId() {
        return state.nextEventId();
    }

    public int redriveCount() {
        return state.redriveCount();
    }

    public Instant redriveDate() {
        return state.redriveDate();
    }
}
