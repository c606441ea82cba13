package dev.stepwise.server;

import dev.stepwise.engine.runtime.Cluster;
import dev.stepwise.engine.runtime.ExecutionRuntime;
import dev.stepwise.store.Store;
import dev.stepwise.transfer.TransferApi;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The server's metrics, served in Prometheus's text format at {@code /metrics}: API calls by
 * operation and outcome, open executions, store commits and writes (group commit shows as fewer
 * commits than writes), the node's lease, takeovers and signals from other nodes, Transfer servers this
 * node cannot serve, JVM memory and threads.
 */
public final class Metrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    Metrics(Store store, ExecutionRuntime runtime, Cluster cluster, TransferApi transfer) {
        Gauge.builder("stepwise_open_executions", runtime, ExecutionRuntime::openCount)
                .description("Executions running in this server (in a cluster: the open executions this node owns)")
                .register(registry);
        Gauge.builder("stepwise_leases_held", cluster, c -> c.leaseHeld() ? 1 : 0)
                .description("1 while this node holds its lease and may run executions, else 0").register(registry);
        FunctionCounter.builder("stepwise_takeovers", cluster, c -> c.stats().takeovers())
                .description("Executions this node took over from nodes whose lease lapsed").register(registry);
        FunctionCounter.builder("stepwise_cross_node_wakeups", cluster, c -> c.stats().wakeups())
                .description("Signals other nodes handed to this node (task reports, stops, children's ends) "
                        + "that it applied or answered").register(registry);
        Gauge.builder("stepwise_loaded_executions", runtime, ExecutionRuntime::loadedCount)
                .description("Open executions held in memory (the others wait in the store)").register(registry);
        FunctionCounter.builder("stepwise_store_transactions", store, s -> s.stats().transactions())
                .description("Transactions committed by the store's writer").register(registry);
        FunctionCounter.builder("stepwise_store_writes", store, s -> s.stats().writes())
                .description("Changes committed by the store's writer").register(registry);
        FunctionCounter.builder("stepwise_store_reconnects", store, s -> s.stats().reconnects())
                .description("Database connections the store's writer replaced after losing them").register(registry);
        Gauge.builder("stepwise_store_writes_waiting", store, s -> s.stats().waitingWrites())
                .description("Writes waiting for their commit (queued or being committed)").register(registry);
        Gauge.builder("stepwise_transfer_endpoints_unbound", transfer, TransferApi::unboundEndpoints)
                .description("ONLINE Transfer servers whose SFTP ports this node cannot bind (other nodes serve "
                        + "them; this one tries again)").register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
    }

    private final java.util.concurrent.ConcurrentHashMap<String, Counter> calls = new java.util.concurrent.ConcurrentHashMap<>();

    /** Counts one API call. */
    public void call(String operation, String outcome) {
        calls.computeIfAbsent(operation + "\n" + outcome, k -> Counter.builder("stepwise_api_calls")
                .tag("operation", operation).tag("outcome", outcome)
                .description("Calls to the AWS APIs by operation and outcome (ok or the error name)")
                .register(registry)).increment();
    }

    public String scrape() {
        return registry.scrape();
    }
}
