package dev.librarian.formats;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Headings and footnotes of a PDF told by type size, on lines as PDFBox gives them. */
class PdfLayoutTest {

    @Test
    void a_note_cited_before_a_heading_on_its_page_comes_before_that_heading() {
        List<String> page = List.of("Глава 1", "", "Конец первой главы.[1]", "", "Глава 2", "", "Начало второй.",
                "1 Примечание к первой.");
        List<Float> sizes = List.of(16f, 11f, 16f, 11f, 8f);

        String text = PdfLayout.flow(PdfLayout.mark(List.of(page), List.of(sizes)));

        assertEquals(List.of("\u0002Глава 1", "Конец первой главы.[1]", "1 Примечание к первой.", "\u0002Глава 2",
                "Начало второй."), paragraphs(text));
    }

    @Test
    void small_type_that_is_no_note_stays_where_it_is() {
        List<String> page = List.of("Текст страницы.", "Подпись к рисунку мелким шрифтом.");
        List<Float> sizes = List.of(11f, 8f);

        String text = PdfLayout.flow(PdfLayout.mark(List.of(page, page, page), List.of(sizes, sizes, sizes)));

        String onePage = String.join(" ", page);
        assertEquals(List.of(onePage + " " + onePage + " " + onePage), paragraphs(text));
    }

    @Test
    void a_page_whose_sizes_do_not_match_its_lines_is_left_as_it_is() {
        List<String> page = List.of("Текст.[1]", "1 Примечание.");

        String text = PdfLayout.flow(PdfLayout.mark(List.of(page), List.of(List.of(11f))));

        assertEquals(List.of("Текст.[1] 1 Примечание."), paragraphs(text));
    }

    private static List<String> paragraphs(String text) {
        return Arrays.stream(text.split("\\n\\s*\\n")).map(p -> p.strip().replace('\n', ' '))
                .filter(p -> !p.isEmpty()).toList();
    }
}
