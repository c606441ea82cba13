package dev.stepwise.store;

import dev.stepwise.engine.store.StoreConflictException;
import dev.stepwise.engine.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The single writer: one thread drains a queue of writes and commits as many as are waiting in one
 * transaction (group commit), so a durable commit is shared by every caller in the batch. A write
 * that fails (a uniqueness rule, a version check) changes nothing and its caller gets the error; the
 * others commit. Callers block until their transaction is durable.
 *
 * <p>A batch first runs as it is, without savepoints: they cost round trips, and on PostgreSQL each
 * one that writes is a subtransaction (past 64 in a transaction, every snapshot on the server slows
 * down). When a write fails, the transaction is rolled back and the batch runs again without it,
 * each write under a savepoint this time, so that later failures cost no more replays. A write may
 * therefore run more than once before its transaction commits: it must have no effect outside it.
 *
 * <p>A write may queue its last statement instead of running it ({@link Statements#queue}) and
 * return an {@link Outcome}: the queued runs of one statement across the batch's writes go to the
 * database together, before the commit or before the next statement of another text, and each
 * write's outcome is read from its run. On PostgreSQL a batch of N starts is then one round trip
 * before its COMMIT, not N. When the queued runs fail as a whole, which write's run failed is not
 * known: the batch runs again, each write under a savepoint, where its queued statement runs at once.
 *
 * <p>The connection comes from a {@link ConnectionSource}. When it is lost (the database restarted,
 * the network broke), the writer takes a new one for the next batch; a batch whose connection was
 * lost before its COMMIT was sent is run again once on the new connection (the database rolled it
 * back, so nothing of it was applied). A batch whose COMMIT itself failed is in doubt: its callers
 * get the failure and it is not replayed (its writes may or may not be stored).
 *
 * <p>A caller that waits for its write while the writer is idle (nothing queued, nothing being
 * committed) commits it on its own thread instead of handing it to the writer's: on an idle server
 * the two thread wake-ups of a hand-off and back cost more than the commit. Under load the writer is
 * rarely idle and batches form as before; a write committed by its caller is a batch of one, as the
 * writer would have made of it. The connection is used under {@link #connectionLock} alone, by the
 * writer's thread or by one such caller at a time.
 *
 * <p>A write nobody waits for ({@link #submitDeferred}) may wait a little for company: with a hold
 * set, a batch made of such writes alone is held for up to that long for another write to join it,
 * so that one commit serves both (a caller that commits its own write on its own thread takes the
 * held writes into its transaction, ahead of its own). The case it is for: a task's start, recorded
 * when a worker takes the task, and the worker's answer a moment later commit together, one flush of
 * the disk on the way to the answer instead of two. It pays where a commit costs its flush (the
 * embedded store); where each statement is a round trip to a database server, the held write's
 * statements would join the answer's on its way instead, so none is set there.
 */
final class GroupCommitWriter implements AutoCloseable {
    private static final int MAX_BATCH = 512;
    /** The embedded store's hold: how long a batch of deferred writes alone waits for another write. */
    static final Duration EMBEDDED_HOLD = Duration.ofMillis(2);

    /** Where the writer's connection comes from: opened at the start and again after one is lost. */
    interface ConnectionSource extends AutoCloseable {
        Connection open() throws SQLException;

        /** Releases what the source holds (a pool), after the writer's last connection is closed. */
        @Override
        default void close() {}
    }

    /** A change applied inside the writer's transaction. */
    @FunctionalInterface
    interface Write<T> {
        T apply(Statements statements) throws SQLException;
    }

    /**
     * What a write whose last statement it queued ({@link Statements#queue}) returns: its result, read
     * once the batch's queued statements have run. The contract that lets a write be refused after
     * the others ran on: when {@code get} throws, the queued statement changed nothing (it counted no
     * row), so the write is refused without the transaction being rolled back.
     */
    @FunctionalInterface
    interface Outcome<T> {
        T get() throws SQLException;
    }

    /** A queued write; {@code deferred}: its commit may wait for company (see {@link #submitDeferred}). */
    private record Pending(Write<?> write, CompletableFuture<Object> done, boolean deferred) {}

    /** Queued by close() so that the writer stops waiting for work at once. */
    private static final Pending WAKE = new Pending(null, null, false);
    /** Queued by {@link #commitDeferred()} so that a held batch commits at once. */
    private static final Pending NUDGE = new Pending(null, null, false);

    /** How far a batch got: a lost connection is safe to replay on until COMMIT is sent. */
    private enum Stage { CONNECT, APPLY, COMMIT }

    private final ConnectionSource source;
    private final Dialect dialect;
    // used under connectionLock only: by the writer thread, by a caller committing its own write, by close()
    private final ReentrantLock connectionLock = new ReentrantLock();
    private Connection connection;
    private Statements statements;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    /**
     * Writes queued or being committed and not yet answered. A caller commits its own write only when
     * this is zero: a write queued before it is then already answered, so commit order stays queue order.
     */
    private final AtomicInteger unanswered = new AtomicInteger();
    private final Thread thread;
    private final long holdNanos;
    /**
     * The deferred writes the writer's thread holds for company, null when none; set and taken
     * under connectionLock (volatile for commitIfIdle's first look, without the lock).
     */
    private volatile List<Pending> held;
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private volatile boolean closed;

    /** Opens the first connection (a database that cannot be reached fails here) and starts the writer thread. */
    GroupCommitWriter(ConnectionSource source, Dialect dialect) throws SQLException {
        this(source, dialect, Duration.ZERO);
    }

    /** As above, with {@code hold}: how long a batch of deferred writes alone waits for company (zero: not at all). */
    GroupCommitWriter(ConnectionSource source, Dialect dialect, Duration hold) throws SQLException {
        this.source = source;
        this.dialect = dialect;
        this.holdNanos = hold.toNanos();
        connect();
        this.thread = Thread.ofPlatform().daemon().name("stepwise-store-writer").start(this::loop);
    }

    private void connect() throws SQLException {
        Connection c = source.open();
        c.setAutoCommit(false);
        connection = c;
        statements = new Statements(c);
    }

    /** Applies the write in the next transaction and returns its result once that is committed. */
    @SuppressWarnings("unchecked")
    <T> T write(Write<T> write) {
        CompletableFuture<Object> done = commitIfIdle(write);
        if (done == null) {
            done = submit(write);
        }
        try {
            return (T) done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for a commit", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new StoreException("write failed", e.getCause());
        }
    }

    /** As {@link #write}, for a write whose result is an {@link Outcome}: returns what the outcome gives. */
    @SuppressWarnings("unchecked")
    <T> T writeWithOutcome(Write<Outcome<T>> write) {
        return (T) write((Write<Object>) (Write<?>) write);
    }

    /**
     * Queues the write and returns at once; the future completes (on the writer's thread: keep what
     * follows it short) once the write's transaction is committed, or with its error. Writes commit
     * in the order they were queued: one queued later is in the same transaction or a later one.
     */
    CompletableFuture<Object> submit(Write<?> write) {
        return queue(write, false);
    }

    /**
     * As {@link #submit}, for a write whose commit nobody waits for: when it would be committed
     * alone, it waits up to the writer's hold for another write to share the commit. A reader that
     * must see it calls {@link #commitDeferred} with its future first.
     */
    CompletableFuture<Object> submitDeferred(Write<?> write) {
        return queue(write, true);
    }

    private CompletableFuture<Object> queue(Write<?> write, boolean deferred) {
        if (closed) {
            throw new StoreException("the store is closed", null);
        }
        CompletableFuture<Object> done = new CompletableFuture<>();
        unanswered.incrementAndGet();
        done.whenComplete((r, e) -> unanswered.decrementAndGet());
        queue.add(new Pending(write, done, deferred));
        return done;
    }

    /**
     * Returns once the deferred write whose future this is (and every write queued before it) is
     * committed or refused, ending its hold if it waits for company: for a read that must see it.
     */
    void commitDeferred(CompletableFuture<?> deferred) {
        if (deferred.isDone()) {
            return;
        }
        queue.add(NUDGE);
        try {
            deferred.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for a commit", e);
        } catch (ExecutionException refused) {
            // the write's own failure is its submitter's to handle: the read sees the store without it
        }
    }

    /**
     * Commits the write on the calling thread when the writer is idle, and returns its answered
     * future; null when the writer is busy (the caller queues the write instead).
     */
    private CompletableFuture<Object> commitIfIdle(Write<?> write) {
        if (closed || unanswered.get() != held() || !connectionLock.tryLock()) {
            return null;
        }
        try {
            // checked again under the lock: a write queued since is committed before this one; the
            // writes the writer holds for company (all the others unanswered) are committed with it
            List<Pending> company = held;
            int waiting = company == null ? 0 : company.size();
            if (closed || !unanswered.compareAndSet(waiting, waiting + 1)) {
                return null;
            }
            held = null;
            CompletableFuture<Object> done = new CompletableFuture<>();
            List<Pending> batch = new ArrayList<>(waiting + 1);
            if (company != null) {
                batch.addAll(company);
            }
            batch.add(new Pending(write, done, false));
            try {
                commit(batch);
            } finally {
                unanswered.decrementAndGet();
            }
            return done;
        } finally {
            connectionLock.unlock();
        }
    }

    /** Deferred writes the writer's thread holds for company. */
    int held() {
        List<Pending> company = held;
        return company == null ? 0 : company.size();
    }

    /** Writes queued or being committed and not yet answered. */
    int unanswered() {
        return unanswered.get();
    }

    long transactions() {
        return transactions.get();
    }

    long writes() {
        return writes.get();
    }

    private void loop() {
        List<Pending> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                // a nudge or the store closing counts as company: the batch is not held
                while (deferredOnly(batch) && !batch.isEmpty() && batch.size() < MAX_BATCH) {
                    Held after = holdForCompany(batch);
                    batch = after.batch();
                    if (!after.taken()) {
                        break; // company came, or the hold ended: committed now
                    }
                }
                batch.removeIf(p -> p == WAKE || p == NUDGE);
                if (!batch.isEmpty()) {
                    connectionLock.lock();
                    try {
                        commit(batch);
                    } finally {
                        connectionLock.unlock();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                batch.clear();
            }
        }
        // a write queued while the store was closing (it passed the check in write() first), or
        // held for company when the thread was interrupted
        StoreException closing = new StoreException("the store is closed", null);
        connectionLock.lock();
        List<Pending> stillHeld = held;
        held = null;
        connectionLock.unlock();
        if (stillHeld != null) {
            stillHeld.forEach(p -> p.done().completeExceptionally(closing));
        }
        for (Pending p; (p = queue.poll()) != null; ) {
            if (p != WAKE && p != NUDGE) {
                p.done().completeExceptionally(closing);
            }
        }
    }

    private boolean deferredOnly(List<Pending> batch) {
        if (holdNanos == 0) {
            return false;
        }
        for (Pending p : batch) {
            if (!p.deferred()) {
                return false;
            }
        }
        return !closed;
    }

    /**
     * What the writer's thread has after a hold: the held batch with whatever joined it in queue
     * order, to commit now; or, when a caller took the batch ({@code taken}), what arrived after it
     * (possibly nothing, and held in turn when it is deferred writes alone).
     */
    private record Held(List<Pending> batch, boolean taken) {}

    /**
     * Holds a batch of deferred writes, where a caller committing its own write may take it
     * ({@link #commitIfIdle}), until a write that is not deferred (or a nudge, or the store closing)
     * joins it, it is full, or the hold ends.
     */
    private Held holdForCompany(List<Pending> batch) throws InterruptedException {
        connectionLock.lock();
        held = batch;
        connectionLock.unlock();
        long deadline = System.nanoTime() + holdNanos;
        while (true) {
            Pending next = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            List<Pending> arrived = new ArrayList<>();
            if (next != null) {
                arrived.add(next);
                queue.drainTo(arrived, MAX_BATCH - batch.size());
            }
            connectionLock.lock();
            try {
                if (held == null) {
                    return new Held(arrived, true);
                }
                batch.addAll(arrived);
                if (next == null || !deferredOnly(batch) || batch.size() >= MAX_BATCH) {
                    held = null;
                    return new Held(batch, false);
                }
            } finally {
                connectionLock.unlock();
            }
        }
    }

    private void commit(List<Pending> batch) {
        int size = batch.size();
        RuntimeException[] refused = new RuntimeException[size]; // writes that failed on their own
        boolean guarded = false; // each write under a savepoint
        boolean replayedAfterLoss = false;
        while (true) {
            Stage stage = Stage.CONNECT;
            Object[] results = new Object[size];
            try {
                if (connection == null) {
                    connect();
                    reconnects.incrementAndGet();
                }
                stage = Stage.APPLY;
                if (!applyAll(batch, results, refused, guarded)) {
                    guarded = true;
                    continue;
                }
                stage = Stage.COMMIT;
                connection.commit();
                transactions.incrementAndGet();
                writes.addAndGet(size);
                for (int i = 0; i < size; i++) {
                    if (refused[i] != null) {
                        batch.get(i).done().completeExceptionally(refused[i]);
                    } else {
                        batch.get(i).done().complete(results[i]);
                    }
                }
                return;
            } catch (SQLException e) {
                boolean lost = dialect.isConnectionFailure(e);
                abandon(lost);
                if (lost && stage == Stage.APPLY && !replayedAfterLoss) {
                    replayedAfterLoss = true;
                    continue; // the transaction died with its connection: nothing of it was applied
                }
                StoreException failure = new StoreException(stage == Stage.CONNECT
                        ? "the database cannot be reached: " + e.getMessage() : "commit failed: " + e.getMessage(), e);
                for (int i = 0; i < size; i++) {
                    batch.get(i).done().completeExceptionally(refused[i] != null ? refused[i] : failure);
                }
                return;
            }
        }
    }

    /**
     * Applies the batch's writes not yet refused, in order, in the open transaction. Returns false
     * when an unguarded write failed: it is marked refused and the transaction rolled back, to be run
     * again. A guarded write that fails is rolled back to its savepoint alone.
     */
    private boolean applyAll(List<Pending> batch, Object[] results, RuntimeException[] refused, boolean guarded)
            throws SQLException {
        for (int i = 0; i < batch.size(); i++) {
            if (refused[i] != null) {
                continue;
            }
            Savepoint savepoint = guarded ? connection.setSavepoint() : null;
            try {
                results[i] = batch.get(i).write().apply(statements);
                if (savepoint != null) {
                    // guarded: the write's queued statement runs under its savepoint, so a failure is its own
                    statements.runQueued();
                    results[i] = outcome(results[i]);
                    connection.releaseSavepoint(savepoint);
                }
            } catch (SQLException | RuntimeException e) {
                if (e instanceof SQLException s && dialect.isConnectionFailure(s)) {
                    throw s;
                }
                statements.dropQueued();
                if (savepoint == null && e instanceof Statements.QueuedRunFailed) {
                    // an earlier write's queued statement failed: which one, the guarded run tells
                    connection.rollback();
                    return false;
                }
                refused[i] = translate(e);
                if (savepoint == null) {
                    // part of the write may be applied, and PostgreSQL refuses every statement after an error
                    connection.rollback();
                    return false;
                }
                connection.rollback(savepoint);
                connection.releaseSavepoint(savepoint);
            }
        }
        if (guarded) {
            return true;
        }
        try {
            statements.runQueued();
        } catch (SQLException e) {
            if (dialect.isConnectionFailure(e)) {
                throw e;
            }
            connection.rollback(); // which write's statement failed, the guarded run tells
            return false;
        }
        for (int i = 0; i < batch.size(); i++) {
            if (refused[i] == null) {
                try {
                    results[i] = outcome(results[i]);
                } catch (SQLException | RuntimeException e) {
                    refused[i] = translate(e); // its queued statement changed nothing (Outcome's contract)
                }
            }
        }
        return true;
    }

    /** A write's result: what its {@link Outcome} gives, once its queued statement has run. */
    private static Object outcome(Object result) throws SQLException {
        return result instanceof Outcome<?> o ? o.get() : result;
    }

    /** Rolls the failed transaction back, and lets the connection go when it is lost (the next batch opens another). */
    private void abandon(boolean lost) {
        if (connection == null) {
            return;
        }
        try {
            if (!lost) {
                connection.rollback();
            }
        } catch (SQLException e) {
            lost = true;
        }
        try {
            if (lost || !connection.isValid(2)) {
                Connection gone = connection;
                connection = null;
                statements = null;
                gone.close();
            }
        } catch (SQLException ignored) {
            // closing a connection already lost: nothing more to release
        }
    }

    /** How many times the writer replaced a lost connection. */
    long reconnects() {
        return reconnects.get();
    }

    private RuntimeException translate(Exception e) {
        if (e instanceof RuntimeException r) {
            return r;
        }
        SQLException s = e instanceof Statements.QueuedRunFailed q ? q.run() : (SQLException) e;
        if (dialect.isConstraintViolation(s)) {
            return new StoreConflictException(String.valueOf(s.getMessage()));
        }
        return new StoreException("write failed", s);
    }

    @Override
    public void close() {
        closed = true;
        queue.add(WAKE);
        try {
            thread.join(10_000);
            connectionLock.lock();
            try {
                if (connection != null) {
                    connection.close();
                }
            } finally {
                connectionLock.unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            throw new StoreException("close failed", e);
        } finally {
            source.close();
        }
    }
}
