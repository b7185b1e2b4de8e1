package dev.librarian.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.librarian.intake.DocumentIds;
import dev.librarian.status.DocStatus;
import dev.librarian.testing.Corpus;
import dev.librarian.testing.LibrarianExtension;
import dev.librarian.testing.RunningLibrarian;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static dev.librarian.testing.RunningLibrarian.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code POST /documents/upload} (LightRAG's multipart upload): text files in any usual encoding, broken files refused. */
class UploadTest {

    @RegisterExtension
    final LibrarianExtension service = LibrarianExtension.withEmbeddingDim(16)
            .settings(Map.of("CHUNK_SIZE", "200", "CHUNK_OVERLAP_SIZE", "20"));

    @Test
    void should_index_an_uploaded_utf8_russian_text() throws Exception {
        String text = Corpus.excerpt(Corpus.CHEKHOV, 0, 800);

        HttpResponse<String> response = service.librarian()
                .upload("палата-utf8.txt", text.getBytes(StandardCharsets.UTF_8));

        assertIndexed(response, "палата-utf8.txt", text);
    }

    @Test
    void should_index_an_uploaded_windows_1251_text() throws Exception {
        String text = Corpus.excerpt(Corpus.TURGENEV, 1000, 800);

        HttpResponse<String> response = service.librarian().upload("otcy-cp1251.txt",
                text.getBytes(Charset.forName("windows-1251")));

        assertIndexed(response, "otcy-cp1251.txt", text);
        assertEquals("windows-1251", service.librarian().status()
                .record("doc-" + DocumentIds.md5Hex("otcy-cp1251.txt")).orElseThrow().metadataText("charset").orElseThrow());
    }

    @Test
    void should_refuse_a_broken_pdf_with_the_parser_reason() throws Exception {
        HttpResponse<String> response = service.librarian().upload("scan.pdf",
                "%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj\n<<>>\nendobj\n".getBytes(StandardCharsets.ISO_8859_1));

        assertEquals(400, response.statusCode(), response.body());
        String detail = json(response).get("detail").asText();
        assertTrue(detail.startsWith("corrupt PDF: scan.pdf cannot be read ("), detail);
        assertEquals(0, service.ollama().chatCalls());
        assertEquals(0,
                json(service.librarian().get("/documents/status_counts")).get("status_counts").get("all").asInt(),
                "a refused upload leaves no document behind");
    }

    private void assertIndexed(HttpResponse<String> response, String fileName, String text) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = json(response);
        assertEquals("success", body.get("status").asText(), body.toString());
        assertTrue(body.get("track_id").asText().startsWith("upload_"), body.toString());
        String docId = "doc-" + DocumentIds.md5Hex(fileName);
        assertEquals(docId, body.get("doc_id").asText());
        assertEquals(DocStatus.PROCESSED, service.librarian().awaitFinished(docId, Duration.ofSeconds(60)),
                () -> service.librarian().status().record(docId).toString());
        assertEquals(fileName, service.librarian().status().record(docId).orElseThrow().filePath());
        String stored = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(service.cache().resolve("kv_store_full_docs.json").toFile())
                .get(docId).get("content").asText();
        assertEquals(text, stored, "the text was decoded correctly");
    }

}
