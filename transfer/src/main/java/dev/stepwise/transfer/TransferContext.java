package dev.stepwise.transfer;

import dev.stepwise.api.PageTokens;
import java.time.Clock;

/** What the face's operations share: the catalog, the time, ids, page tokens, endpoints and locks. */
record TransferContext(TransferCatalog catalog, Clock clock, TransferIds ids, PageTokens tokens,
                       ServerEndpoints endpoints, TransferLocks locks) {}
