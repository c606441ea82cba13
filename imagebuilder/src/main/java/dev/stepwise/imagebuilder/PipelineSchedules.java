package dev.stepwise.imagebuilder;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.engine.runtime.Timers;
import dev.stepwise.engine.store.Page;
import dev.stepwise.engine.store.Resource;
import dev.stepwise.engine.store.ResourceRange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Runs image pipelines' schedules on this node. Every pipeline's next run is a
 * {@value RecordCatalog#PIPELINE_DUE} row of one key range ordered by due time; a scan reads that
 * range from its start and hands each row whose time has come to {@link PipelineOperations#runScheduled},
 * which takes the run with a version check on the pipeline's row, so every node of a cluster may
 * scan and each run happens once. A scan runs when this node starts (catching up runs that came
 * while no node ran), at the earliest due time it saw, and at least every {@link #SCAN} (to see the
 * pipelines other nodes create).
 *
 * <p>Scans run on the timers' thread (the engine's own, or the test's simulated time), one at a
 * time; a run's work there is one transaction and the first step of the image's build.
 */
final class PipelineSchedules implements AutoCloseable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PipelineSchedules.class);
    /** The longest a scan waits for the next one: how soon a pipeline another node made is seen. */
    static final Duration SCAN = Duration.ofMinutes(1);
    private static final ResourceRange DUE = ResourceRange.of("", "", RecordCatalog.PIPELINE_DUE);
    private static final int READ = 100;

    private final RecordCatalog records;
    private final PipelineOperations pipelines;
    private final Clock clock;
    private final Timers timers;
    private Runnable cancel = () -> { };
    private boolean closed;

    PipelineSchedules(RecordCatalog records, PipelineOperations pipelines, Clock clock, Timers timers) {
        this.records = records;
        this.pipelines = pipelines;
        this.clock = clock;
        this.timers = timers;
    }

    /** Runs what is due now, then scans again when the next run is due (or after {@link #SCAN}). */
    synchronized void scan() {
        if (closed) {
            return;
        }
        Instant now = clock.instant();
        Instant next = now.plus(SCAN);
        try {
            Instant earliest = runDue(now);
            if (earliest != null && earliest.isBefore(next)) {
                next = earliest;
            }
        } catch (RuntimeException e) {
            log.error("the scan of the image pipelines' schedules failed", e);
        }
        // never at once: simulated time would run it inside this call
        Instant at = next.isAfter(now) ? next : now.plusMillis(1);
        cancel = timers.schedule(at, this::scan);
    }

    /** Runs every due row whose time is not after {@code now}; answers the first later due time (null: none). */
    private Instant runDue(Instant now) {
        String after = null;
        while (true) {
            Page<Resource> page = records.catalog().list(DUE, after, READ);
            for (Resource row : page.items()) {
                JsonNode due = RecordCatalog.stored(row).body();
                Instant at = Instant.parse(due.path("due").asText());
                if (at.isAfter(now)) {
                    return at;
                }
                try {
                    pipelines.runScheduled(row);
                } catch (RuntimeException e) {
                    // the next scan tries again: the run's row stays until a run takes it
                    log.error("the scheduled run of {} at {} failed", due.path("pipeline").asText(), at, e);
                }
                after = row.key();
            }
            if (page.next() == null) {
                return null;
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        cancel.run();
    }
}
