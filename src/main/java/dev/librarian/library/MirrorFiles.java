package dev.librarian.library;

import dev.librarian.graph.GraphTables;

import java.util.LinkedHashSet;
import java.util.Set;

/** The files of LightRAG's working directory that the store mirrors. */
public final class MirrorFiles {

    public static final Set<String> ALL = all();

    private static Set<String> all() {
        Set<String> files = new LinkedHashSet<>();
        LibraryStores.KV_NAMESPACES.forEach(ns -> files.add("kv_store_" + ns + ".json"));
        LibraryStores.VECTOR_NAMESPACES.forEach(ns -> files.add("vdb_" + ns + ".json"));
        files.add(GraphTables.FILE);
        return Set.copyOf(files);
    }

    private MirrorFiles() {
    }
}
