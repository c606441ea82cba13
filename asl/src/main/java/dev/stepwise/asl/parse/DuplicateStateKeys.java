package dev.stepwise.asl.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.stepwise.asl.json.Json;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds state names written twice in the same "States" object, which a JSON tree cannot show
 * (the last one wins). Contract: answers the pointers of the repeated names ("/States/A"), in
 * text order; never throws (a text that does not parse yields what was found before the fault).
 */
final class DuplicateStateKeys {
    private DuplicateStateKeys() {}

    private static final class Frame {
        final String pointer;
        final boolean array;
        final boolean states;
        final Set<String> keys = new HashSet<>();
        String name;
        int index;

        Frame(String pointer, boolean array, boolean states) {
            this.pointer = pointer;
            this.array = array;
            this.states = states;
        }

        String child() {
            return array ? FieldReader.index(pointer, index) : pointer + "/" + name;
        }
    }

    static List<String> find(String text) {
        List<String> found = new ArrayList<>();
        Deque<Frame> stack = new ArrayDeque<>();
        try (JsonParser p = Json.MAPPER.createParser(text)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                Frame top = stack.peek();
                switch (t) {
                    case START_OBJECT, START_ARRAY -> {
                        boolean states = top != null && !top.array && "States".equals(top.name);
                        stack.push(new Frame(top == null ? "" : top.child(), t == JsonToken.START_ARRAY, states));
                    }
                    case END_OBJECT, END_ARRAY -> {
                        stack.pop();
                        advance(stack.peek());
                    }
                    case FIELD_NAME -> {
                        top.name = p.currentName();
                        if (top.states && !top.keys.add(top.name)) {
                            found.add(top.child());
                        }
                    }
                    default -> advance(top);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the tree parse already reported why the text is not JSON
        }
        return found;
    }

    private static void advance(Frame frame) {
        if (frame != null && frame.array) {
            frame.index++;
        }
    }
}
