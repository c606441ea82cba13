package dev.stepwise.engine.store;

import java.util.List;
import java.util.function.Function;

/** One page of a keyset-paginated listing; {@code next} is the key to continue after, or null at the end. */
public record Page<T>(List<T> items, String next) {
    /**
     * The page of a listing read with one row more than {@code limit}: that extra row, when there is
     * one, is dropped and says another page follows, from the key of the page's last item.
     */
    public static <T> Page<T> of(List<T> readOneMore, int limit, Function<T, String> keyOf) {
        if (readOneMore.size() <= limit) {
            return new Page<>(readOneMore, null);
        }
        readOneMore.remove(limit);
        return new Page<>(readOneMore, keyOf.apply(readOneMore.get(limit - 1)));
    }
}
