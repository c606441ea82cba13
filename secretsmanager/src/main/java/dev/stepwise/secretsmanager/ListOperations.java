package dev.stepwise.secretsmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.api.Caller;
import dev.stepwise.api.Operation;
import dev.stepwise.api.PageTokens;
import dev.stepwise.api.RequestReader;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.store.Page;
import dev.stepwise.engine.store.Resource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * ListSecrets and ListSecretVersionIds. ListSecrets reads the caller's account and region only, by
 * creation time (its default order) or by name as key ranges of the catalog; by last change or last
 * access it sorts the caller's secrets in memory (those orders are not kept by the store). Its
 * NextToken is good for the caller and the same listing (order and filters) only.
 */
final class ListOperations {
    /** The page size when MaxResults is absent: the model's maximum. */
    private static final int DEFAULT_PAGE = 100;
    /** How many rows a filtered listing reads from the store at a time. */
    private static final int BATCH = 100;
    private static final List<String> SORT_BY = List.of("created-date", "last-accessed-date", "last-changed-date",
            "name");

    private final Secrets secrets;
    private final PageTokens tokens;

    ListOperations(Secrets secrets, PageTokens tokens) {
        this.secrets = secrets;
        this.tokens = tokens;
    }

    void register(Map<String, Operation> ops) {
        ops.put("ListSecrets", this::listSecrets);
        ops.put("ListSecretVersionIds", this::listVersions);
    }

    // ---- ListSecrets

    private ObjectNode listSecrets(Caller caller, JsonNode body) {
        RequestReader r = Requests.reader(body);
        Boolean includePlanned = r.bool("IncludePlannedDeletion");
        Integer maxResults = r.integer("MaxResults", 1, 100);
        String nextToken = r.string("NextToken", 1, 4096);
        List<SecretFilter> filters = SecretFilter.read(r);
        String sortOrder = r.enumValue("SortOrder", List.of("asc", "desc"));
        String sortBy = r.enumValue("SortBy", SORT_BY);
        r.check();
        boolean descending = "desc".equals(sortOrder);
        String by = sortBy != null ? sortBy : "created-date";
        boolean planned = Boolean.TRUE.equals(includePlanned);
        String scope = "ListSecrets/" + by + "/" + descending + "/" + planned + "/" + Json.write(filterJson(filters));
        String after = tokens.position(caller, scope, nextToken);
        Predicate<SecretRecord> keep = s -> (planned || !s.scheduledForDeletion())
                && filters.stream().allMatch(f -> f.matches(s, caller.region()));
        int limit = maxResults != null ? maxResults : DEFAULT_PAGE;
        Page<SecretRecord> page = switch (by) {
            case "created-date" -> scan((a, n) -> secrets.catalog().listByCreation(caller.account(), caller.region(),
                    a, n, descending), after, limit, keep);
            case "name" -> scan((a, n) -> secrets.catalog().listByName(caller.account(), caller.region(), a, n,
                    descending), after, limit, keep);
            case "last-changed-date" -> sorted(caller, SecretRecord::lastChanged, descending, after, limit, keep);
            default -> sorted(caller, SecretRecord::lastAccessed, descending, after, limit, keep);
        };
        ObjectNode o = Json.object();
        ArrayNode list = o.putArray("SecretList");
        page.items().forEach(s -> list.add(entry(s)));
        if (page.next() != null) {
            o.put("NextToken", tokens.issue(caller, scope, page.next()));
        }
        return o;
    }

    private static ArrayNode filterJson(List<SecretFilter> filters) {
        ArrayNode a = Json.array();
        for (SecretFilter f : filters) {
            ObjectNode o = a.addObject().put("k", f.key());
            ArrayNode values = o.putArray("v");
            f.values().forEach(values::add);
        }
        return a;
    }

    /** Rows of a key range: the page after a key. */
    private interface Rows {
        Page<Resource> after(String key, int limit);
    }

