package dev.stepwise.engine.mock;

/** A mock configuration file that cannot be used; the message names the file, the place and the problem. */
public final class MockConfigException extends Exception {
    public MockConfigException(String message) {
        super(message);
    }
}
