package dev.stepwise.transfer.storage;

import java.util.List;

/**
 * A page of a listing in key order. When {@code truncated}, the next page starts after
 * {@code nextStartAfter} (the last key of this page).
 */
public record ObjectPage(List<ObjectInfo> objects, boolean truncated, String nextStartAfter) {

    public ObjectPage {
        objects = List.copyOf(objects);
    }
}
