package dev.stepwise.store;

import dev.stepwise.engine.store.StoreConflictException;
import dev.stepwise.engine.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The single writer: one thread drains a queue of writes and commits as many as are waiting in one
 * transaction (group commit), so a durable commit is shared by every caller in the batch. Each
 * write runs under a savepoint: one that fails (a uniqueness rule, a version check) is rolled back
 * alone and its caller gets the error; the others commit. Callers block until their transaction is
 * durable.
 */
final class GroupCommitWriter implements AutoCloseable {
    private static final int MAX_BATCH = 512;

    /** A change applied inside the writer's transaction. */
    @FunctionalInterface
    interface Write<T> {
        T apply(Statements statements) throws SQLException;
    }

    /**
     * The writer's prepared statements, prepared once per SQL text and reused: preparing is a large
     * part of a small write's cost. Callers must not close them; a result set they open they close.
     */
    static final class Statements {
        private final Connection connection;
        private final java.util.Map<String, java.sql.PreparedStatement> cache = new java.util.HashMap<>();

        Statements(Connection connection) {
            this.connection = connection;
        }

        java.sql.PreparedStatement prepare(String sql) throws SQLException {
            java.sql.PreparedStatement p = cache.get(sql);
            if (p == null) {
                p = connection.prepareStatement(sql);
                cache.put(sql, p);
            } else {
                p.clearParameters();
            }
            return p;
        }
    }

    private record Pending(Write<?> write, CompletableFuture<Object> done) {}

    private final Connection connection;
    private final Dialect dialect;
    private final Statements statements;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private volatile boolean closed;

    GroupCommitWriter(Connection connection, Dialect dialect) throws SQLException {
        this.connection = connection;
        this.dialect = dialect;
        this.statements = new Statements(connection);
        connection.setAutoCommit(false);
        this.thread = Thread.ofPlatform().daemon().name("stepwise-store-writer").start(this::loop);
    }

    /** Applies the write in the next transaction and returns its result once that is committed. */
    @SuppressWarnings("unchecked")
    <T> T write(Write<T> write) {
        if (closed) {
            throw new StoreException("the store is closed", null);
        }
        CompletableFuture<Object> done = new CompletableFuture<>();
        queue.add(new Pending(write, done));
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
                Pending first = queue.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Pending> batch) {
        List<Object> results = new ArrayList<>(batch.size());
        List<RuntimeException> errors = new ArrayList<>(batch.size());
        try {
            for (Pending p : batch) {
                Savepoint savepoint = connection.setSavepoint();
                try {
                    results.add(p.write().apply(statements));
                    errors.add(null);
                    connection.releaseSavepoint(savepoint);
                } catch (SQLException | RuntimeException e) {
                    connection.rollback(savepoint);
                    connection.releaseSavepoint(savepoint);
                    results.add(null);
                    errors.add(translate(e));
                }
            }
            connection.commit();
            transactions.incrementAndGet();
            writes.addAndGet(batch.size());
        } catch (SQLException e) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // the connection is unusable; every caller of this batch learns of the failure below
            }
            StoreException failure = new StoreException("commit failed", e);
            batch.forEach(p -> p.done().completeExceptionally(failure));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            if (errors.get(i) != null) {
                batch.get(i).done().completeExceptionally(errors.get(i));
            } else {
                batch.get(i).done().complete(results.get(i));
            }
        }
    }

    private RuntimeException translate(Exception e) {
        if (e instanceof RuntimeException r) {
            return r;
        }
        SQLException s = (SQLException) e;
        if (dialect.isConstraintViolation(s)) {
            return new StoreConflictException(String.valueOf(s.getMessage()));
        }
        return new StoreException("write failed", s);
    }

    @Override
    public void close() {
        closed = true;
        try {
            thread.join(10_000);
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            throw new StoreException("close failed", e);
        }
    }
}
