package dev.librarian.merge;

import java.util.ArrayList;
import java.util.List;

/**
 * The items of a route's aggregated results: a split gives a list, a multicast of splits a list of lists, and a
 * split over nothing leaves its input unchanged (then there are no items of the wanted kind).
 */
public final class Flatten {

    private Flatten() {
    }

    public static List<Object> of(Object... results) {
        List<Object> items = new ArrayList<>();
        for (Object r : results) {
            add(items, r);
        }
        return items;
    }

    private static void add(List<Object> items, Object o) {
        if (o instanceof Iterable<?> it) {
            it.forEach(x -> add(items, x));
        } else if (o != null) {
            items.add(o);
        }
    }
}
