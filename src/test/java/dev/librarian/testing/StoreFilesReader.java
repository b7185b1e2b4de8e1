package dev.librarian.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A reader of a working directory the way another program (or LightRAG) would open it while Librarian writes:
 * every store file is opened and parsed whole, over and over on a thread of its own, and every failure is kept.
 * KV stores must be one JSON object (plain Jackson, no leniency), vector stores must be complete ({@code matrix}
 * holds a vector for each {@code data} row) and the graph must be well-formed GraphML. A store file that exists
 * must stay readable: it is replaced, never removed or truncated.
 */
public final class StoreFilesReader implements AutoCloseable {

    private static final ObjectMapper STRICT_JSON = new ObjectMapper();
    private static final String GRAPH = "graph_chunk_entity_relation.graphml";
    private static final ThreadLocal<DocumentBuilder> XML = ThreadLocal.withInitial(StoreFilesReader::newXmlParser);

    private final Path dir;
    private final int dim;
    private final Thread thread;
    private final Map<String, Integer> reads = new TreeMap<>();
    private final Map<String, Set<Integer>> versions = new TreeMap<>();
    private final List<String> failures = new ArrayList<>();
    private volatile boolean running = true;

    private StoreFilesReader(Path dir, int dim) {
        this.dir = dir;
        this.dim = dim;
        this.thread = new Thread(this::loop, "store-files-reader");
        thread.setDaemon(true);
    }

    /** Starts reading {@code dir} (vector stores of {@code dim} values) until {@link #close()}. */
    public static StoreFilesReader start(Path dir, int dim) {
        StoreFilesReader reader = new StoreFilesReader(dir, dim);
        reader.thread.start();
        return reader;
    }

    /** Reads every store file in {@code dir} once; returns what could not be read (empty when all is well). */
    public static List<String> readAllOnce(Path dir, int dim) {
        List<String> problems = new ArrayList<>();
        for (Path file : storeFiles(dir)) {
            String problem = problem(file, dim);
            if (problem != null) {
                problems.add(problem);
            }
        }
        return problems;
    }

    private void loop() {
        while (running) {
            for (Path file : storeFiles(dir)) {
                String name = file.getFileName().toString();
                byte[] bytes;
                String problem;
                try {
                    bytes = Files.readAllBytes(file);
                    problem = problem(name, bytes, dim);
                } catch (IOException e) {
                    bytes = new byte[0];
                    problem = name + ": cannot be opened: " + e;
                }
                synchronized (this) {
                    reads.merge(name, 1, Integer::sum);
                    versions.computeIfAbsent(name, n -> new HashSet<>()).add(Arrays.hashCode(bytes));
                    if (problem != null && failures.size() < 50) {
                        failures.add(problem);
                    }
                }
            }
            try {
                // often enough to land inside writes, without taking a core from the service
                Thread.sleep(5);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Complete reads per file name so far. */
    public synchronized Map<String, Integer> reads() {
        return new TreeMap<>(reads);
    }

    /** Different contents seen per file name so far: more than one means the reader ran while it was rewritten. */
    public synchronized Map<String, Integer> versionsSeen() {
        Map<String, Integer> out = new TreeMap<>();
        versions.forEach((name, seen) -> out.put(name, seen.size()));
        return out;
    }

    public synchronized List<String> failures() {
        return List.copyOf(failures);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
    }

    /** The LightRAG store files in {@code dir} (temporaries of atomic writes are not store files). */
    static List<Path> storeFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> {
                String name = p.getFileName().toString();
                return name.equals(GRAPH) || name.matches("(kv_store|vdb)_[a-z_]+\\.json");
            }).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Why {@code file} cannot be read as the store it is, or null if it reads completely. */
    private static String problem(Path file, int dim) {
        try {
            return problem(file.getFileName().toString(), Files.readAllBytes(file), dim);
        } catch (IOException e) {
            return file.getFileName() + ": cannot be opened: " + e;
        }
    }

    private static String problem(String name, byte[] bytes, int dim) {
        try {
            if (name.equals(GRAPH)) {
                Document graph = XML.get().parse(new ByteArrayInputStream(bytes));
                return graph.getDocumentElement().getLocalName().equals("graphml") ? null
                        : name + ": the root element is " + graph.getDocumentElement().getLocalName();
            }
            JsonNode root = STRICT_JSON.readTree(bytes);
            if (root == null || !root.isObject()) {
                return name + ": not a JSON object (" + bytes.length + " bytes)";
            }
            return name.startsWith("vdb_") ? vectorProblem(name, root, dim) : null;
        } catch (IOException | SAXException | RuntimeException e) {
            return name + " (" + bytes.length + " bytes): " + e;
        }
    }

    /** A NanoVectorDB file is complete when its matrix holds one float32 row of {@code dim} values per data row. */
    private static String vectorProblem(String name, JsonNode root, int dim) {
        if (root.path("embedding_dim").asInt() != dim || !root.path("data").isArray()) {
            return name + ": no embedding_dim " + dim + " or no data array";
        }
        int rows = root.get("data").size();
        int matrixBytes = Base64.getDecoder().decode(root.path("matrix").asText("")).length;
        return matrixBytes == rows * dim * Float.BYTES ? null
                : name + ": " + rows + " data rows but a matrix of " + matrixBytes + " bytes";
    }

    private static DocumentBuilder newXmlParser() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            return factory.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }
}
