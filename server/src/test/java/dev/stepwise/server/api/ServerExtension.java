package dev.stepwise.server.api;

import java.util.concurrent.Callable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * One real server per test class, started before its tests and stopped after them:
 * {@code @RegisterExtension static final ServerExtension server = new ServerExtension(ServerFixture::new);}
 * The factory says how the server is set up (wait scale, activity poll, mocks, accounts).
 */
public final class ServerExtension implements BeforeAllCallback, AfterAllCallback {
    private final Callable<ServerFixture> factory;
    private ServerFixture fixture;

    public ServerExtension(Callable<ServerFixture> factory) {
        this.factory = factory;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        fixture = factory.call();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    /** The running server's fixture (its data folder, store, other clients). */
    public ServerFixture fixture() {
        return fixture;
    }

    /** An AWS SDK client of the server. */
    public SfnClient sfn() {
        return fixture.sfn();
    }
}