    /**
     * Up to {@code limit} kept secrets of a key range after the key {@code after}, and the key to
     * continue after when one more is kept beyond them (null at the end). Secrets whose recovery
     * window ended are removed on the way.
     */
    private Page<SecretRecord> scan(Rows rows, String after, int limit, Predicate<SecretRecord> keep) {
        List<SecretRecord> taken = new ArrayList<>();
        String cursor = after;
        while (true) {
            Page<Resource> page = rows.after(cursor, BATCH);
            for (Resource row : page.items()) {
                Optional<SecretRecord> s = secrets.catalog().listed(row).filter(secrets::stillThere).filter(keep);
                if (s.isPresent()) {
                    if (taken.size() == limit) {
                        return new Page<>(taken, cursor);
                    }
                    taken.add(s.get());
                }
                cursor = row.key();
            }
            if (page.next() == null) {
                return new Page<>(taken, null);
            }
        }
    }

    /**
     * The caller's kept secrets sorted by a date (never: first), then by creation; the position is
     * the sort key of the last secret answered.
     */
    private Page<SecretRecord> sorted(Caller caller, Function<SecretRecord, Instant> date, boolean descending,
                                      String after, int limit, Predicate<SecretRecord> keep) {
        Rows all = (a, n) -> secrets.catalog().listByCreation(caller.account(), caller.region(), a, n, false);
        List<SecretRecord> every = scan(all, null, Integer.MAX_VALUE, keep).items();
        Comparator<String> order = descending ? Comparator.reverseOrder() : Comparator.naturalOrder();
        List<SecretRecord> ordered = every.stream()
                .sorted(Comparator.comparing(s -> sortKey(s, date), order)).toList();
        List<SecretRecord> rest = ordered.stream()
                .filter(s -> after == null || order.compare(sortKey(s, date), after) > 0).toList();
        if (rest.size() <= limit) {
            return new Page<>(rest, null);
        }
        List<SecretRecord> taken = rest.subList(0, limit);
        return new Page<>(taken, sortKey(taken.get(limit - 1), date));
    }

    private static String sortKey(SecretRecord s, Function<SecretRecord, Instant> date) {
        Instant t = date.apply(s);
        return String.format("%015d/%015d/%s", t == null ? 0 : t.toEpochMilli(), s.created().toEpochMilli(), s.arn());
    }

    /** A SecretListEntry. */
    private static ObjectNode entry(SecretRecord s) {
        return Requests.secretShape(s, "SecretVersionsToStages");
    }

    // ---- ListSecretVersionIds

    private ObjectNode listVersions(Caller caller, JsonNode body) {
        RequestReader r = Requests.reader(body);
        String secretId = Requests.secretId(r);
        Integer maxResults = r.integer("MaxResults", 1, 100);
        String nextToken = r.string("NextToken", 1, 4096);
        Boolean includeDeprecated = r.bool("IncludeDeprecated");
        r.check();
        SecretRecord s = secrets.require(caller, secretId);
        boolean deprecated = Boolean.TRUE.equals(includeDeprecated);
        String scope = "ListSecretVersionIds/" + s.arn() + "/" + deprecated;
        String after = tokens.position(caller, scope, nextToken);
        List<SecretVersion> versions = s.versions().stream().filter(v -> deprecated || !v.stages().isEmpty())
                .toList();
        int start = 0;
        if (after != null) {
            start = versions.size();
            for (int i = 0; i < versions.size(); i++) {
                if (versions.get(i).id().equals(after)) {
                    start = i + 1;
                }
            }
        }
        int limit = maxResults != null ? maxResults : DEFAULT_PAGE;
        int end = Math.min(versions.size(), start + limit);
        ObjectNode o = Json.object();
        ArrayNode list = o.putArray("Versions");
        for (SecretVersion v : versions.subList(start, end)) {
            ObjectNode item = list.addObject().put("VersionId", v.id());
            if (!v.stages().isEmpty()) {
                ArrayNode stages = item.putArray("VersionStages");
                v.stages().forEach(stages::add);
            }
            Requests.putDate(item, "CreatedDate", v.created());
            if (s.kmsKeyId() != null) {
                item.putArray("KmsKeyIds").add(s.kmsKeyId());
            }
        }
        if (end < versions.size()) {
            o.put("NextToken", tokens.issue(caller, scope, versions.get(end - 1).id()));
        }
        o.put("ARN", s.arn()).put("Name", s.name());
        return o;
    }
}
