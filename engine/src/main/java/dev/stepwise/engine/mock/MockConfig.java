package dev.stepwise.engine.mock;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Step Functions Local mock configuration file (MockConfigFile.json):
 * <pre>
 * {"StateMachines": {"&lt;machine&gt;": {"TestCases": {"&lt;case&gt;": {"&lt;state&gt;": "&lt;mocked response&gt;"}}}},
 *  "MockedResponses": {"&lt;mocked response&gt;": {"0": {"Return": …}, "1-2": {"Throw": {"Error": …, "Cause": …}}}}}
 * </pre>
 * Read whole and checked when it is loaded, so a server or a test run refuses a bad file at once
 * with every problem named by its place in the file, instead of failing an execution later.
 * Gaps in the invocation numbers are allowed: as in Step Functions Local, an invocation without a
 * response fails its execution when it happens.
 */
public final class MockConfig {
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Pattern KEY = Pattern.compile("(\\d{1,9})(?:-(\\d{1,9}))?");

    private final String source;
    /** machine → test case → state → mocked response, in file order. */
    private final Map<String, Map<String, Map<String, MockedResponse>>> machines;

    private MockConfig(String source, Map<String, Map<String, Map<String, MockedResponse>>> machines) {
        this.source = source;
        this.machines = machines;
    }

