package dev.stepwise.engine.store;

/** The execution log's contract on the log in memory (runs in process). */
class MemoryLogTest extends ExecutionLogContract {
    @Override
    protected ExecutionLog openLog() {
        return new MemoryLog();
    }
}
