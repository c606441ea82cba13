package dev.stepwise.store;

/** The store contract on the store in memory (runs in process): all of it but durability. */
class MemoryStoreTest extends StoreContract {

    @Override
    protected Store open() {
        return new MemoryStore();
    }

    @Override
    protected boolean durable() {
        return false;
    }
}
