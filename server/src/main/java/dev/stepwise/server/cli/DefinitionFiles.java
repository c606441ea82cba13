package dev.stepwise.server.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.parse.Diagnostic;
import dev.stepwise.asl.parse.ParsedDefinition;
import java.util.List;

/** Shared by the commands that read a definition: the ValidateStateMachineDefinition response shape. */
final class DefinitionFiles {
    private DefinitionFiles() {}

    /** {"result": "OK"|"FAIL", "diagnostics": [...], "truncated": false}, as the API answers. */
    static ObjectNode validationResponse(ParsedDefinition parsed) {
        ObjectNode response = Json.object();
        response.put("result", parsed.errors().isEmpty() ? "OK" : "FAIL");
        ArrayNode list = response.putArray("diagnostics");
        List<Diagnostic> diagnostics = parsed.diagnostics();
        for (Diagnostic d : diagnostics) {
            ObjectNode o = list.addObject();
            o.put("severity", d.severity().name());
            o.put("code", d.code());
            o.put("message", d.message());
            if (d.location() != null) o.put("location", d.location());
        }
        response.put("truncated", false);
        return response;
    }
}
