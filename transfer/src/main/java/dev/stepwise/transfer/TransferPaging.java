package dev.stepwise.transfer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.api.Caller;
import dev.stepwise.api.PageTokens;

/**
 * The paging members of a Transfer List request: MaxResults (1 to 1000; absent: pages of 1000)
 * and NextToken, good only for the caller and the listing ({@code scope}: the operation and what
 * it lists) that issued it; anything else is InvalidNextTokenException.
 */
record TransferPaging(Integer maxResults, String nextToken) {
    static final int DEFAULT_PAGE = 1000;

    /** Reads MaxResults and NextToken into {@code r}'s checks. */
    static TransferPaging read(TransferRequest r) {
        return new TransferPaging(r.integer("MaxResults", 1, 1000), r.string("NextToken", ModelRules.NEXT_TOKEN));
    }

    int limit() {
        return maxResults == null ? DEFAULT_PAGE : maxResults;
    }

    /** Where the listing resumes: null for the first page. */
    String after(PageTokens tokens, Caller caller, String scope) {
        return tokens.position(caller, scope, nextToken);
    }

    /** Adds the token for the next page to {@code output}, when there is one. */
    static void putNext(ObjectNode output, PageTokens tokens, Caller caller, String scope, String next) {
        if (next != null) {
            output.put("NextToken", tokens.issue(caller, scope, next));
        }
    }
}
