package dev.stepwise.server.http;

import dev.stepwise.console.ConsoleAssets;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Serves the console ({@link ConsoleAssets}) on GET and HEAD of its paths, with its content types,
 * ETags (answering 304 to a matching If-None-Match) and security headers. Any other request goes
 * on to the wrapped handler. The pages themselves talk to the server only through its AWS APIs.
 */
public final class ConsoleHandler extends Handler.Wrapper {
    private final ConsoleAssets assets;

    public ConsoleHandler(ConsoleAssets assets, Handler next) {
        super(next);
        this.assets = assets;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String method = request.getMethod();
        String path = request.getHttpURI().getPath();
        boolean head = HttpMethod.HEAD.is(method);
        if (!(HttpMethod.GET.is(method) || head) || path == null || !ConsoleAssets.owns(path)) {
            return super.handle(request, response, callback);
        }
        var found = assets.find(path);
        if (found.isEmpty()) {
            Response.writeError(request, response, callback, 404);
            return true;
        }
        ConsoleAssets.Asset asset = found.get();
        asset.securityHeaders().forEach(response.getHeaders()::put);
        response.getHeaders().put(HttpHeader.ETAG, asset.etag());
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, asset.cacheControl());
        if (asset.notModifiedFor(request.getHeaders().get(HttpHeader.IF_NONE_MATCH))) {
            response.setStatus(304);
            callback.succeeded();
            return true;
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, asset.contentType());
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, asset.body().length);
        response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(asset.body()), callback);
        return true;
    }
}
