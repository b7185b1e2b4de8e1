package dev.librarian.formats;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The heuristics for paged text: running headers and footers dropped, words broken at line ends joined. */
class PageLayoutTest {

    @Test
    void should_drop_alternating_running_heads_and_page_numbers_but_keep_the_body() {
        String[] words = {"флигель", "крапива", "забор", "больница", "сторож", "палата"};
        List<List<String>> pages = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            String head = i % 2 == 0 ? "А. П. Чехов" : "Палата № 6";
            pages.add(List.of(head, "", "На странице " + words[i - 1] + ".", "Потом " + words[6 - i] + ".",
                    "Стр. " + i));
        }

        List<List<String>> stripped = PageFurniture.strip(pages);

        for (int i = 1; i <= 6; i++) {
            assertEquals(List.of("", "На странице " + words[i - 1] + ".", "Потом " + words[6 - i] + "."),
                    stripped.get(i - 1), "page " + i);
        }
    }

    @Test
    void should_keep_everything_of_a_document_too_short_to_tell() {
        List<List<String>> pages = List.of(List.of("Заголовок", "Текст", "1"), List.of("Заголовок", "Ещё", "2"));

        assertEquals(pages, PageFurniture.strip(pages));
    }

    @Test
    void should_keep_a_line_that_repeats_on_a_few_pages_only() {
        List<List<String>> pages = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            pages.add(List.of(i <= 2 ? "Глава первая" : "Строка " + "абвгдежзик".charAt(i - 1), "Текст", "Конец"));
        }

        assertEquals("Глава первая", PageFurniture.strip(pages).get(0).get(0));
    }

    @Test
    void should_join_words_broken_at_line_ends_only_before_a_lower_case_letter() {
        assertEquals("знаменитый доктор", Hyphenation.join("знамени-\nтый доктор"));
        assertEquals("Северо-\nЗападный", Hyphenation.join("Северо-\nЗападный"));
        assertEquals("1914-\n1918", Hyphenation.join("1914-\n1918"));
        assertEquals("мягкий перенос", Hyphenation.join("мяг\u00ADкий пере\u00AD\nнос"));
        assertEquals("сказал —\nи ушёл", Hyphenation.join("сказал —\nи ушёл"));
    }
}
