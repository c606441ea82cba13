package dev.stepwise.engine.store;

/** The store failed (I/O, database). The change, if it was one, may not have happened. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
