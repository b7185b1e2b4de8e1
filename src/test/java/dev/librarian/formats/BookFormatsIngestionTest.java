package dev.librarian.formats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.librarian.graph.EntityNode;
import dev.librarian.graph.GraphmlStore;
import dev.librarian.graph.KnowledgeGraph;
import dev.librarian.intake.DocumentIds;
import dev.librarian.status.DocStatus;
import dev.librarian.testing.BookFiles;
import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.RunningLibrarian;
import dev.librarian.testing.SampleBook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.librarian.testing.RunningLibrarian.json;
import static dev.librarian.testing.SampleBook.assertSameText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Books of every format through the running service (fake Ollama): dropped into the inbox, uploaded, and in sync
 * mode they are processed with the text of the source, their title, author and language in the status metadata and
 * their entities in the graph; scanned, encrypted, corrupt and zip-bomb files fail with the reason and keep the original.
 */
class BookFormatsIngestionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One file of a test: its name, bytes, the text expected from it and its format. */
    private record BookFile(String name, byte[] bytes, String expected, String format) {
    }

    @TempDir
    Path tmp;
    private final FakeOllama ollama = FakeOllama.start(FakeOllama.Config.DEFAULT.withEmbeddingDim(16));
    private RunningLibrarian librarian;
    private Path inbox;

    @AfterEach
    void stop() {
        if (librarian != null) {
            librarian.close();
        }
        ollama.close();
    }

    @Test
    void should_index_every_format_dropped_into_the_inbox() throws Exception {
        start(Map.of());
        List<BookFile> books = everyFormat();
        books.forEach(b -> drop(b.name(), b.bytes()));

        KnowledgeGraph graph = null;
        for (BookFile b : books) {
            String docId = assertProcessed(b);
            if (graph == null) {
                for (BookFile other : books) {
                    assertProcessed(other);
                }
                graph = GraphmlStore.read(tmp.resolve("cache/graph_chunk_entity_relation.graphml"));
            }
            assertTrue(graph.entities().stream().map(EntityNode::filePath).anyMatch(p -> p.contains(b.name())),
                    b.name() + ": its entities are in the graph");
            RunningLibrarian.await(Duration.ofSeconds(20), () -> Files.exists(inbox.resolve(".done").resolve(b.name())),
                    b.name() + " moves to .done/");
            assertTrue(docId.startsWith("doc-"));
        }
    }

    @Test
    void should_index_uploaded_books_and_keep_one_book_as_fb2_and_epub_apart_unless_the_text_is_identical()
            throws Exception {
        start(Map.of());
        SampleBook book = SampleBook.chekhov(40, 2);

        BookFile fb2 = new BookFile("palata.fb2", BookFiles.fb2(book, StandardCharsets.UTF_8),
                book.title() + "\n\n" + book.text(), "fb2");
        BookFile epub = new BookFile("palata.epub", BookFiles.epub(book), book.text(), "epub");
        for (BookFile b : List.of(fb2, epub)) {
            HttpResponse<String> response = librarian.upload(b.name(), b.bytes());
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("success", json(response).get("status").asText(), response.body());
            assertProcessed(b);
        }
        // the same chapters as a web page: the extracted text equals the EPUB's, so it is that document again
        HttpResponse<String> html = librarian.upload("palata.html", BookFiles.html(book, StandardCharsets.UTF_8));
        assertEquals("duplicated", json(html).get("status").asText(), html.body());

        HttpResponse<String> scan = librarian.upload("scan.pdf", BookFiles.scannedPdf(2));
        assertEquals(400, scan.statusCode(), scan.body());
        assertTrue(json(scan).get("detail").asText().startsWith("no text layer (scanned images?)"), scan.body());
    }

    @Test
    void should_fail_unreadable_books_with_the_reason_and_keep_the_original() throws Exception {
        start(Map.of());
        SampleBook book = SampleBook.chekhov(50, 2);
        byte[] epub = BookFiles.epub(book);
        Map<String, byte[]> bomb = new LinkedHashMap<>();
        bomb.put("OEBPS/chapter.xhtml", new byte[20 << 20]);
        Map<String, String> reasons = new LinkedHashMap<>();
        drop("scan.pdf", BookFiles.scannedPdf(3));
        reasons.put("scan.pdf", "no text layer (scanned images?)");
        drop("secret.pdf", BookFiles.encryptedPdf(book));
        reasons.put("secret.pdf", "encrypted PDF");
        drop("broken.epub", Arrays.copyOf(epub, epub.length / 2));
        reasons.put("broken.epub", "corrupt archive: broken.epub");
        drop("bomb.epub", BookFiles.zip(bomb, "application/epub+zip"));
        reasons.put("bomb.epub", "(a zip bomb?)");

        reasons.forEach((name, reason) -> {
            String docId = "doc-" + DocumentIds.md5Hex(name);
            RunningLibrarian.await(Duration.ofSeconds(30), () -> librarian.statusOf(docId).isPresent(), name + " seen");
            assertEquals(DocStatus.FAILED, librarian.statusOf(docId).orElseThrow(), name);
            String error = librarian.status().record(docId).orElseThrow().errorMsg();
            assertTrue(error.contains(reason), name + ": " + error);
            RunningLibrarian.await(Duration.ofSeconds(20), () -> Files.exists(inbox.resolve(".failed").resolve(name)),
                    name + " is kept in .failed/");
        });
        assertEquals(0, ollama.chatCalls(), "nothing unreadable reached the LLM");
    }

    @Test
    void should_index_books_in_the_library_folder_in_sync_mode() throws Exception {
        start(Map.of("INPUT_MODE", "sync", "SYNC_POLL_MS", "100"));
        SampleBook book = SampleBook.chekhov(60, 2);
        BookFile docx = new BookFile("palata.docx", BookFiles.docx(book), book.title() + "\n\n" + book.text(), "docx");
        BookFile zipped = new BookFile("palata.fb2.zip", BookFiles.fb2zip(SampleBook.chekhov(64, 2)),
                book.title() + "\n\n" + SampleBook.chekhov(64, 2).text(), "fb2");
        drop(docx.name(), docx.bytes());
        drop(zipped.name(), zipped.bytes());

        assertProcessed(docx);
        assertProcessed(zipped);
        assertTrue(Files.exists(inbox.resolve("palata.docx")), "the file stays in the library");
        assertFalse(Files.exists(inbox.resolve(".done")));
    }

    /** Each format once, each from other paragraphs of the book (the same text twice would be one document). */
    private static List<BookFile> everyFormat() {
        SampleBook[] part = new SampleBook[8];
        for (int i = 0; i < part.length; i++) {
            part[i] = SampleBook.chekhov(i * 4, 2);
        }
        return List.of(
                new BookFile("палата.fb2", BookFiles.fb2(part[0], StandardCharsets.UTF_8), titled(part[0]), "fb2"),
                new BookFile("палата-zip.fb2.zip", BookFiles.fb2zip(part[1]), titled(part[1]), "fb2"),
                new BookFile("палата.epub", BookFiles.epub(part[2]), part[2].text(), "epub"),
                new BookFile("палата.pdf", BookFiles.pdf(part[3]), part[3].text(), "pdf"),
                new BookFile("палата.docx", BookFiles.docx(part[4]), titled(part[4]), "docx"),
                new BookFile("палата.odt", BookFiles.odt(part[5]), part[5].text(), "odt"),
                new BookFile("палата.rtf", BookFiles.rtf(part[6]), part[6].text(), "rtf"),
                new BookFile("палата.html", BookFiles.html(part[7], StandardCharsets.UTF_8), part[7].text(), "html"));
    }

    private static String titled(SampleBook book) {
        return book.title() + "\n\n" + book.text();
    }

    private void start(Map<String, String> overrides) throws Exception {
        inbox = Files.createDirectories(tmp.resolve("inbox"));
        Map<String, String> props = new LinkedHashMap<>(Map.of("CHUNK_SIZE", "200", "CHUNK_OVERLAP_SIZE", "20",
                "MAX_GLEANING", "0"));
        props.putAll(overrides);
        librarian = RunningLibrarian.start(tmp.resolve("cache"), inbox, ollama, props);
    }

    /** Processed, with the source's text (modulo whitespace) and the book's metadata in its status record. */
    private String assertProcessed(BookFile b) throws IOException {
        String docId = "doc-" + DocumentIds.md5Hex(b.name());
        RunningLibrarian.await(Duration.ofSeconds(30), () -> librarian.statusOf(docId).isPresent(), b.name() + " seen");
        assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(docId, Duration.ofSeconds(90)),
                () -> b.name() + ": " + librarian.status().record(docId));
        String stored = JSON.readTree(tmp.resolve("cache/kv_store_full_docs.json").toFile()).get(docId)
                .get("content").asText();
        assertSameText(b.expected(), stored, b.name());
        JsonNode metadata = librarian.status().record(docId).orElseThrow().metadata();
        assertEquals(b.format(), metadata.path("format").asText(), b.name() + ": " + metadata);
        assertEquals("Палата № 6", metadata.path("title").asText(), b.name() + ": " + metadata);
        assertEquals("Антон Павлович Чехов", metadata.path("author").asText(), b.name() + ": " + metadata);
        assertEquals("ru", metadata.path("language").asText(), b.name() + ": " + metadata);
        return docId;
    }

    private void drop(String name, byte[] bytes) {
        RunningLibrarian.drop(tmp.resolve("staging"), inbox, name, bytes);
    }
}
