package dev.stepwise.engine.store;

import java.util.List;

/** One page of a keyset-paginated listing; {@code next} is the key to continue after, or null at the end. */
public record Page<T>(List<T> items, String next) {}
