package dev.librarian.extract;

import dev.librarian.model.EntityRecord;
import dev.librarian.model.RelationRecord;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GleaningMergeTest {

    private static EntityRecord e(String name, String desc) {
        return new EntityRecord(name, "person", desc, "c", "f");
    }

    private static RelationRecord r(String s, String t, String desc) {
        return new RelationRecord(s, t, "k", desc, 1.0, "c", "f");
    }

    @Test
    void longerGleanedDescriptionReplacesTheWholeGroup() {
        ParsedRecords first = new ParsedRecords(List.of(e("Рагин", "Врач."), e("Громов", "Пациент палаты.")), List.of());
        ParsedRecords gleaned = new ParsedRecords(
                List.of(e("Рагин", "Врач городской больницы."), e("Рагин", "x")), List.of());
        ParsedRecords merged = GleaningMerge.merge(first, gleaned);
        assertEquals(List.of(e("Рагин", "Врач городской больницы."), e("Рагин", "x"), e("Громов", "Пациент палаты.")),
                merged.entities(), "replaced group keeps the key's first-pass position");
    }

    @Test
    void shorterOrEqualGleanedDescriptionIsIgnored() {
        ParsedRecords first = new ParsedRecords(List.of(e("A", "12345"), e("A", "second")), List.of());
        ParsedRecords gleaned = new ParsedRecords(List.of(e("A", "abcde"), e("B", "new one")), List.of());
        ParsedRecords merged = GleaningMerge.merge(first, gleaned);
        assertEquals(List.of(e("A", "12345"), e("A", "second"), e("B", "new one")), merged.entities());
    }

    @Test
    void onlyTheFirstRecordOfEachGroupIsCompared() {
        ParsedRecords first = new ParsedRecords(List.of(e("A", "medium text"), e("A", "a much much longer text")),
                List.of());
        ParsedRecords gleaned = new ParsedRecords(List.of(e("A", "longer text!")), List.of());
        assertEquals(List.of(e("A", "longer text!")), GleaningMerge.merge(first, gleaned).entities());
    }

    @Test
    void relationsAreGroupedUndirected() {
        ParsedRecords first = new ParsedRecords(List.of(), List.of(r("A", "B", "short"), r("C", "D", "cd")));
        ParsedRecords gleaned = new ParsedRecords(List.of(),
                List.of(r("E", "F", "new"), r("B", "A", "a longer description")));
        ParsedRecords merged = GleaningMerge.merge(first, gleaned);
        assertEquals(List.of(r("B", "A", "a longer description"), r("C", "D", "cd"), r("E", "F", "new")),
                merged.relations());
    }

    @Test
    void newKeysFollowInGleaningOrder() {
        ParsedRecords first = new ParsedRecords(List.of(e("A", "a")), List.of());
        ParsedRecords gleaned = new ParsedRecords(List.of(e("C", "c"), e("B", "b"), e("C", "c2")), List.of());
        assertEquals(List.of(e("A", "a"), e("C", "c"), e("C", "c2"), e("B", "b")),
                GleaningMerge.merge(first, gleaned).entities());
    }

    @Test
    void emptyOrNullSides() {
        ParsedRecords first = new ParsedRecords(List.of(e("A", "a")), List.of(r("A", "B", "ab")));
        assertEquals(first, GleaningMerge.merge(first, ParsedRecords.empty()));
        assertEquals(first, GleaningMerge.merge(first, null));
        assertEquals(first, GleaningMerge.merge(ParsedRecords.empty(), first));
        assertTrue(GleaningMerge.merge(null, null).isEmpty());
    }
}
