package dev.stepwise.imagebuilder;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.api.Caller;
import dev.stepwise.api.PageTokens;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.store.Page;
import dev.stepwise.engine.store.Resource;
import dev.stepwise.engine.store.ResourceRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Pages of the records' listings: a walk along one kind's key range of the caller's account and
 * region, from the key a page token continues after, answering the entries that pass the
 * listing's filters. A token is signed for its listing (operation, filters, …) and caller.
 */
final class RecordPages {
    private static final int READ = 100;

    private RecordPages() {}

    /** A page: its entries and the key to continue after (null: the end). */
    record Listed(List<ObjectNode> items, String next) {}

    /** The page size a request asks for: maxResults, 1 to 25 (25 when not given). */
    static int pageSize(ImageBuilderRequest r) {
        Integer maxResults = r.integer("maxResults", 1, WorkflowListings.MAX_PAGE);
        return maxResults == null ? WorkflowListings.MAX_PAGE : maxResults;
    }

    /**
     * Up to {@code limit} entries of the rows of {@code type} after {@code after}, one per row that
     * {@code entry} answers one for (empty: filtered out).
     */
    static Listed rows(RecordCatalog records, Caller caller, String type, String after, int limit,
                       Function<RecordCatalog.Stored, Optional<ObjectNode>> entry) {
        return rows(records, ResourceRange.of(caller.account(), caller.region(), type), after, limit, entry);
    }

    /** As above, along any key range of the catalog (a resource's children). */
    static Listed rows(RecordCatalog records, ResourceRange range, String after, int limit,
                       Function<RecordCatalog.Stored, Optional<ObjectNode>> entry) {
        List<ObjectNode> items = new ArrayList<>();
        String cursor = after;
        String last = after;
        while (true) {
            Page<Resource> page = records.catalog().list(range, cursor, READ);
            for (Resource r : page.items()) {
                cursor = r.key();
                Optional<ObjectNode> e = entry.apply(RecordCatalog.stored(r));
                if (e.isEmpty()) {
                    continue;
                }
                if (items.size() == limit) {
                    return new Listed(items, last);
                }
                items.add(e.get());
                last = r.key();
            }
            if (page.next() == null) {
                return new Listed(items, null);
            }
        }
    }

    /** The answer of a list operation: the entries under {@code member}, and a token when more follow. */
    static ObjectNode answer(PageTokens tokens, Caller caller, String scope, String member, Listed listed) {
        ObjectNode o = Json.object();
        ArrayNode list = o.putArray(member);
        listed.items().forEach(list::add);
        if (listed.next() != null) {
            o.put("nextToken", tokens.issue(caller, scope, listed.next()));
        }
        return o;
    }
}
