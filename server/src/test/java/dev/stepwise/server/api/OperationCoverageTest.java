package dev.stepwise.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.platform.commons.support.ReflectionSupport;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.SfnRequest;

/**
 * Every operation of the Step Functions API is either exercised by a test marked {@link Covers}
 * or listed in {@link #PENDING}, and PENDING is exactly what the server does not implement yet:
 * when a feature lands, this test fails until its operations leave PENDING and get tests.
 */
class OperationCoverageTest {
    /**
     * Operations of the API the server does not implement yet (answered UnknownOperationException):
     * none now. An operation AWS adds to the API goes here until it lands, then leaves with a test.
     */
    static final Set<String> PENDING = Set.of();

    /** The API's operations, as the AWS SDK for Java v2 models them: the SfnClient methods taking a request. */
    static Set<String> modelOperations() {
        Set<String> operations = new TreeSet<>();
        for (Method m : SfnClient.class.getMethods()) {
            if (m.getParameterCount() == 1 && SfnRequest.class.isAssignableFrom(m.getParameterTypes()[0])) {
                String request = m.getParameterTypes()[0].getSimpleName();
                operations.add(request.substring(0, request.length() - "Request".length()));
            }
        }
        return operations;
    }

    /** Operation → the tests that cover it, from the {@link Covers} marks of this package's test classes. */
    static Map<String, Set<String>> coveredOperations() {
        Map<String, Set<String>> covered = new TreeMap<>();
        for (Class<?> c : ReflectionSupport.findAllClassesInPackage(OperationCoverageTest.class.getPackageName(),
                c -> c.getSimpleName().endsWith("Test"), name -> true)) {
            for (Method m : c.getDeclaredMethods()) {
                Covers covers = m.getAnnotation(Covers.class);
                if (covers != null) {
                    for (String op : covers.value()) {
                        covered.computeIfAbsent(op, k -> new TreeSet<>()).add(c.getSimpleName() + "." + m.getName());
                    }
                }
            }
        }
        return covered;
    }

    @Test
    void theSdkModelsTheWholeApi() {
        // a sanity check of the enumeration itself: AWS's 2016-11-23 API has 37 operations
        assertThat(modelOperations()).hasSizeGreaterThanOrEqualTo(37)
                .contains("CreateStateMachine", "StartExecution", "GetActivityTask", "TestState", "UpdateMapRun");
    }

    @Test
    void everyCoversMarkNamesARealOperation() {
        Set<String> unknown = new TreeSet<>(coveredOperations().keySet());
        unknown.removeAll(modelOperations());
        assertThat(unknown).as("@Covers names that are not operations of the API").isEmpty();
    }

    /**
     * The operations the server implements: those its endpoint does not answer with
     * UnknownOperationException, which it does exactly for names missing from its operations table
     * (StepFunctionsService.operations()). Asked with an empty request, which no operation acts on.
     */
    static Set<String> implementedOperations(ServerFixture fixture, Set<String> candidates) throws Exception {
        Set<String> implemented = new TreeSet<>();
        try (HttpClient http = HttpClient.newHttpClient()) {
            for (String op : candidates) {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(fixture.endpoint())
                        .header("Content-Type", "application/x-amz-json-1.0")
                        .header("X-Amz-Target", "AWSStepFunctions." + op)
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
                if (!answer.body().contains("#UnknownOperationException")) {
                    implemented.add(op);
                }
            }
        }
        return implemented;
    }

    @Test
    void pendingIsExactlyWhatTheServerDoesNotImplement() throws Exception {
        Set<String> implemented;
        Set<String> probed = new TreeSet<>(modelOperations());
        probed.add("NotAnOperation");
        try (ServerFixture fixture = new ServerFixture()) {
            implemented = implementedOperations(fixture, probed);
        }
        assertThat(implemented).as("the probe itself: an unknown name is not implemented")
                .doesNotContain("NotAnOperation").contains("ListStateMachines", "StartExecution");
        Set<String> model = modelOperations();
        Set<String> landed = new TreeSet<>(PENDING);
        landed.retainAll(implemented);
        Set<String> missing = new TreeSet<>(model);
        missing.removeAll(implemented);
        missing.removeAll(PENDING);
        // PENDING == model operations absent from the server's table, each difference named
        SoftAssertions.assertSoftly(s -> {
            s.assertThat(landed).as("implemented now: remove them from PENDING and cover them with tests").isEmpty();
            s.assertThat(missing).as("not implemented by the server, yet not in PENDING").isEmpty();
        });
    }

    @Test
    void everyImplementedOperationIsCoveredByATest() {
        Set<String> uncovered = new TreeSet<>(modelOperations());
        uncovered.removeAll(PENDING);
        uncovered.removeAll(coveredOperations().keySet());
        assertThat(uncovered).as("operations no @Covers test exercises").isEmpty();
    }
}
