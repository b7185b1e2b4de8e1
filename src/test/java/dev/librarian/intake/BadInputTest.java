package dev.librarian.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.librarian.status.DocStatus;
import dev.librarian.testing.Corpus;
import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.FakeOllama.Kind;
import dev.librarian.testing.RunningLibrarian;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import static dev.librarian.testing.RunningLibrarian.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bad-input matrix, end to end through the inbox and the HTTP API: empty and binary files fail with a reason,
 * every usual encoding of Russian text is read correctly (never mojibake), invalid bytes are replaced and noted,
 * odd file names survive, no file name escapes the library, and a file arriving ten times at once is one document.
 */
class BadInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    private Path inbox;
    private FakeOllama ollama;
    private RunningLibrarian librarian;

    @BeforeEach
    void start() throws Exception {
        ollama = FakeOllama.start(FakeOllama.Config.DEFAULT.withEmbeddingDim(16));
        inbox = Files.createDirectories(tmp.resolve("inbox"));
        librarian = RunningLibrarian.start(tmp.resolve("cache"), inbox, ollama,
                Map.of("CHUNK_SIZE", "200", "CHUNK_OVERLAP_SIZE", "20", "MAX_GLEANING", "0"));
    }

    @AfterEach
    void stop() {
        librarian.close();
        ollama.close();
    }

    @Test
    void should_fail_empty_files_with_a_reason() throws Exception {
        drop("пусто.txt", new byte[0]);
        drop("пробелы.txt", " \n\t  \r\n".getBytes(StandardCharsets.UTF_8));

        assertFailed("пусто.txt", "empty");
        assertFailed("пробелы.txt", "contains no text");
        assertEquals(0, ollama.chatCalls());
    }

    @Test
    void should_fail_binary_files_as_unsupported_content() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("photo.png", new byte[]{(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H', 'D', 'R'});
        files.put("photo.jpg", new byte[]{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F'});
        files.put("old.doc", new byte[]{(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, 0});
        files.put("renamed-pdf.txt", "%PDF-1.4\n1 0 obj\n".getBytes(StandardCharsets.ISO_8859_1));
        files.put("data.txt", new byte[]{1, 2, 3, 0, 0, 0, 7, (byte) 0x90, 0, 5, 0, 0, 0, 0, 1, 1, 0, 0});
        files.forEach(this::drop);

        for (String name : files.keySet()) {
            String reason = assertFailed(name, "unsupported content");
            assertTrue(reason.contains(name), reason);
        }
        assertTrue(assertFailed("renamed-pdf.txt", "unsupported content").contains("PDF"));
        assertTrue(assertFailed("photo.png", "unsupported content").contains("PNG image"));
        assertEquals(0, ollama.chatCalls(), "nothing binary reached the LLM");
    }

    @Test
    void should_fail_broken_books_with_the_parser_reason() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("scan.pdf", "%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n".getBytes(StandardCharsets.ISO_8859_1));
        files.put("books.zip", new byte[]{'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0, 0, 0, 0, 0});
        files.put("book.epub", new byte[]{'P', 'K', 3, 4, 10, 0, 0, 0, 0, 0, 'm', 'i', 'm', 'e'});
        files.forEach(this::drop);

        assertTrue(assertFailed("scan.pdf", "corrupt PDF: scan.pdf").contains("cannot be read ("));
        assertFailed("books.zip", "corrupt archive: books.zip");
        assertFailed("book.epub", "corrupt archive: book.epub");
        assertEquals(0, ollama.chatCalls(), "nothing unreadable reached the LLM");
    }

    @Test
    void should_read_every_usual_encoding_of_russian_text_correctly() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        Map<String, String> expected = new LinkedHashMap<>();
        Map<String, String> charsets = new LinkedHashMap<>();
        put(files, expected, charsets, "cp1251.txt", excerpt(0), TextDecoder.WINDOWS_1251, null, "windows-1251");
        // what KOI8-R cannot hold (« » – — …) is left out of the text
        String koi8 = new String(excerpt(1).getBytes(TextDecoder.KOI8_R), TextDecoder.KOI8_R);
        files.put("koi8.txt", koi8.getBytes(TextDecoder.KOI8_R));
        expected.put("koi8.txt", koi8);
        charsets.put("koi8.txt", "KOI8-R");
        put(files, expected, charsets, "utf16le-bom.txt", excerpt(2), StandardCharsets.UTF_16LE,
                new byte[]{(byte) 0xFF, (byte) 0xFE}, "UTF-16LE");
        put(files, expected, charsets, "utf16be-bom.txt", excerpt(3), StandardCharsets.UTF_16BE,
                new byte[]{(byte) 0xFE, (byte) 0xFF}, "UTF-16BE");
        put(files, expected, charsets, "utf16le.txt", excerpt(4), StandardCharsets.UTF_16LE, null, "UTF-16LE");
        put(files, expected, charsets, "utf16be.txt", excerpt(5), StandardCharsets.UTF_16BE, null, "UTF-16BE");
        put(files, expected, charsets, "utf8-bom.md", excerpt(6), StandardCharsets.UTF_8,
                new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "UTF-8");
        files.forEach(this::drop);

        for (String name : files.keySet()) {
            String docId = assertProcessed(name);
            assertEquals(expected.get(name), storedText(docId), name + " was not decoded correctly");
            JsonNode metadata = librarian.status().record(docId).orElseThrow().metadata();
            assertEquals(charsets.get(name), metadata.path("charset").asText(), name);
            assertFalse(metadata.has("parse_warnings"), name + ": " + metadata);
        }
    }

    @Test
    void should_replace_invalid_utf8_bytes_and_note_it_in_the_metadata() throws Exception {
        String text = Corpus.excerpt(Corpus.CHEKHOV, 20000, 1500);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int at = text.substring(0, 700).getBytes(StandardCharsets.UTF_8).length;
        bytes[at] = (byte) 0xFF;

        drop("битый.txt", bytes);

        String docId = assertProcessed("битый.txt");
        String stored = storedText(docId);
        assertTrue(stored.contains("\uFFFD"), "the bad byte became U+FFFD");
        assertEquals(text.substring(0, 700), stored.substring(0, 700), "what comes before reads as it should");
        assertEquals(text.substring(702), stored.substring(stored.length() - (text.length() - 702)),
                "what comes after reads as it should");
        JsonNode metadata = librarian.status().record(docId).orElseThrow().metadata();
        assertEquals("UTF-8", metadata.path("charset").asText());
        assertTrue(metadata.path("parse_warnings").asText().contains("U+FFFD"), metadata.toString());
    }

    @Test
    void should_keep_file_names_with_cyrillic_letters_spaces_and_quotes() throws Exception {
        List<String> names = List.of("Отцы и \"дети\" — 'копия' (1).txt", "имя с  двумя пробелами.md",
                "it's a \"quoted\" name.txt");
        int offset = 0;
        for (String name : names) {
            drop(name, Corpus.excerpt(Corpus.CHEKHOV, 40000 + offset, 600).getBytes(StandardCharsets.UTF_8));
            offset += 5000;
        }
        for (String name : names) {
            String docId = assertProcessed(name);
            assertEquals(name, librarian.status().record(docId).orElseThrow().filePath());
            RunningLibrarian.await(Duration.ofSeconds(20), () -> Files.exists(inbox.resolve(".done").resolve(name)),
                    name + " is filed under its own name in .done/");
        }
        String posted = "Заметка \"о главном\" — 'черновик'.txt";
        HttpResponse<String> response = librarian.post("/documents/text", "{\"text\": \"Иван живёт в Москве.\", "
                + "\"file_source\": " + JSON.writeValueAsString(posted) + "}");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(posted, librarian.status().record(json(response).get("doc_id").asText()).orElseThrow()
                .filePath());
    }

    @Test
    void should_keep_every_file_name_inside_the_library() throws Exception {
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("../../etc/passwd", "passwd");
        sources.put("/etc/shadow", "shadow");
        sources.put("..\\..\\windows\\win.ini", "win.ini");
        sources.put("../../../" + tmp.getFileName() + "/escape.txt", "escape.txt");
        sources.put("inbox/../../outside.md", "outside.md");
        // where a name taken as a path would land, relative to the inbox, the working directory or the start folder
        List<Path> escapeTargets = new ArrayList<>();
        for (String raw : Stream.concat(sources.keySet().stream(), Stream.of("../../../evil.txt")).toList()) {
            if (!raw.startsWith("/")) {
                for (Path base : List.of(inbox, tmp.resolve("cache"), Path.of("").toAbsolutePath())) {
                    Path target = base.resolve(raw.replace('\\', '/')).normalize();
                    if (!Files.exists(target)) {
                        escapeTargets.add(target);
                    }
                }
            }
        }
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            texts.add("Запись номер " + (i + 1) + ": Иван Петрович пишет письмо Марии Ивановне.");
        }
        HttpResponse<String> response = librarian.post("/documents/texts", JSON.writeValueAsString(
                Map.of("texts", texts, "file_sources", List.copyOf(sources.keySet()))));
        assertEquals(200, response.statusCode(), response.body());
        HttpResponse<String> dotDot = librarian.post("/documents/text",
                "{\"text\": \"Только точки в имени.\", \"file_source\": \"../..\"}");
        assertEquals(200, dotDot.statusCode(), dotDot.body());
        HttpResponse<String> uploaded = librarian.upload("../../../evil.txt",
                "Письмо из загрузки.".getBytes(StandardCharsets.UTF_8));
        assertEquals(200, uploaded.statusCode(), uploaded.body());

        List<String> filePaths = new ArrayList<>();
        librarian.status().all().values().forEach(rec -> filePaths.add(rec.filePath()));
        for (String safe : sources.values()) {
            assertTrue(filePaths.contains(safe), safe + " in " + filePaths);
        }
        assertTrue(filePaths.contains("evil.txt"), filePaths.toString());
        assertTrue(filePaths.contains("unknown_source"), "'../..' names nothing: " + filePaths);
        assertTrue(filePaths.stream().noneMatch(p -> p.contains("/") || p.contains("\\") || p.contains("..")),
                filePaths.toString());
        for (String docId : librarian.status().all().keySet()) {
            assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(docId, Duration.ofSeconds(60)));
        }
        List<Path> appeared = escapeTargets.stream().filter(Files::exists).toList();
        assertEquals(List.of(), appeared, "nothing was written outside the library's folders");
        try (Stream<Path> written = Files.walk(tmp)) {
            assertEquals(List.of(), written.filter(Files::isRegularFile)
                    .filter(p -> !p.startsWith(tmp.resolve("cache")) && !p.startsWith(inbox)).toList());
        }
    }

    @Test
    void should_make_one_document_of_the_same_file_uploaded_ten_times_at_once() throws Exception {
        byte[] book = Corpus.excerpt(Corpus.TURGENEV, 60000, 1500).getBytes(StandardCharsets.UTF_8);
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            answers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                    return librarian.upload("отцы.txt", book);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        go.countDown();

        List<String> statuses = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get();
            assertEquals(200, response.statusCode(), response.body());
            statuses.add(json(response).get("status").asText());
        }
        assertEquals(1, statuses.stream().filter("success"::equals).count(), statuses.toString());
        assertEquals(9, statuses.stream().filter("duplicated"::equals).count(), statuses.toString());
        String docId = assertProcessed("отцы.txt");
        assertEquals(1, librarian.status().all().size(), "one document");
        int chunks = librarian.status().record(docId).orElseThrow().chunksCount();
        assertEquals(chunks, ollama.chatCalls(Kind.EXTRACTION), "each chunk extracted once");
    }

    @Test
    void should_make_one_document_of_ten_copies_dropped_at_once() throws Exception {
        byte[] book = Corpus.excerpt(Corpus.CHEKHOV, 60000, 1500).getBytes(StandardCharsets.UTF_8);
        Path staging = Files.createDirectories(tmp.resolve("staging"));
        for (int i = 1; i <= 10; i++) {
            Files.write(staging.resolve("палата-" + i + ".txt"), book);
        }
        for (int i = 1; i <= 10; i++) {
            Files.move(staging.resolve("палата-" + i + ".txt"), inbox.resolve("палата-" + i + ".txt"),
                    StandardCopyOption.ATOMIC_MOVE);
        }

        RunningLibrarian.await(Duration.ofSeconds(60), () -> librarian.status().all().size() == 10,
                "every copy is recorded");
        List<String> documents = librarian.status().all().keySet().stream().filter(id -> id.startsWith("doc-")).toList();
        assertEquals(1, documents.size(), librarian.status().all().keySet().toString());
        assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(documents.get(0), Duration.ofSeconds(60)));
        librarian.status().all().forEach((id, rec) -> {
            if (id.startsWith("dup-")) {
                assertEquals(documents.get(0), rec.metadataText("original_doc_id").orElseThrow());
            }
        });
        int chunks = librarian.status().record(documents.get(0)).orElseThrow().chunksCount();
        assertEquals(chunks, ollama.chatCalls(Kind.EXTRACTION), "each chunk extracted once");
    }

    private static void put(Map<String, byte[]> files, Map<String, String> expected, Map<String, String> charsets,
                            String name, String text, Charset charset, byte[] bom, String charsetName) {
        byte[] bytes = text.getBytes(charset);
        files.put(name, bom == null ? bytes : concat(bom, bytes));
        expected.put(name, text);
        charsets.put(name, charsetName);
    }

    /** A different passage of the novel for each {@code n}, so no two files share their content. */
    private static String excerpt(int n) {
        return Corpus.excerpt(Corpus.TURGENEV, 30000 + 4000 * n, 1500);
    }

    /** Writes beside the inbox, then moves in: a drop as a file manager makes it. */
    private void drop(String name, byte[] bytes) {
        RunningLibrarian.drop(tmp.resolve("staging"), inbox, name, bytes);
    }

    private String assertProcessed(String name) {
        String docId = "doc-" + DocumentIds.md5Hex(name);
        RunningLibrarian.await(Duration.ofSeconds(30), () -> librarian.statusOf(docId).isPresent(), name + " seen");
        assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(docId, Duration.ofSeconds(60)),
                () -> name + ": " + librarian.status().record(docId));
        return docId;
    }

    /** Waits for the file's failed record and its move to .failed/; returns the reason. */
    private String assertFailed(String name, String reasonPart) {
        String docId = "doc-" + DocumentIds.md5Hex(name);
        RunningLibrarian.await(Duration.ofSeconds(30), () -> librarian.statusOf(docId).isPresent(), name + " seen");
        assertEquals(DocStatus.FAILED, librarian.statusOf(docId).orElseThrow());
        String reason = librarian.status().record(docId).orElseThrow().errorMsg();
        assertTrue(reason.contains(reasonPart), name + ": " + reason);
        RunningLibrarian.await(Duration.ofSeconds(20), () -> Files.exists(inbox.resolve(".failed").resolve(name)),
                name + " moves to .failed/");
        return reason;
    }

    private String storedText(String docId) throws IOException {
        return JSON.readTree(tmp.resolve("cache/kv_store_full_docs.json").toFile()).get(docId).get("content").asText();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
