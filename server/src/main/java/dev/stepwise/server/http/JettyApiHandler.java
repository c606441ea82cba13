package dev.stepwise.server.http;

import dev.stepwise.api.AnswerDelivery;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries {@link ApiRouter} on Jetty's core API, in front of the other routes: every call of every
 * client comes this way, and Jetty's core handlers cost a fraction of a servlet stack per request.
 * A request that is no API call goes on to the wrapped handler. Runs on a virtual thread (the
 * operation may block: a commit, a long poll).
 */
public final class JettyApiHandler extends Handler.Wrapper {
    private static final Logger log = LoggerFactory.getLogger(JettyApiHandler.class);

    private final ApiRouter router;

    public JettyApiHandler(ApiRouter router, Handler next) {
        super(next);
        this.router = router;
    }

    @Override
    public InvocationType getInvocationType() {
        return InvocationType.BLOCKING;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String query = request.getHttpURI().getQuery();
        Callers.Scope scope = Callers.scope(request.getHeaders().get(HttpHeader.AUTHORIZATION), query);
        ApiRouter.Destination destination = router.route(request.getMethod(), request.getHttpURI().getPath(),
                request.getHeaders().get("X-Amz-Target"), scope);
        if (destination == null) {
            return super.handle(request, response, callback);
        }
        byte[] body = body(request);
        if (body == null) {
            // over the limit: refused as AWS's front end refuses it
            log.info("request larger than {} bytes refused", ApiRouter.MAX_REQUEST_BYTES);
            response.setStatus(413);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text; charset=utf-8");
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            response.write(true, ByteBuffer.wrap(("HTTP content length exceeded " + ApiRouter.MAX_REQUEST_BYTES
                    + " bytes.").getBytes(StandardCharsets.UTF_8)), callback);
            return true;
        }
        AnswerDelivery.Pending pending = AnswerDelivery.open();
        boolean settled = false; // one of the pending actions ran: they must, whatever happens here
        try {
            ApiRouter.Reply reply;
            try {
                reply = router.handle(destination, scope, query, body);
            } finally {
                AnswerDelivery.close();
            }
            response.setStatus(reply.status());
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
            response.getHeaders().put("x-amzn-RequestId", reply.requestId());
            if (reply.errorType() != null) {
                response.getHeaders().put("x-amzn-ErrorType", reply.errorType());
            }
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, reply.body().length);
            if (pending.isEmpty()) {
                response.write(true, ByteBuffer.wrap(reply.body()), callback);
                return true;
            }
            // the operation waits for the outcome of the write: on this (virtual) thread, not Jetty's
            Callback.Completable write = new Callback.Completable();
            response.write(true, ByteBuffer.wrap(reply.body()), write);
            try {
                write.get();
            } catch (ExecutionException e) {
                settled = true;
                pending.undelivered();
                callback.failed(e.getCause());
                return true;
            }
            settled = true;
            pending.written();
            callback.succeeded();
            return true;
        } finally {
            if (!settled) {
                pending.undelivered();
            }
        }
    }

    /** Bodies this much over the limit are not even read before the refusal (the client may see a reset). */
    private static final long DISCARD_LIMIT = 16L * 1024 * 1024;

    /**
     * The request's bytes, or null when they exceed the limit. An oversized body is read and
     * dropped first, so that a client still sending it gets the 413 instead of a broken pipe.
     */
    private static byte[] body(Request request) throws java.io.IOException {
        try (InputStream in = Request.asInputStream(request)) {
            long length = request.getLength();
            if (length >= 0 && length <= ApiRouter.MAX_REQUEST_BYTES) {
                // the announced length: one array, no copies
                byte[] bytes = new byte[(int) length];
                if (in.readNBytes(bytes, 0, bytes.length) < bytes.length) {
                    throw new java.io.EOFException("the body ended before its announced length");
                }
                return bytes;
            }
            if (length < 0) { // chunked: read up to one byte past the limit to see whether it is passed
                byte[] bytes = in.readNBytes(ApiRouter.MAX_REQUEST_BYTES + 1);
                if (bytes.length <= ApiRouter.MAX_REQUEST_BYTES) {
                    return bytes;
                }
            }
            byte[] sink = new byte[64 * 1024];
            long dropped = 0;
            int n;
            while (dropped < DISCARD_LIMIT && (n = in.read(sink)) > 0) {
                dropped += n;
            }
            return null;
        }
    }
}
