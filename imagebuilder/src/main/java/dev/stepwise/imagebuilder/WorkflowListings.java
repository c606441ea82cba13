package dev.stepwise.imagebuilder;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.api.Caller;
import dev.stepwise.engine.store.Page;
import dev.stepwise.engine.store.Resource;
import dev.stepwise.imagebuilder.WorkflowCatalog.NameRow;
import dev.stepwise.imagebuilder.document.WorkflowType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * The listings of ListWorkflows and ListWorkflowBuildVersions. Both walk workflow names in name
 * order (the caller's, a key range of the catalog, or AWS's managed ones), and within a name its
 * versions in version order, or its builds newest first. A position is the name's key and the key
 * of the last entry answered within it, so a listing resumes where it stopped even when workflows
 * were created or deleted in between; a name's builds are read one name at a time.
 */
final class WorkflowListings {
    static final int MAX_PAGE = 25;
    private static final List<String> FILTER_NAMES = List.of("name", "version", "description", "type");
    private static final String SEPARATOR = "|";

    private final WorkflowCatalog workflows;

    WorkflowListings(WorkflowCatalog workflows) {
        this.workflows = workflows;
    }

    /** A page: its items and the position to continue after (null: the end). */
    record Listed(List<ObjectNode> items, String next) {
        static final Listed EMPTY = new Listed(List.of(), null);
    }

    /** A filter of ListWorkflows: a field and the values it may have (any of them). */
    record Filter(String name, List<String> values) {
        boolean matches(WorkflowRecord w) {
            return switch (name) {
                case "name" -> values.stream().anyMatch(v -> WorkflowArn.normalizedName(v)
                        .equals(WorkflowArn.normalizedName(w.name())));
                case "version" -> values.contains(w.version().toString());
                case "description" -> w.description() != null && values.contains(w.description());
                default -> values.stream().anyMatch(v -> v.toUpperCase(Locale.ROOT).equals(w.type().name()));
            };
        }
    }

    /** The filters of a ListWorkflows request, checked against the model's constraints. */
    static List<Filter> filters(ImageBuilderRequest r) {
        return Filters.read(r, FILTER_NAMES).stream().map(f -> new Filter(f.name(), f.values())).toList();
    }

    /** The filters as a listing's token scope names them, so a token is good for the same filters only. */
    static String describe(List<Filter> filters) {
        return Filters.describe(filters.stream().map(f -> new Filters.Filter(f.name(), f.values())).toList());
    }

    // ---- ListWorkflows

    /**
     * The versions of the caller's workflows, or of AWS's managed ones, that pass every filter, each
     * as its newest build describes it; {@code byName}, only the newest version of each workflow
     * (the model's WorkflowVersion holds a version's ARN, never a wildcard one).
     */
    Listed versions(Caller caller, boolean managed, boolean byName, List<Filter> filters, String position,
                    int limit) {
        Function<List<WorkflowRecord>, List<Entry>> entries = builds -> {
            Map<SemanticVersion, WorkflowRecord> newest = new LinkedHashMap<>();
            builds.forEach(w -> newest.put(w.version(), w)); // builds come in version and build order
            List<Entry> list = new ArrayList<>();
            if (byName) {
                WorkflowRecord latest = builds.get(builds.size() - 1);
                if (filters.stream().allMatch(f -> f.matches(latest))) {
                    list.add(new Entry("", WorkflowViews.version(latest, latest.versionArn())));
                }
                return list;
            }
            newest.forEach((v, w) -> {
                if (filters.stream().allMatch(f -> f.matches(w))) {
                    list.add(new Entry(v.sortKey(), WorkflowViews.version(w, w.versionArn())));
                }
            });
            return list;
        };
        return page(groups(caller, managed, null, position), position, limit, entries, false);
    }

    // ---- ListWorkflowBuildVersions

    /**
     * The builds of the versions {@code arn} selects (null: every workflow of the caller's), newest
     * first within each workflow. Another account's or region's ARN selects nothing.
     */
    Listed builds(Caller caller, WorkflowArn arn, String position, int limit) {
        Function<List<WorkflowRecord>, List<Entry>> entries = builds -> {
            List<Entry> list = new ArrayList<>();
            for (int i = builds.size() - 1; i >= 0; i--) {
                WorkflowRecord w = builds.get(i);
                if (arn == null || arn.version().matches(w.version())) {
                    list.add(new Entry(WorkflowCatalog.buildKey(w.version(), w.buildNumber()),
                            WorkflowViews.summary(w)));
                }
            }
            return list;
        };
        if (arn == null) {
            return page(groups(caller, false, null, position), position, limit, entries, true);
        }
        if (!arn.region().equals(caller.region()) || !arn.managed() && !arn.account().equals(caller.account())) {
            return Listed.EMPTY;
        }
        String only = WorkflowCatalog.nameKey(arn.name(), arn.type());
        return page(groups(caller, arn.managed(), only, position), position, limit, entries, true);
    }

