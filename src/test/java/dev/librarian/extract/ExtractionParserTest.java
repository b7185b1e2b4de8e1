package dev.librarian.extract;

import dev.librarian.model.EntityRecord;
import dev.librarian.model.RelationRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExtractionParserTest {

    private static final String CHUNK = "doc-1-chunk-000";
    private static final String FILE = "palata.txt";

    private static ParsedRecords parse(String s) {
        return ExtractionParser.parse(s, CHUNK, FILE);
    }

    private static List<String> names(ParsedRecords r) {
        return r.entities().stream().map(EntityRecord::name).toList();
    }

    @Test
    void cleanOutput() {
        ParsedRecords r = parse("""
                entity<|#|>Андрей Ефимыч Рагин<|#|>Person<|#|>Андрей Ефимыч Рагин — врач городской больницы.
                entity<|#|>Иван Дмитрич Громов<|#|>Person<|#|>Иван Дмитрич Громов — пациент палаты № 6, бывший судебный пристав.
                entity<|#|>Палата № 6<|#|>Location<|#|>Палата № 6 — флигель больницы для душевнобольных.
                relation<|#|>Андрей Ефимыч Рагин<|#|>Иван Дмитрич Громов<|#|>беседы, философия<|#|>Рагин подолгу беседует с Громовым о страдании и свободе.
                relation<|#|>Иван Дмитрич Громов<|#|>Палата № 6<|#|>заключение<|#|>Громов содержится в палате № 6.
                <|COMPLETE|>
                """);
        assertEquals(List.of("Андрей Ефимыч Рагин", "Иван Дмитрич Громов", "Палата № 6"), names(r));
        EntityRecord e = r.entities().get(0);
        assertEquals("person", e.type());
        assertEquals("Андрей Ефимыч Рагин — врач городской больницы.", e.description());
        assertEquals(CHUNK, e.chunkId());
        assertEquals(FILE, e.filePath());
        assertEquals("location", r.entities().get(2).type());
        assertEquals(2, r.relations().size());
        RelationRecord rel = r.relations().get(0);
        assertEquals("Андрей Ефимыч Рагин", rel.source());
        assertEquals("Иван Дмитрич Громов", rel.target());
        assertEquals("беседы, философия", rel.keywords());
        assertEquals("Рагин подолгу беседует с Громовым о страдании и свободе.", rel.description());
        assertEquals(1.0, rel.weight());
        assertEquals(CHUNK, rel.chunkId());
    }

    @Test
    void numberedAndBulletedLines() {
        ParsedRecords r = parse("""
                1. entity<|#|>Alice<|#|>Person<|#|>Alice founded Acme Corp.
                2) entity<|#|>Acme Corp<|#|>Organization<|#|>A company in Berlin.
                - relation<|#|>Alice<|#|>Acme Corp<|#|>founding<|#|>Alice founded Acme Corp in 2001.
                * **entity**<|#|>Berlin<|#|>Location<|#|>Capital of Germany.
                <|COMPLETE|>""");
        assertEquals(List.of("Alice", "Acme Corp", "Berlin"), names(r));
        assertEquals(1, r.relations().size());
        assertEquals("founding", r.relations().get(0).keywords());
    }

    @Test
    void missingCompletionMarkerAndCaseOfIt() {
        assertEquals(1, parse("entity<|#|>Alice<|#|>Person<|#|>A person.").entities().size());
        ParsedRecords r = parse("entity<|#|>Alice<|#|>Person<|#|>A person.<|complete|>entity<|#|>Bob<|#|>Person<|#|>Another.");
        assertEquals(List.of("Alice", "Bob"), names(r));
    }

    @Test
    void thinkBlocksAreRemoved() {
        ParsedRecords r = parse("""
                <think>
                Let me draft: entity<|#|>Draft<|#|>Person<|#|>Should not appear.
                </think>
                entity<|#|>Alice<|#|>Person<|#|>A person.
                <|COMPLETE|>""");
        assertEquals(List.of("Alice"), names(r));
        // opening tag cut off: everything up to the closing tag is reasoning
        r = parse("entity<|#|>Draft<|#|>Person<|#|>reasoning\n</think>\nentity<|#|>Bob<|#|>Person<|#|>Real.");
        assertEquals(List.of("Bob"), names(r));
        // answer ended while thinking: nothing after the open tag is an answer
        r = parse("entity<|#|>Carol<|#|>Person<|#|>Real.\n<THINK>entity<|#|>Draft<|#|>Person<|#|>x");
        assertEquals(List.of("Carol"), names(r));
    }

    @ParameterizedTest
    @ValueSource(strings = {"<|##|>", "<|\\#|>", "<|>", "<||>", "<#>", "<#|>", "<|#>", "<|#|", "|#|>", "||#||",
            "<||#||>", "<X|#|>", "<|#|Y>", "<| # |>", "|#|", "<|#||>", "<||#>"})
    void corruptedDelimitersAreRepaired(String bad) {
        String line = "entity" + bad + "Alice" + bad + "Person" + bad + "Alice founded Acme Corp.";
        ParsedRecords r = parse(line);
        assertEquals(1, r.entities().size(), line);
        EntityRecord e = r.entities().get(0);
        assertEquals("Alice", e.name(), line);
        assertEquals("person", e.type(), line);
        assertEquals("Alice founded Acme Corp.", e.description(), line);
    }

    @Test
    void mixedCorruptionInOneRow() {
        ParsedRecords r = parse("relation<|#|>Рагин<|##|>Громов|#|>беседы<#>Они спорят о Марке Аврелии.");
        assertEquals(1, r.relations().size());
        assertEquals("Громов", r.relations().get(0).target());
        assertEquals("Они спорят о Марке Аврелии.", r.relations().get(0).description());
    }

    @Test
    void severalRecordsOnOneLine() {
        ParsedRecords r = parse("entity<|#|>Alice<|#|>Person<|#|>Founder.<|#|>entity<|#|>Acme<|#|>Organization<|#|>"
                + "A company.<|#|>relation<|#|>Alice<|#|>Acme<|#|>founding<|#|>Alice founded Acme."
                + "<|#|>relationship<|#|>Acme<|#|>Berlin<|#|>location<|#|>Acme is in Berlin.");
        assertEquals(List.of("Alice", "Acme"), names(r));
        assertEquals(2, r.relations().size());
        assertEquals("Berlin", r.relations().get(1).target());

        r = parse("entity<|#|>Alice<|#|>Person<|#|>Founder. entity<|#|>Bob<|#|>Person<|#|>Her partner.");
        assertEquals(List.of("Alice", "Bob"), names(r));
        assertEquals("Founder.", r.entities().get(0).description());
    }

    @Test
    void garbageLinesAreSkipped() {
        ParsedRecords r = parse("""
                Sure! Here are the entities and relations I found:
                ```
                entity<|#|>Alice<|#|>Person<|#|>A person.
                entity<|#|>Broken row<|#|>Person
                entity<|#|><|#|>Person<|#|>No name.
                entity<|#|>Bob<|#|><|#|>No type.
                entity<|#|>Carol<|#|>Person (main)<|#|>Bad type characters.
                relation<|#|>Alice<|#|>Bob<|#|>only four fields
                <|#|><|#|><|#|>
                relation<|#|>Alice<|#|>Bob<|#|>friends<|#|>Alice and Bob are friends.
                just some prose without delimiters
                ```
                Hope this helps!
                <|COMPLETE|>""");
        assertEquals(List.of("Alice"), names(r));
        assertEquals(1, r.relations().size());
        assertEquals("friends", r.relations().get(0).keywords());
    }

    @Test
    void fiveFieldsLabelledEntityIsARelation() {
        ParsedRecords r = parse("entity<|#|>Рагин<|#|>Михаил Аверьяныч<|#|>дружба<|#|>Почтмейстер — единственный друг доктора.");
        assertTrue(r.entities().isEmpty());
        assertEquals(1, r.relations().size());
        RelationRecord rel = r.relations().get(0);
        assertEquals("Рагин", rel.source());
        assertEquals("Михаил Аверьяныч", rel.target());
        assertEquals("дружба", rel.keywords());
    }

    @Test
    void selfRelationIsDropped() {
        ParsedRecords r = parse("relation<|#|>Громов<|#|>\"Громов\"<|#|>self<|#|>Громов спорит сам с собой.");
        assertTrue(r.relations().isEmpty());
    }

    @Test
    void outerQuotesAreStripped() {
        ParsedRecords r = parse("entity<|#|>\"Андрей Ефимыч\"<|#|>'Person'<|#|>\"Доктор.\"\n"
                + "entity<|#|>«Палата № 6»<|#|>Location<|#|>Флигель.\n"
                + "entity<|#|>“Acme”<|#|>Organization<|#|>\"Best\" and \"worst\" company.\n"
                + "entity<|#|><Никита><|#|><Person><|#|>Сторож.");
        assertEquals(List.of("Андрей Ефимыч", "Палата № 6", "Acme", "Никита"), names(r));
        assertEquals("person", r.entities().get(3).type());
        assertEquals("person", r.entities().get(0).type());
        assertEquals("Доктор.", r.entities().get(0).description());
        assertEquals("\"Best\" and \"worst\" company.", r.entities().get(2).description(), "inner quotes stay");
    }

    @Test
    void cyrillicNamesKeepTheirCase() {
        ParsedRecords r = parse("entity<|#|>Евгений Базаров<|#|>Персона<|#|>Нигилист, студент-медик.\n"
                + "entity<|#|>евгений базаров<|#|>Person<|#|>Другая запись.");
        assertEquals(List.of("Евгений Базаров", "евгений базаров"), names(r));
        assertEquals("персона", r.entities().get(0).type());
    }

    @Test
    void typeNormalisation() {
        ParsedRecords r = parse("entity<|#|>Alice<|#|>Person, Place<|#|>A.\n"
                + "entity<|#|>Bob<|#|>Natural Object<|#|>B.\n"
                + "entity<|#|>Carol<|#|>, Person<|#|>C.\n"
                + "entity<|#|>Dan<|#|>Person/Place<|#|>D.\n"
                + "entity<|#|>Eve<|#|>ＰＥＲＳＯＮ<|#|>E.");
        assertEquals(List.of("Alice", "Bob", "Carol", "Eve"), names(r));
        assertEquals(List.of("person", "naturalobject", "person", "person"),
                r.entities().stream().map(EntityRecord::type).toList());
    }

    @Test
    void namesAndDescriptionsAreNormalised() {
        ParsedRecords r = parse("entity<|#|><p>Ａｃｍｅ　Corp</p><|#|>Organization<|#|>A firm.<br>Founded 2001.\n"
                + "entity<|#|>12<|#|>Data<|#|>A short number is not a name.\n"
                + "entity<|#|>1.5<|#|>Data<|#|>Neither is a short decimal.\n"
                + "entity<|#|>1862<|#|>Data<|#|>Year of the novel.\n"
                + "entity<|#|>" + "Я".repeat(300) + "<|#|>Concept<|#|>Too long.");
        assertEquals("Acme Corp", r.entities().get(0).name());
        assertEquals("A firm.Founded 2001.", r.entities().get(0).description());
        assertEquals("1862", r.entities().get(1).name());
        assertEquals(256, r.entities().get(2).name().length());
        assertEquals(3, r.entities().size());
    }

    @Test
    void keywordsFullWidthComma() {
        ParsedRecords r = parse("relation<|#|>A1<|#|>B1<|#|>friendship，trust<|#|>They trust each other.");
        assertEquals("friendship,trust", r.relations().get(0).keywords());
    }

    @Test
    void numericLastFieldAndOldFormat() {
        ParsedRecords r = parse("""
                ("entity"<|>"Alice"<|>"person"<|>"Alice is a founder.")##
                ("relationship"<|>"Alice"<|>"Acme"<|>"Alice founded Acme."<|>"founding, ownership"<|>8)##
                ("entity"<|>"Acme"<|>"organization"<|>"A company.")##("entity"<|>"Berlin"<|>"geo"<|>"A city.")
                <|COMPLETE|>""");
        assertEquals(List.of("Alice", "Acme", "Berlin"), names(r));
        assertEquals("person", r.entities().get(0).type());
        assertEquals("Alice is a founder.", r.entities().get(0).description());
        RelationRecord rel = r.relations().get(0);
        assertEquals("Alice founded Acme.", rel.description());
        assertEquals("founding, ownership", rel.keywords());
        assertEquals(8.0, rel.weight());
    }

    @Test
    void trailingDelimiterAndWindowsLineEnds() {
        ParsedRecords r = parse("entity<|#|>Alice<|#|>Person<|#|>A person.<|#|>\r\nentity<|#|>Bob<|#|>Person<|#|>B.\r\n");
        assertEquals(List.of("Alice", "Bob"), names(r));
    }

    @Test
    void nullAndEmptyGiveEmpty() {
        assertTrue(parse(null).isEmpty());
        assertTrue(parse("").isEmpty());
        assertTrue(parse("   \n  ").isEmpty());
        assertTrue(parse("<|COMPLETE|>").isEmpty());
        assertEquals(ParsedRecords.empty(), parse(null));
    }

    @Test
    void neverThrowsOnHostileInput() {
        String[] inputs = {"<|#|>".repeat(10_000), "<think>".repeat(1000), "</think>", "entity" + "<".repeat(5000),
                "(((((", "entity<|#|>\uD800<|#|>Person<|#|>lone surrogate", "\u0000\u0001entity<|#|>",
                "relation<|#|>A<|#|>B<|#|>k<|#|>d<|#|>NaN", "x".repeat(200_000) + "<|#|>" + "y".repeat(200_000)};
        for (String s : inputs) {
            assertDoesNotThrow(() -> parse(s));
        }
    }
}
