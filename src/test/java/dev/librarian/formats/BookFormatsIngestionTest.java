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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.librarian.testing.RunningLibrarian.json;
import static dev.librarian.testing.SampleBook.assertSameText;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Books of every format through the running service (fake Ollama): dropped into the inbox, uploaded, and in sync
 * mode they are processed with the text of the source, their title, author and language in the status metadata and
 * their entities in the graph; a changed book is indexed again; scanned, encrypted, corrupt and zip-bomb files fail
 * with the reason and keep the original.
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

        assertIndexed(books);
        for (BookFile b : books) {
            RunningLibrarian.await(Duration.ofSeconds(20), () -> Files.exists(inbox.resolve(".done").resolve(b.name())),
                    b.name() + " moves to .done/");
        }
    }

    @Test
    void should_index_every_format_uploaded() throws Exception {
        start(Map.of());
        List<BookFile> books = everyFormat();
        for (BookFile b : books) {
            HttpResponse<String> response = librarian.upload(b.name(), b.bytes());
            assertEquals(200, response.statusCode(), b.name() + ": " + response.body());
            assertEquals("success", json(response).get("status").asText(), b.name() + ": " + response.body());
        }

        assertIndexed(books);
        // what GET /documents (and the web page from it) shows of each book
        JsonNode processed = json(librarian.get("/documents")).path("statuses").path("processed");
        for (BookFile b : books) {
            String docId = "doc-" + DocumentIds.md5Hex(b.name());
            JsonNode metadata = null;
            for (JsonNode doc : processed) {
                if (doc.path("id").asText().equals(docId)) {
                    metadata = doc.path("metadata");
                }
            }
            assertTrue(metadata != null, b.name() + " is listed as processed: " + processed);
            assertEquals("Палата № 6", metadata.path("title").asText(), b.name() + ": " + metadata);
            assertEquals("Антон Павлович Чехов", metadata.path("author").asText(), b.name() + ": " + metadata);
            assertEquals("ru", metadata.path("language").asText(), b.name() + ": " + metadata);
        }
    }

    @Test
    void should_keep_one_book_as_fb2_and_epub_apart_unless_the_text_is_identical() throws Exception {
        start(Map.of());
        SampleBook book = SampleBook.chekhov(40, 2);
        BookFile fb2 = new BookFile("palata.fb2", BookFiles.fb2(book, StandardCharsets.UTF_8),
                book.title() + "\n\n" + book.text(), "fb2");
        BookFile epub = new BookFile("palata.epub", BookFiles.epub(book), book.text(), "epub");

        drop(fb2.name(), fb2.bytes());
        String fb2Id = assertProcessed(fb2);
        drop(epub.name(), epub.bytes());
        String epubId = assertProcessed(epub);

        assertNotEquals(fb2Id, epubId, "two documents");
        assertEquals(DocStatus.PROCESSED, librarian.statusOf(fb2Id).orElseThrow(), "the FB2 stays indexed");
        // the same chapters as a web page: the extracted text equals the EPUB's, so it is that document again
        HttpResponse<String> html = librarian.upload("palata.html", BookFiles.html(book, StandardCharsets.UTF_8));
        assertEquals("duplicated", json(html).get("status").asText(), html.body());
        assertTrue(librarian.statusOf("doc-" + DocumentIds.md5Hex("palata.html")).isEmpty(), "no third document");
    }

    @Test
    void should_index_a_book_again_when_it_changes_also_while_it_is_indexed() throws Exception {
        start(Map.of());
        SampleBook first = SampleBook.chekhov(70, 2);
        SampleBook second = SampleBook.chekhov(74, 2);
        drop("palata.fb2", BookFiles.fb2(first, StandardCharsets.UTF_8));
        String docId = assertProcessed(new BookFile("palata.fb2", null, titled(first), "fb2"));

        // dropped again with other text: the new version replaces the old one, as for text files
        drop("palata.fb2", BookFiles.fb2(second, StandardCharsets.UTF_8));
        awaitText(docId, titled(second));

        // written again while it is indexed: the new content is kept in .changed/ and read from there
        CountDownLatch release = new CountDownLatch(1);
        ollama.onChatAdmitted(call -> {
            if (call.kind() == FakeOllama.Kind.EXTRACTION) {
                await(release);
            }
        });
        String noteId = "doc-" + DocumentIds.md5Hex("note.fb2");
        Path file = inbox.resolve("note.fb2");
        Files.write(file, BookFiles.fb2(SampleBook.chekhov(78, 2), StandardCharsets.UTF_8));
        RunningLibrarian.await(Duration.ofSeconds(30), () -> librarian.statusOf(noteId)
                .map(st -> st == DocStatus.PROCESSING).orElse(false), "note.fb2 is being indexed");
        SampleBook latest = SampleBook.chekhov(82, 2);
        Files.write(file, BookFiles.fb2(latest, StandardCharsets.UTF_8));
        release.countDown();

        awaitText(noteId, titled(latest));
        RunningLibrarian.await(Duration.ofSeconds(20), () -> !Files.exists(inbox.resolve(".changed/note.fb2")),
                "the copy kept in .changed/ is read");
        assertArrayEquals(BookFiles.fb2(latest, StandardCharsets.UTF_8),
                Files.readAllBytes(inbox.resolve(".done/note.fb2")), "the book as its writer left it");
    }

    @Test
    void should_fail_a_scanned_pdf_as_having_no_text_layer_and_keep_it() throws Exception {
        assertFailsKeepingTheOriginal("scan.pdf", BookFiles.scannedPdf(3), "no text layer (scanned images?)");
    }

    @Test
    void should_fail_an_encrypted_pdf_and_keep_it() throws Exception {
        assertFailsKeepingTheOriginal("secret.pdf", BookFiles.encryptedPdf(SampleBook.chekhov(50, 2)),
                "encrypted PDF: secret.pdf needs a password");
    }

    @Test
    void should_fail_a_corrupt_epub_with_the_parser_reason_and_keep_it() throws Exception {
        byte[] epub = BookFiles.epub(SampleBook.chekhov(50, 2));
        assertFailsKeepingTheOriginal("broken.epub", Arrays.copyOf(epub, epub.length / 2),
                "corrupt archive: broken.epub is not a readable EPUB (");
    }

    @Test
    void should_fail_a_zip_bomb_without_unpacking_it_and_keep_it() throws Exception {
        Map<String, byte[]> bomb = new LinkedHashMap<>();
        bomb.put("OEBPS/chapter.xhtml", new byte[20 << 20]);
        assertFailsKeepingTheOriginal("bomb.epub", BookFiles.zip(bomb, "application/epub+zip"),
                "archive too large: bomb.epub (EPUB) was not unpacked: it unpacks to more than 100 times its size"
                        + " (a zip bomb?)");
    }

    @Test
    void should_index_every_format_in_the_library_folder_in_sync_mode() throws Exception {
        start(Map.of("INPUT_MODE", "sync", "SYNC_POLL_MS", "100"));
        List<BookFile> books = everyFormat();
        books.forEach(b -> drop(b.name(), b.bytes()));

        assertIndexed(books);
        for (BookFile b : books) {
            assertTrue(Files.exists(inbox.resolve(b.name())), b.name() + " stays in the library");
        }
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

    /** Each book processed with its text and metadata, and its entities in the graph under its file name. */
    private void assertIndexed(List<BookFile> books) throws IOException {
        for (BookFile b : books) {
            assertProcessed(b);
        }
        KnowledgeGraph graph = GraphmlStore.read(tmp.resolve("cache/graph_chunk_entity_relation.graphml"));
        for (BookFile b : books) {
            assertTrue(graph.entities().stream().map(EntityNode::filePath).anyMatch(p -> p.contains(b.name())),
                    b.name() + ": its entities are in the graph");
        }
    }

    /**
     * Dropped into the inbox: failed with {@code reason}, the original kept byte for byte in .failed/, nothing sent to
     * the LLM; uploaded: 400 with the same reason.
     */
    private void assertFailsKeepingTheOriginal(String name, byte[] bytes, String reason) throws Exception {
        start(Map.of());
        drop(name, bytes);
        String docId = "doc-" + DocumentIds.md5Hex(name);
        RunningLibrarian.await(Duration.ofSeconds(30), () -> librarian.statusOf(docId).isPresent(), name + " seen");
        assertEquals(DocStatus.FAILED, librarian.statusOf(docId).orElseThrow(), name);
        String error = librarian.status().record(docId).orElseThrow().errorMsg();
        assertTrue(error.startsWith(reason), name + ": " + error);
        Path failed = inbox.resolve(".failed").resolve(name);
        RunningLibrarian.await(Duration.ofSeconds(20), () -> Files.exists(failed), name + " is kept in .failed/");
        assertArrayEquals(bytes, Files.readAllBytes(failed), name + ": the original, unchanged");

        HttpResponse<String> upload = librarian.upload("uploaded-" + name, bytes);
        assertEquals(400, upload.statusCode(), upload.body());
        assertTrue(json(upload).get("detail").asText().startsWith(reason.replace(name, "uploaded-" + name)),
                upload.body());
        assertEquals(0, ollama.chatCalls(), "nothing unreadable reached the LLM");
    }

    /** Waits until the document is processed and its stored text is {@code expected} (modulo whitespace). */
    private void awaitText(String docId, String expected) {
        RunningLibrarian.await(Duration.ofSeconds(60), Duration.ofMillis(200),
                () -> librarian.statusOf(docId).map(st -> st == DocStatus.PROCESSED).orElse(false)
                        && SampleBook.squeeze(expected).equals(storedText(docId)),
                docId + " is processed with the new text");
    }

    /** The document's text in LightRAG's full_docs file, written from the store now. */
    private String storedText(String docId) {
        librarian.exportMirror();
        try {
            JsonNode doc = JSON.readTree(tmp.resolve("cache/kv_store_full_docs.json").toFile()).get(docId);
            return doc == null ? "" : SampleBook.squeeze(doc.get("content").asText());
        } catch (IOException e) {
            return "";
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drop(String name, byte[] bytes) {
        RunningLibrarian.drop(tmp.resolve("staging"), inbox, name, bytes);
    }
}
