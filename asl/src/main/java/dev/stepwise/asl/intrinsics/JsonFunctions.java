package dev.stepwise.asl.intrinsics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;

/** States.StringToJson, States.JsonToString and States.JsonMerge ("Intrinsics for JSON data manipulation"). */
final class JsonFunctions {
    private JsonFunctions() {}

    /**
     * The parsed JSON text. AWS recorded "" and " " parsing to null, "-0" to 0 and "1.1" to 1.1;
     * text that is not one JSON document is invalid, and so is an argument that is not a string
     * (AWS: "States.Runtime: Invalid arguments in States.StringToJson" for an object argument).
     */
    static JsonNode stringToJson(Invocation call) {
        String text = call.string(0);
        if (text.isBlank()) {
            return Json.NODES.nullNode();
        }
        try {
            return Json.parse(text);
        } catch (JsonProcessingException e) {
            throw call.invalid();
        }
    }

    /** Compact JSON text of any value: AWS recorded {"Arg1":1,"Arg2":[]} and "\"HelloWorld\"". */
    static JsonNode jsonToString(Invocation call) {
        return Json.text(Json.write(call.value(0)));
    }

    /**
     * Shallow merge: the members of the first object, then those of the second, which win on a
     * shared name; nested objects are not merged. "Currently, Step Functions only supports the
     * shallow merging mode; therefore, you must specify the boolean value as false", so true (or
     * anything but a boolean) is invalid, as are arguments that are not objects.
     */
    static JsonNode jsonMerge(Invocation call) {
        ObjectNode first = call.object(0);
        ObjectNode second = call.object(1);
        if (call.bool(2)) {
            throw call.invalid();
        }
        ObjectNode out = Json.object();
        out.setAll(first);
        out.setAll(second);
        return out;
    }
}
