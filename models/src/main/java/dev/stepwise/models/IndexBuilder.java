package dev.stepwise.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Builds, at build time, the index of service models this module's jar carries: one
 * {@link ServiceModel#reduce reduced} model per AWS service, named as {@link ServiceModels} looks
 * it up. AWS's models are too large to ship whole (the SDK's jar alone is 91 MB); reduced to the
 * outputs they take 1.6 MB.
 *
 * <p>Where the models come from, in this order (the first to have a service wins):
 * <ol>
 *   <li>the AWS SDK for Java's models ({@code com.amazonaws:aws-java-sdk-models}, a dependency of
 *       this module that is not passed on): the version is pinned so a build is repeatable;</li>
 *   <li>botocore's models ({@code botocore/data/<service>/<version>/service-2.json.gz}, the newest
 *       version of each service), as the machine's python3 has them, for what the first lacks:
 *       S3 (whose Java SDK 1 client was written by hand) and the services released since that
 *       SDK's models stopped growing. Without python3 and botocore those services have no model (a
 *       warning says so); under {@code CI=true} that fails the build.</li>
 * </ol>
 * The index is rebuilt only when its sources change ({@code index.properties} records them).
 *
 * <p>Usage: {@code IndexBuilder <classes folder>}; the SDK's models jar must be on the class path.
 */
public final class IndexBuilder {
    /** Bumped when the reduced format or the naming changes, so that an older index is rebuilt. */
    private static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private IndexBuilder() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        Path folder = Path.of(args[0]).resolve(ServiceModels.FOLDER);
        Path sdkJar = sdkModelsJar();
        Botocore botocore = Botocore.locate();
        if (botocore == null) {
            String warning = "python3 with botocore was not found: services the AWS SDK for Java's models lack "
                    + "(S3 among them) get no model, and TestState does not check their mocked results";
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(warning);
            }
            System.err.println("WARNING: " + warning);
        }
        String sources = "format " + FORMAT + "; " + sdkJar.getFileName()
                + (botocore == null ? "" : "; botocore " + botocore.version());
        Path marker = folder.resolve("index.properties");
        if (Files.exists(marker) && Files.readString(marker).contains("sources=" + sources + "\n")) {
            return;
        }
        clear(folder);
        Map<String, String> services = new TreeMap<>();
        try (ZipFile jar = new ZipFile(sdkJar.toFile())) {
            for (ZipEntry e : Collections.list(jar.entries())) {
                if (e.getName().startsWith("models/") && e.getName().endsWith("-model.json")) {
                    try (InputStream in = jar.getInputStream(e)) {
                        write(folder, JSON.readTree(in), services);
                    }
                }
            }
        }
        if (botocore != null) {
            for (Path model : botocore.newestModels()) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(model))) {
                    write(folder, JSON.readTree(in), services);
                }
            }
        }
        Files.writeString(marker, "sources=" + sources + "\nservices=" + String.join(",", services.keySet()) + "\n");
        System.out.println("Service model index: " + services.size() + " services from " + sources);
    }

    /** Writes {@code model}'s reduced form unless its service has one already (or has no name). */
    private static void write(Path folder, JsonNode model, Map<String, String> services) throws IOException {
        String serviceId = model.path("metadata").path("serviceId").asText(null);
        if (serviceId == null) {
            return; // a few old SDK models lack it; botocore has those services
        }
        String name = sdkName(serviceId);
        if (services.putIfAbsent(name, serviceId) != null) {
            return;
        }
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(folder.resolve(name + ".json.gz")))) {
            JSON.writeValue(out, ServiceModel.reduce(model));
        }
    }

    /**
     * The name Step Functions' aws-sdk integrations give a service, which is the AWS SDK for Java
     * 2's: the model's serviceId without spaces and punctuation, in lower case, less a leading
     * "Amazon" or "AWS" and a trailing "Service" ("CloudWatch Logs" → cloudwatchlogs,
     * "Config Service" → config, "SFN" → sfn, "EventBridge" → eventbridge).
     */
    static String sdkName(String serviceId) {
        String name = serviceId.replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
        for (String prefix : List.of("amazon", "aws")) {
            if (name.startsWith(prefix)) {
                name = name.substring(prefix.length());
            }
        }
        return name.endsWith("service") ? name.substring(0, name.length() - "service".length()) : name;
    }

    private static Path sdkModelsJar() {
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            if (p.getFileName().toString().startsWith("aws-java-sdk-models-")) {
                return p;
            }
        }
        throw new IllegalStateException("com.amazonaws:aws-java-sdk-models is not on the class path");
    }

    private static void clear(Path folder) throws IOException {
        Files.createDirectories(folder);
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".json.gz")).toList()) {
                Files.delete(f);
            }
        }
    }

    /** botocore's data folder and version, as the machine's python3 imports it. */
    record Botocore(Path data, String version) {
        static Botocore locate() throws IOException, InterruptedException {
            Process p;
            try {
                p = new ProcessBuilder("python3", "-c",
                        "import botocore, os; print(os.path.dirname(botocore.__file__)); print(botocore.__version__)")
                        .redirectErrorStream(true).start();
            } catch (IOException e) {
                return null; // no python3
            }
            String[] lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip().split("\n");
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || lines.length != 2) {
                return null;
            }
            return new Botocore(Path.of(lines[0].strip(), "data"), lines[1].strip());
        }

        /** The newest API version's model of each service ({@code data/<service>/<version>/service-2.json.gz}). */
        List<Path> newestModels() throws IOException {
            List<Path> models = new ArrayList<>();
            try (Stream<Path> services = Files.list(data)) {
                for (Path service : services.filter(Files::isDirectory).sorted().toList()) {
                    try (Stream<Path> versions = Files.list(service)) {
                        versions.map(v -> v.resolve("service-2.json.gz")).filter(Files::exists)
                                .max(Path::compareTo).ifPresent(models::add);
                    }
                }
            }
            return models;
        }
    }
}
