package dev.stepwise.sfn;

import java.time.Instant;

/** The Step Functions resources as the face keeps them in the catalog (see {@link SfnCatalog}). */
final class SfnRecords {
    private SfnRecords() {}

    /**
     * A state machine. {@code revisionId} names the current definition/role revision;
     * {@code logging}, {@code tracing} and {@code encryption} are the configurations as JSON text
     * (null when never set); {@code lastVersion} is the highest version number it ever had
     * (versions are never renumbered, even after deletion); {@code publishedOnCreate} says whether
     * CreateStateMachine published version 1 (what a repeated create must ask again to be
     * idempotent); {@code rowVersion} is the catalog row's, checked by every update.
     */
    record StateMachineRecord(String arn, String name, String type, String status, String definition,
                              String roleArn, Instant created, Instant updated, String revisionId,
                              String description, String logging, String tracing, String encryption,
                              int lastVersion, boolean publishedOnCreate, long rowVersion) {

        /** The same machine whose highest version number is {@code number}. */
        StateMachineRecord withLastVersion(int number) {
            return new StateMachineRecord(arn, name, type, status, definition, roleArn, created, updated, revisionId,
                    description, logging, tracing, encryption, number, publishedOnCreate, rowVersion);
        }

        /** The machine at a new revision: its definition, role and configurations as of {@code at}. */
        StateMachineRecord revised(String definition, String roleArn, String logging, String tracing,
                                   String revisionId, Instant at) {
            return new StateMachineRecord(arn, name, type, status, definition, roleArn, created, at, revisionId,
                    description, logging, tracing, encryption, lastVersion, publishedOnCreate, rowVersion);
        }
    }

    /** A published state machine version: an immutable copy of the definition, role and configuration. */
    record VersionRecord(String arn, String stateMachineArn, int version, String definition, String roleArn,
                         String type, Instant created, String description, String revisionId, String logging,
                         String tracing) {}

    /** A state machine alias; {@code routing} is its routing configuration as JSON text. */
    record AliasRecord(String arn, String stateMachineArn, String name, String description, String routing,
                       Instant created, Instant updated, long rowVersion) {}

    /** An activity; {@code encryption} is its configuration as JSON text, or null. */
    record ActivityRecord(String arn, String name, Instant created, String encryption) {}

}
