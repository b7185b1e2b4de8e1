package dev.librarian.vector;

import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.BytesRef;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The documents of each record id in each index segment, read once per segment (segments never change; deletions are
 * checked by the caller) and dropped when the segment closes. Finding a question's candidate chunks by id this way is
 * a hash lookup per segment instead of a seek in each segment's terms dictionary.
 */
final class SegmentIds {

    private static final int[] NONE = new int[0];

    private final String field;
    private final Map<IndexReader.CacheKey, Map<String, int[]>> bySegment = new ConcurrentHashMap<>();

    SegmentIds(String field) {
        this.field = field;
    }

    /** The segment's documents (live or deleted) that hold {@code id}. */
    int[] docs(LeafReader segment, String id) throws IOException {
        IndexReader.CacheHelper cache = segment.getCoreCacheHelper();
        if (cache == null) {
            return read(segment).getOrDefault(id, NONE);
        }
        Map<String, int[]> ids = bySegment.get(cache.getKey());
        if (ids == null) {
            ids = read(segment);
            if (bySegment.putIfAbsent(cache.getKey(), ids) == null) {
                cache.addClosedListener(bySegment::remove);
            }
        }
        return ids.getOrDefault(id, NONE);
    }

    private Map<String, int[]> read(LeafReader segment) throws IOException {
        Map<String, int[]> ids = new HashMap<>();
        Terms terms = segment.terms(field);
        if (terms == null) {
            return ids;
        }
        TermsEnum termsEnum = terms.iterator();
        PostingsEnum postings = null;
        for (BytesRef term = termsEnum.next(); term != null; term = termsEnum.next()) {
            postings = termsEnum.postings(postings, PostingsEnum.NONE);
            int[] docs = NONE;
            for (int doc = postings.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.nextDoc()) {
                docs = Arrays.copyOf(docs, docs.length + 1);
                docs[docs.length - 1] = doc;
            }
            ids.put(term.utf8ToString(), docs);
        }
        return ids;
    }
}
