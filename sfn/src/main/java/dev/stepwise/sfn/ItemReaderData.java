package dev.stepwise.sfn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.api.ServiceException;
import java.util.ArrayList;
import java.util.List;

/**
 * TestState's {@code stateConfiguration.mapItemReaderData}: what a Map's ItemReader would have read,
 * "as found in its original source", turned into the Map's items the way the reader's ReaderConfig
 * says: a JSON array (InputType JSON, and readers of S3 listings), one JSON value per line (JSONL),
 * or rows of a CSV file (CSV: objects of strings keyed by the header row or by CSVHeaders, split on
 * CSVDelimiter). MaxItems keeps the first items only.
 */
final class ItemReaderData {
    private ItemReaderData() {}

    static List<JsonNode> items(JsonNode itemReader, String data) {
        JsonNode config = itemReader.path("ReaderConfig");
        String inputType = config.path("InputType").asText("JSON");
        List<JsonNode> items = switch (inputType) {
            case "JSONL" -> jsonLines(data);
            case "CSV" -> csv(config, data);
            default -> jsonArray(data);
        };
        JsonNode max = config.path("MaxItems");
        if (max.isIntegralNumber() && max.intValue() > 0 && items.size() > max.intValue()) {
            return items.subList(0, max.intValue());
        }
        return items;
    }

    private static List<JsonNode> jsonArray(String data) {
        JsonNode parsed = parse(data);
        if (!parsed.isArray()) {
            throw invalid("must be a JSON array");
        }
        List<JsonNode> items = new ArrayList<>();
        parsed.forEach(items::add);
        return items;
    }

    private static List<JsonNode> jsonLines(String data) {
        List<JsonNode> items = new ArrayList<>();
        for (String line : data.split("\\R")) {
            if (!line.isBlank()) {
                items.add(parse(line));
            }
        }
        return items;
    }

    private static JsonNode parse(String text) {
        try {
            return Json.parse(text);
        } catch (JsonProcessingException e) {
            throw invalid("must be valid JSON");
        }
    }

    private static List<JsonNode> csv(JsonNode config, String data) {
        char delimiter = switch (config.path("CSVDelimiter").asText("COMMA")) {
            case "PIPE" -> '|';
            case "SEMICOLON" -> ';';
            case "SPACE" -> ' ';
            case "TAB" -> '\t';
            default -> ',';
        };
        List<List<String>> rows = new ArrayList<>();
        for (String line : data.split("\\R")) {
            if (!line.isEmpty()) {
                rows.add(fields(line, delimiter));
            }
        }
        List<String> headers = new ArrayList<>();
        if ("GIVEN".equals(config.path("CSVHeaderLocation").asText())) {
            config.path("CSVHeaders").forEach(h -> headers.add(h.asText()));
        } else if (!rows.isEmpty()) {
            headers.addAll(rows.removeFirst());
        }
        List<JsonNode> items = new ArrayList<>();
        for (List<String> row : rows) {
            ObjectNode item = Json.object();
            for (int i = 0; i < headers.size() && i < row.size(); i++) {
                item.put(headers.get(i), row.get(i));
            }
            items.add(item);
        }
        return items;
    }

    /** One CSV line's fields; a field in double quotes may hold the delimiter, and "" stands for a quote. */
    private static List<String> fields(String line, char delimiter) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == delimiter) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    private static ServiceException invalid(String problem) {
        return ServiceException.sfn("ValidationException", "The mapItemReaderData " + problem
                + " for the ItemReader's input type");
    }
}
