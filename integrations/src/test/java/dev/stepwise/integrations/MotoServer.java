package dev.stepwise.integrations;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real moto_server (the local AWS stand-in) on a port it picks itself, started by the test and
 * stopped with it. Signatures are checked: moto lets the first three calls through unsigned, which
 * create an IAM user with an access key and an allow-all policy; from then on a call must be
 * signed with that key, or moto refuses it (SignatureDoesNotMatch). Without moto_server on the
 * PATH the tests are skipped with a message ({@link MotoProcess}).
 */
final class MotoServer implements AutoCloseable {
    private final MotoProcess process;
    private final URI endpoint;
    private final String accessKey;
    private final String secretKey;

    private MotoServer(MotoProcess process, URI endpoint, String accessKey, String secretKey) {
        this.process = process;
        this.endpoint = endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    static MotoServer start() throws Exception {
        MotoProcess process = MotoProcess.start("the AWS JSON service integration tests",
                Map.of("INITIAL_NO_AUTH_ACTION_COUNT", "3"));
        URI endpoint = process.endpoint();
        String[] key = createAccessKey(endpoint);
        return new MotoServer(process, endpoint, key[0], key[1]);
    }

    /** The three unsigned calls moto allows: a user, its access key, and a policy allowing everything. */
    private static String[] createAccessKey(URI endpoint) throws Exception {
        iam(endpoint, Map.of("Action", "CreateUser", "UserName", "stepwise"));
        String created = iam(endpoint, Map.of("Action", "CreateAccessKey", "UserName", "stepwise"));
        iam(endpoint, Map.of("Action", "PutUserPolicy", "UserName", "stepwise", "PolicyName", "all",
                "PolicyDocument", "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", "
                        + "\"Action\": \"*\", \"Resource\": \"*\"}]}"));
        return new String[] {element(created, "AccessKeyId"), element(created, "SecretAccessKey")};
    }

    private static String iam(URI endpoint, Map<String, String> form) throws Exception {
        Map<String, String> all = new LinkedHashMap<>(form);
        all.put("Version", "2010-05-08");
        StringBuilder body = new StringBuilder();
        all.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = Map.of("Content-Type", "application/x-www-form-urlencoded");
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        headers.forEach(request::header);
        // moto tells IAM calls from others by the signature's credential scope
        SigV4.sign("POST", endpoint, headers, bytes, "iam", "us-east-1", "setup", "setup", Instant.now())
                .forEach(request::header);
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> r = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("moto refused " + form.get("Action") + ": " + r.body());
            }
            return r.body();
        }
    }

    private static String element(String xml, String name) {
        Matcher m = Pattern.compile("<" + name + ">([^<]+)</" + name + ">").matcher(xml);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + xml);
        }
        return m.group(1);
    }

    URI endpoint() {
        return endpoint;
    }

    String accessKey() {
        return accessKey;
    }

    String secretKey() {
        return secretKey;
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
