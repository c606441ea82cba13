package dev.stepwise.api;

import java.util.List;

/**
 * A service spoken over AWS rest-json: each operation at its own method and URI, as the service
 * model's {@code http} trait gives them. Routed by method and path; where two services have the
 * same route, by the signing name in the request's SigV4 credential scope.
 */
public interface RestJsonService {

    /** The service name in the SigV4 credential scope of its requests ("imagebuilder"). */
    String signingName();

    List<Route> routes();

    /**
     * An operation at {@code method} and {@code path}: a literal path, or one with labels in braces
     * ({@code /workflows/{workflowArn}}) whose values reach the operation as request members.
     * Query parameters become members by their names in {@code query} (query name to member name):
     * a string, or an array of strings when the parameter is given more than once (a list member).
     * {@code successStatus} is the model's status for a success (200 unless it says otherwise).
     */
    record Route(String method, String path, java.util.Map<String, String> query, int successStatus,
                 String operationName, Operation operation) {

        public Route(String method, String path, String operationName, Operation operation) {
            this(method, path, java.util.Map.of(), 200, operationName, operation);
        }
    }
}
