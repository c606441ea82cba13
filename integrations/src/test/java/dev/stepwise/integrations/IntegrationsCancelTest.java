package dev.stepwise.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.resource.TaskResource;
import dev.stepwise.engine.Signal;
import dev.stepwise.engine.runtime.TaskDispatcher;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A cancelled call reports nothing: the execution let its task go (it ended, or left this node for
 * another), so whatever the interrupt that stops the call turns into on the way (here an error,
 * as a database read closed by the interrupt does) is not reported as the task's outcome.
 */
class IntegrationsCancelTest {

    @Test
    void aCallCancelledWhileItRunsReportsNoOutcomeEvenWhenTheInterruptSurfacesAsAnError() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Thread> caller = new AtomicReference<>();
        Integration blocking = new Integration() {
            @Override
            public boolean handles(TaskResource.Integrated resource) {
                return true;
            }

            @Override
            public JsonNode call(TaskCall call) throws IntegrationException {
                caller.set(Thread.currentThread());
                entered.countDown();
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    interrupted.countDown();
                    awaitUninterruptibly(release);
                    throw new IntegrationException("States.Runtime", "the read was closed by an interrupt");
                }
                throw new AssertionError("not cancelled");
            }
        };
        Integrations integrations = new Integrations(List.of(blocking));
        TaskCall call = TestCalls.call("arn:aws:states:::lambda:invoke", "{}");
        List<Signal> reported = new CopyOnWriteArrayList<>();
        integrations.dispatch(new TaskDispatcher.TaskOrigin(TestCalls.EXECUTION, "arn:aws:states:us-east-1:"
                + "123456789012:stateMachine:Machine", null), call.task(), reported::add);
        entered.await();

        integrations.cancel(call.task().taskId());
        interrupted.await();
        release.countDown();

        // the call's thread ends once its outcome was reported, or not
        assertThat(caller.get().join(Duration.ofSeconds(10))).isTrue();
        assertThat(reported).as("the start only: no outcome of a cancelled call")
                .singleElement().isInstanceOf(Signal.TaskStarted.class);
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
