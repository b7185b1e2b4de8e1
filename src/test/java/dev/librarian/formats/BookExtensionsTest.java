package dev.librarian.formats;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The book extensions a user may use are read by {@link BookReader}, picked up by every route that reads files (the
 * inbox, the inbox's {@code .changed/} versions, the sync-mode library) and listed in the README.
 */
class BookExtensionsTest {

    /** Extensions of books, and the ZIP a zipped FB2 ends in. */
    private static final List<String> BOOKS = List.of("epub", "fb2", "pdf", "docx", "odt", "rtf", "html", "htm", "xhtml");
    private static final Pattern ROUTE = Pattern.compile("^\\s*id: (\\S+)\\s*$");
    private static final Pattern INCLUDE_EXT = Pattern.compile("^\\s*includeExt: \"([^\"]*)\"\\s*$");

    @Test
    void every_book_extension_is_read_by_its_format_reader() {
        for (String ext : BOOKS) {
            assertNotEquals("text", BookReader.formatOf("Палата." + ext), ext + " is read as a book, not as text");
            assertNotEquals("text", BookReader.formatOf("ПАЛАТА." + ext.toUpperCase()), ext + " in capitals");
        }
        assertEquals("zip", BookReader.formatOf("palata.fb2.zip"));
    }

    @Test
    void every_route_that_reads_files_takes_every_book_extension() throws IOException {
        List<String> routes = new ArrayList<>();
        for (String file : List.of("routes/intake.camel.yaml", "routes/library.camel.yaml")) {
            String route = null;
            for (String line : Files.readAllLines(Path.of(file))) {
                Matcher id = ROUTE.matcher(line);
                if (id.matches() && line.indexOf("id:") == 4) {
                    route = id.group(1);
                }
                Matcher ext = INCLUDE_EXT.matcher(line);
                if (ext.matches()) {
                    Set<String> taken = Arrays.stream(ext.group(1).split(",")).map(String::strip)
                            .collect(Collectors.toSet());
                    for (String book : BOOKS) {
                        assertTrue(taken.contains(book), route + " (" + file + ") does not take ." + book + ": " + taken);
                    }
                    assertTrue(taken.contains("zip") || taken.contains("fb2.zip"), route + " takes .fb2.zip");
                    routes.add(route);
                }
            }
        }
        assertEquals(List.of("inbox", "inbox-changed", "library-files"), routes, "the routes that read files");
    }

    @Test
    void the_readme_lists_every_format() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("## Books as they come: EPUB, FB2, PDF, DOCX, ODT, RTF and HTML");
        assertTrue(start >= 0, "README has the books section");
        String section = readme.substring(start, readme.indexOf("\n## ", start + 1));
        for (String ext : BOOKS) {
            assertTrue(section.contains("| `." + ext + "`") || section.contains(", `." + ext + "`"),
                    "README's table of formats names ." + ext);
        }
        assertTrue(section.contains("`.fb2.zip`"), "README names .fb2.zip");
        String intro = readme.substring(0, readme.indexOf("\n## "));
        assertTrue(intro.contains("EPUB, FB2, PDF, DOCX, ODT, RTF and HTML"), "the first paragraph names the formats");
    }
}