    // ---- paging

    /** An entry of a listing, with its key among the entries of its workflow name. */
    private record Entry(String key, ObjectNode item) {}

    /** A workflow name and its builds (in version and build order), read when needed. */
    private record NameGroup(String key, java.util.function.Supplier<List<WorkflowRecord>> builds) {}

    /**
     * Up to {@code limit} entries of the groups, after {@code position} ({@code groupKey|entryKey});
     * entries within a group are in their own order, ascending or ({@code descending}) descending
     * by key. The next position when more entries follow.
     */
    private static Listed page(Iterator<NameGroup> groups, String position, int limit,
                               Function<List<WorkflowRecord>, List<Entry>> entriesOf, boolean descending) {
        String afterGroup = position == null ? null : position.substring(0, position.indexOf(SEPARATOR));
        String afterEntry = position == null ? null : position.substring(position.indexOf(SEPARATOR) + 1);
        List<ObjectNode> items = new ArrayList<>();
        String last = null;
        while (groups.hasNext()) {
            NameGroup group = groups.next();
            List<WorkflowRecord> builds = group.builds().get();
            if (builds.isEmpty()) {
                continue;
            }
            for (Entry e : entriesOf.apply(builds)) {
                if (group.key().equals(afterGroup)) {
                    int c = e.key().compareTo(afterEntry);
                    if (descending ? c >= 0 : c <= 0) {
                        continue;
                    }
                }
                if (items.size() == limit) {
                    return new Listed(items, last);
                }
                items.add(e.item());
                last = group.key() + SEPARATOR + e.key();
            }
        }
        return new Listed(items, null);
    }

    /**
     * The workflow names a listing walks, in key order, from the name {@code position} stopped in
     * (inclusive); {@code only} limits them to one name key.
     */
    private Iterator<NameGroup> groups(Caller caller, boolean managed, String only, String position) {
        String from = position == null ? null : position.substring(0, position.indexOf(SEPARATOR));
        if (managed) {
            Map<String, List<WorkflowRecord>> byName = new java.util.TreeMap<>();
            for (WorkflowRecord w : ManagedWorkflows.all(caller.region())) {
                byName.computeIfAbsent(WorkflowCatalog.nameKey(WorkflowArn.normalizedName(w.name()), w.type()),
                        k -> new ArrayList<>()).add(w);
            }
            List<NameGroup> groups = new ArrayList<>();
            byName.forEach((key, builds) -> {
                if ((only == null || only.equals(key)) && (from == null || key.compareTo(from) >= 0)) {
                    groups.add(new NameGroup(key, () -> builds));
                }
            });
            return groups.iterator();
        }
        if (only != null) {
            NameRow row = nameOfKey(caller, only);
            return List.of(new NameGroup(only, () -> workflows.builds(row))).iterator();
        }
        return new OwnNames(caller, from);
    }

    private NameRow nameOfKey(Caller caller, String key) {
        int slash = key.lastIndexOf('/');
        WorkflowType type = WorkflowType.fromArnSegment(key.substring(slash + 1)).orElseThrow();
        return workflows.name(caller.account(), caller.region(), type, key.substring(0, slash));
    }

    /** The caller's workflow names from {@code from} (inclusive) on, read from the catalog a page at a time. */
    private final class OwnNames implements Iterator<NameGroup> {
        private final Caller caller;
        private final List<NameGroup> pending = new ArrayList<>();
        private String after;
        private boolean exhausted;

        OwnNames(Caller caller, String from) {
            this.caller = caller;
            if (from != null) {
                NameRow first = nameOfKey(caller, from);
                pending.add(new NameGroup(from, () -> workflows.builds(first)));
                after = from;
            }
        }

        @Override
        public boolean hasNext() {
            while (pending.isEmpty() && !exhausted) {
                Page<Resource> page = workflows.names(caller.account(), caller.region(), after, MAX_PAGE);
                for (Resource r : page.items()) {
                    NameRow row = workflows.nameRow(r);
                    pending.add(new NameGroup(r.key(), () -> workflows.builds(row)));
                    after = r.key();
                }
                exhausted = page.next() == null;
            }
            return !pending.isEmpty();
        }

        @Override
        public NameGroup next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return pending.remove(0);
        }
    }
}
