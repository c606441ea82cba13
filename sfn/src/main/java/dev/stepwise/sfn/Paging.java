package dev.stepwise.sfn;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.api.Caller;
import dev.stepwise.api.PageTokens;
import dev.stepwise.api.RequestReader;

/**
 * The paging fields of a Step Functions List request: maxResults (absent or 0 means the default
 * page of 100) and nextToken, which is good only for the caller and the listing ({@code scope}:
 * the operation, the resource listed and any filter) that issued it.
 */
record Paging(Integer maxResults, String nextToken) {
    private static final int DEFAULT_PAGE = 100;

    /** Reads maxResults (0 to 1000) and then nextToken into {@code r}'s checks. */
    static Paging read(RequestReader r, int tokenMaxLength) {
        Integer maxResults = r.integer("maxResults", 0, 1000);
        return new Paging(maxResults, r.string("nextToken", 1, tokenMaxLength));
    }

    int limit() {
        return maxResults == null || maxResults == 0 ? DEFAULT_PAGE : maxResults;
    }

    /** Where the listing resumes: null for the first page; a foreign or altered token is InvalidToken. */
    String after(PageTokens tokens, Caller caller, String scope) {
        return tokens.position(caller, scope, nextToken);
    }

    /** Adds the token for the next page to {@code output}, when there is one. */
    static void putNext(ObjectNode output, PageTokens tokens, Caller caller, String scope, String next) {
        if (next != null) {
            output.put("nextToken", tokens.issue(caller, scope, next));
        }
    }
}