    public static MockConfig load(Path file) throws MockConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new MockConfigException("cannot read the mock configuration file " + file + ": " + e);
        }
        return parse(text, file.toString());
    }

    /** Parses and checks {@code text}; {@code source} names it in messages (a file path). */
    public static MockConfig parse(String text, String source) throws MockConfigException {
        JsonNode root;
        try {
            root = STRICT.readTree(text);
        } catch (JsonProcessingException e) {
            throw new MockConfigException("mock configuration " + source + " is not valid JSON: "
                    + e.getOriginalMessage() + " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")");
        }
        Reader r = new Reader();
        Map<String, Map<String, Map<String, MockedResponse>>> machines = r.read(root);
        if (!r.problems.isEmpty()) {
            throw new MockConfigException("mock configuration " + source + " is not usable:\n  "
                    + String.join("\n  ", r.problems));
        }
        return new MockConfig(source, machines);
    }

    /** Where the configuration came from (a file path), for messages. */
    public String source() {
        return source;
    }

    public boolean hasMachine(String machineName) {
        return machines.containsKey(machineName);
    }

    /** The state machines the file configures, in file order. */
    public List<String> machineNames() {
        return List.copyOf(machines.keySet());
    }

    /** A machine's test cases in file order (empty when the machine is not configured). */
    public List<String> testCaseNames(String machineName) {
        return List.copyOf(machines.getOrDefault(machineName, Map.of()).keySet());
    }

    /** The test case's mocks, or empty when the file does not define it for that machine. */
    public Optional<MockSession> session(String machineName, String testCase) {
        Map<String, MockedResponse> states = machines.getOrDefault(machineName, Map.of()).get(testCase);
        return states == null ? Optional.empty() : Optional.of(new MockSession(machineName, testCase, states));
    }

    /** Collects every problem of a file, each with its place ("StateMachines.M.TestCases.C.S"). */
    private static final class Reader {
        final List<String> problems = new ArrayList<>();

        Map<String, Map<String, Map<String, MockedResponse>>> read(JsonNode root) {
            Map<String, Map<String, Map<String, MockedResponse>>> result = new LinkedHashMap<>();
            if (root == null || !root.isObject()) {
                problems.add("the file must hold a JSON object with the fields StateMachines and MockedResponses");
                return result;
            }
            for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                if (!field.equals("StateMachines") && !field.equals("MockedResponses")) {
                    problems.add("unknown top-level field '" + field + "' (expected StateMachines and MockedResponses)");
                }
            }
            Map<String, MockedResponse> responses = responses(root.get("MockedResponses"));
            JsonNode sms = root.get("StateMachines");
            if (sms == null) {
                problems.add("StateMachines is missing");
                return result;
            }
            if (!isObject(sms, "StateMachines")) {
                return result;
            }
            for (Map.Entry<String, JsonNode> m : properties(sms)) {
                String at = "StateMachines." + m.getKey();
                if (!isObject(m.getValue(), at)) {
                    continue;
                }
                Map<String, Map<String, MockedResponse>> cases = new LinkedHashMap<>();
                result.put(m.getKey(), cases);
                for (Iterator<String> it = m.getValue().fieldNames(); it.hasNext(); ) {
                    String field = it.next();
                    if (!field.equals("TestCases")) {
                        problems.add(at + ": unknown field '" + field + "' (expected TestCases)");
                    }
                }
                JsonNode tcs = m.getValue().get("TestCases");
                if (tcs == null) {
                    problems.add(at + ".TestCases is missing");
                    continue;
                }
                if (!isObject(tcs, at + ".TestCases")) {
                    continue;
                }
                for (Map.Entry<String, JsonNode> tc : properties(tcs)) {
                    String caseAt = at + ".TestCases." + tc.getKey();
                    if (!isObject(tc.getValue(), caseAt)) {
                        continue;
                    }
                    Map<String, MockedResponse> states = new LinkedHashMap<>();
                    for (Map.Entry<String, JsonNode> st : properties(tc.getValue())) {
                        String stateAt = caseAt + "." + st.getKey();
                        if (!st.getValue().isTextual()) {
                            problems.add(stateAt + " must name a mocked response (a string), but is "
                                    + st.getValue().getNodeType().name().toLowerCase());
                            continue;
                        }
                        MockedResponse response = responses.get(st.getValue().asText());
                        if (response == null) {
                            problems.add(stateAt + " names the mocked response '" + st.getValue().asText()
                                    + "', which MockedResponses does not define");
                            continue;
                        }
                        states.put(st.getKey(), response);
                    }
                    cases.put(tc.getKey(), Collections.unmodifiableMap(states));
                }
            }
            return result;
        }

        Map<String, MockedResponse> responses(JsonNode node) {
            Map<String, MockedResponse> result = new LinkedHashMap<>();
            if (node == null || !isObject(node, "MockedResponses")) {
                return result;
            }
            for (Map.Entry<String, JsonNode> r : properties(node)) {
                String at = "MockedResponses." + r.getKey();
                if (!isObject(r.getValue(), at)) {
                    continue;
                }
                List<MockedResponse.Entry> entries = new ArrayList<>();
                for (Map.Entry<String, JsonNode> e : properties(r.getValue())) {
                    MockedResponse.Entry entry = entry(at, e.getKey(), e.getValue());
                    if (entry == null) {
                        continue;
                    }
                    for (MockedResponse.Entry other : entries) {
                        if (entry.from() <= other.to() && other.from() <= entry.to()) {
                            problems.add(at + ": the keys \"" + other.key() + "\" and \"" + entry.key()
                                    + "\" both cover invocation " + Math.max(entry.from(), other.from()));
                        }
                    }
                    entries.add(entry);
                }
                result.put(r.getKey(), new MockedResponse(r.getKey(), List.copyOf(entries)));
            }
            return result;
        }

        MockedResponse.Entry entry(String responseAt, String key, JsonNode value) {
            String at = responseAt + ".\"" + key + "\"";
            Matcher m = KEY.matcher(key);
            if (!m.matches()) {
                problems.add(responseAt + ": the key \"" + key
                        + "\" is not an invocation number (\"0\") or an inclusive range (\"1-2\")");
                return null;
            }
            int from = Integer.parseInt(m.group(1));
            int to = m.group(2) == null ? from : Integer.parseInt(m.group(2));
            if (to < from) {
                problems.add(responseAt + ": the range \"" + key + "\" ends before it starts");
                return null;
            }
            if (!isObject(value, at)) {
                return null;
            }
            boolean hasReturn = value.has("Return");
            boolean hasThrow = value.has("Throw");
            if (value.size() != 1 || hasReturn == hasThrow) {
                problems.add(at + " must hold exactly one field, Return or Throw, but holds "
                        + (value.isEmpty() ? "none" : String.join(", ", fieldNames(value))));
                return null;
            }
            if (hasReturn) {
                return new MockedResponse.Entry(key, from, to, new MockOutcome.Return(value.get("Return")));
            }
            JsonNode t = value.get("Throw");
            String throwAt = at + ".Throw";
            if (!isObject(t, throwAt)) {
                return null;
            }
            JsonNode error = t.get("Error");
            JsonNode cause = t.get("Cause");
            boolean ok = true;
            if (error == null || !error.isTextual()) {
                problems.add(throwAt + ".Error must be a string naming the error");
                ok = false;
            }
            if (cause != null && !cause.isTextual() && !cause.isNull()) {
                problems.add(throwAt + ".Cause must be a string");
                ok = false;
            }
            for (String f : fieldNames(t)) {
                if (!f.equals("Error") && !f.equals("Cause")) {
                    problems.add(throwAt + ": unknown field '" + f + "' (expected Error and Cause)");
                    ok = false;
                }
            }
            return ok ? new MockedResponse.Entry(key, from, to, new MockOutcome.Throw(error.asText(),
                    cause == null || cause.isNull() ? null : cause.asText())) : null;
        }

        boolean isObject(JsonNode node, String at) {
            if (node.isObject()) {
                return true;
            }
            problems.add(at + " must be a JSON object, but is " + node.getNodeType().name().toLowerCase());
            return false;
        }

        static List<Map.Entry<String, JsonNode>> properties(JsonNode node) {
            List<Map.Entry<String, JsonNode>> list = new ArrayList<>();
            node.fields().forEachRemaining(list::add);
            return list;
        }

        static List<String> fieldNames(JsonNode node) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            return names;
        }
    }
}
