package dev.stepwise.imagebuilder;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The {@code filters} of Image Builder's list operations (the model's FilterList): 1 to 10 filters,
 * each a name the operation supports and 1 to 10 values; an item passes a filter when its field has
 * any of the values, and passes the list when it passes every filter.
 */
final class Filters {
    private static final Pattern FILTER_VALUE = Pattern.compile("^[0-9a-zA-Z./_ :,{}\"-]{1,1024}$");
    private static final Pattern FILTER_NAME = Pattern.compile("^[a-zA-Z]{1,1024}$");

    private Filters() {}

    /** A filter: a field and the values it may have (any of them). */
    record Filter(String name, List<String> values) {}

    /** The filters of a request, checked against the model's constraints and the names {@code supported}. */
    static List<Filter> read(ImageBuilderRequest r, List<String> supported) {
        JsonNode list = r.raw("filters");
        List<Filter> filters = new ArrayList<>();
        if (list == null) {
            return filters;
        }
        if (!list.isArray() || list.isEmpty() || list.size() > 10) {
            throw ImageBuilderErrors.invalidParameterValue("filters", "It must be a list of 1 to 10 filters.");
        }
        for (JsonNode f : list) {
            String name = f.path("name").asText(null);
            if (name == null || !FILTER_NAME.matcher(name).matches() || !supported.contains(name)) {
                throw ImageBuilderErrors.invalidParameterValue("filters", "The filter name '" + name
                        + "' is not supported; filter on " + alternatives(supported) + ".");
            }
            JsonNode values = f.path("values");
            if (!values.isArray() || values.isEmpty() || values.size() > 10) {
                throw ImageBuilderErrors.invalidParameterValue("filters", "The filter '" + name
                        + "' must have 1 to 10 values.");
            }
            List<String> texts = new ArrayList<>();
            for (JsonNode v : values) {
                if (!v.isTextual() || !FILTER_VALUE.matcher(v.asText()).matches()) {
                    throw ImageBuilderErrors.invalidParameterValue("filters", "The value '" + v.asText()
                            + "' of the filter '" + name + "' is not valid.");
                }
                texts.add(v.asText());
            }
            filters.add(new Filter(name, texts));
        }
        return filters;
    }

    /** The filters as a listing's token scope names them, so a token is good for the same filters only. */
    static String describe(List<Filter> filters) {
        return filters.stream().map(f -> f.name() + "=" + String.join(",", f.values()))
                .collect(Collectors.joining(";"));
    }

    /** "a", "a or b", "a, b or c". */
    private static String alternatives(List<String> names) {
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }
}
