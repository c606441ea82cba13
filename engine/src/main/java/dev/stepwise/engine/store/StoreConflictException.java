package dev.stepwise.engine.store;

/** A write refused by a uniqueness rule or a version check; nothing was changed. */
public final class StoreConflictException extends RuntimeException {
    public StoreConflictException(String message) {
        super(message);
    }
}
